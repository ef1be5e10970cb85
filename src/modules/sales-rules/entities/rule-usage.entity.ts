import { Entity, PrimaryColumn } from 'typeorm';
import { BigIntColumn, TenantIdColumn } from '../../../common/database/columns.js';
import type { LimitPer } from '../rule-limits.js';

/**
 * What a limited rule has given in one period to one subject (the whole rule, a guest, a
 * location, a code): one row per counter, raised by each close under its row lock.
 */
@Entity('rc_rule_usage')
export class RuleUsage {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'rule_id', type: 'varchar', length: 32 })
  ruleId: string;

  @PrimaryColumn({ name: 'per', type: 'varchar', length: 16 })
  per: LimitPer;

  /** The guest, location or code counted; empty for the whole rule. */
  @PrimaryColumn({ name: 'subject', type: 'varchar', length: 128 })
  subject: string;

  /** `2026-11-22`, `2026-W47`, `2026-11`, `2026` or `total`. */
  @PrimaryColumn({ name: 'period', type: 'varchar', length: 16 })
  period: string;

  @BigIntColumn('redemptions')
  redemptions: number;

  @BigIntColumn('discount')
  discount: number;
}
