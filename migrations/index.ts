import { Foundation1795464000000 } from './1795464000000-foundation.js';

/** Every migration of the plugin, oldest first; a host sharing its DataSource lists these. */
export const REGULARS_MIGRATIONS = [Foundation1795464000000];
