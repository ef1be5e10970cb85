import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BigIntColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';
import type { TierMetric } from './tier.entity.js';

export const MOVE_REASONS = ['threshold_reached', 'downgrade', 'manual', 'terminated'] as const;
export type MoveReason = (typeof MOVE_REASONS)[number];

/**
 * A customer's move between tiers, with why. `source_key` is unique: one job move per
 * customer per business day (`night:<YYYY-MM-DD>:<customer>`), one per closed visit
 * (`visit:<visit>`).
 */
@Entity('rc_tier_moves')
@Index('rc_tier_moves_customer', ['tenantId', 'customerId', 'movedAt'])
@Index('rc_tier_moves_source', ['tenantId', 'sourceKey'], { unique: true })
// Covers the reports' tiers over time: moves in a period without reading rows.
@Index('rc_tier_moves_moved', ['tenantId', 'movedAt', 'fromTierId', 'toTierId', 'reason', 'customerId'])
export class TierMove {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('customer_id', { length: 32 })
  customerId: string;

  @KeyColumn('from_tier_id', { length: 32, nullable: true })
  fromTierId: string | null;

  @KeyColumn('to_tier_id', { length: 32, nullable: true })
  toTierId: string | null;

  @KeyColumn('reason', { length: 24 })
  reason: MoveReason;

  /** The metric and value that decided an automatic move. */
  @KeyColumn('metric', { length: 16, nullable: true })
  metric: TierMetric | null;

  @BigIntColumn('metric_value', { nullable: true })
  metricValue: number | null;

  @BigIntColumn('threshold', { nullable: true })
  threshold: number | null;

  @TimeColumn('moved_at')
  movedAt: Date;

  @KeyColumn('actor_id', { length: 128, nullable: true })
  actorId: string | null;

  @KeyColumn('job_run_id', { length: 32, nullable: true })
  jobRunId: string | null;

  @KeyColumn('visit_id', { length: 32, nullable: true })
  visitId: string | null;

  @Column({ name: 'note', type: 'text', nullable: true })
  note: string | null;

  @KeyColumn('source_key', { length: 160 })
  sourceKey: string;
}
