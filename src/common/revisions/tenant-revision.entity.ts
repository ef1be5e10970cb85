import { Entity } from 'typeorm';
import { BigIntColumn, TenantIdColumn } from '../database/columns.js';

/**
 * Bumped by every change to what the till applies for a tenant (categories, rules,
 * rewards, tiers, account types, settings), in the same transaction. What an instance
 * cached is good while the revision it was read at is current, so every instance sees a
 * change at its next use.
 */
@Entity('rc_tenant_revisions')
export class TenantRevision {
  @TenantIdColumn()
  tenantId: string;

  @BigIntColumn('revision')
  revision: number;
}
