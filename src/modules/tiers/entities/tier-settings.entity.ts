import { Column, Entity } from 'typeorm';
import { KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';

/** How a tenant's customers move down: whether, how often, and to which tier. */
@Entity('rc_tier_settings')
export class TierSettings {
  @TenantIdColumn()
  tenantId: string;

  @Column({ name: 'downgrade_enabled', type: 'boolean', default: true })
  downgradeEnabled: boolean;

  /** Days between downgrade checks; 0 checks at every run of the tier job. */
  @Column({ name: 'downgrade_period_days', type: 'integer', default: 0 })
  downgradePeriodDays: number;

  /** Where a downgrade goes; null: the highest lower tier they still qualify for, else the lowest. */
  @KeyColumn('downgrade_target_tier_id', { length: 32, nullable: true })
  downgradeTargetTierId: string | null;

  @TimeColumn('last_downgrade_check_at', { nullable: true })
  lastDowngradeCheckAt: Date | null;

  @TimeColumn('updated_at')
  updatedAt: Date;

  @KeyColumn('updated_by', { length: 128 })
  updatedBy: string;
}
