import { Entity } from 'typeorm';
import { BigIntColumn, TenantIdColumn } from '../../../common/database/columns.js';

/**
 * Bumped by every change of a tenant's categories or rules, in the same transaction. An
 * instance's cached rule book is good while the revision it was read at is current, so
 * every instance sees a change at its next evaluation.
 */
@Entity('rc_promotion_revisions')
export class PromotionRevision {
  @TenantIdColumn()
  tenantId: string;

  @BigIntColumn('revision')
  revision: number;
}
