import { Foundation1795464000000 } from './1795464000000-foundation.js';
import { SettingsAuditIdempotency1795464100000 } from './1795464100000-settings-audit-idempotency.js';
import { Customers1795464200000 } from './1795464200000-customers.js';
import { Identification1795464300000 } from './1795464300000-identification.js';

/** Every migration of the plugin, oldest first; a host sharing its DataSource lists these. */
export const REGULARS_MIGRATIONS = [
  Foundation1795464000000,
  SettingsAuditIdempotency1795464100000,
  Customers1795464200000,
  Identification1795464300000,
];
