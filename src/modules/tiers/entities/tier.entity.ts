import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BigIntColumn, JsonColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';

export const TIER_METRICS = ['spent', 'points', 'visits'] as const;
export type TierMetric = (typeof TIER_METRICS)[number];

/**
 * A customer group ordered by `rank`: customers qualify by a metric over their whole
 * history or a rolling window, and bring the tier's promotion categories to their tabs.
 */
@Entity('rc_tiers')
@Index('rc_tiers_code', ['tenantId', 'code'], { unique: true })
@Index('rc_tiers_rank', ['tenantId', 'rank'], { unique: true })
export class Tier {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('code', { length: 64 })
  code: string;

  @KeyColumn('name', { length: 128 })
  name: string;

  /** Higher is better; unique per tenant. */
  @Column({ name: 'tier_rank', type: 'integer' })
  rank: number;

  /** Promotion category codes the tier brings. */
  @JsonColumn('categories')
  categories: string[];

  @KeyColumn('metric', { length: 16 })
  metric: TierMetric;

  /** Minor units for spent, points for points, a count for visits. */
  @BigIntColumn('threshold')
  threshold: number;

  /** Rolling window in days; null counts the whole history. */
  @Column({ name: 'window_days', type: 'integer', nullable: true })
  windowDays: number | null;

  /** Customers who reach the threshold move in by themselves. */
  @Column({ name: 'auto_enter', type: 'boolean', default: true })
  autoEnter: boolean;

  /** Customers in this tier stay even when they fall below its threshold. */
  @Column({ name: 'never_downgrade', type: 'boolean', default: false })
  neverDowngrade: boolean;

  @Column({ name: 'active', type: 'boolean', default: true })
  active: boolean;

  @TimeColumn('created_at')
  createdAt: Date;

  @TimeColumn('updated_at')
  updatedAt: Date;

  @KeyColumn('updated_by', { length: 128 })
  updatedBy: string;
}
