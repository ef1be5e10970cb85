import { Column, Entity, PrimaryColumn } from 'typeorm';
import { JsonColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';
import type { SalesRuleDto } from '../dto/sales-rule.dto.js';

export const RULE_CHANGES = ['created', 'updated'] as const;
export type RuleChange = (typeof RULE_CHANGES)[number];

/**
 * Every version a rule ever had, as it was: a closed tab names the rule and version that
 * priced it, and this says what that version did. Rows are only ever added.
 */
@Entity('rc_sales_rule_versions')
export class SalesRuleVersion {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'rule_id', type: 'varchar', length: 32 })
  ruleId: string;

  @PrimaryColumn({ name: 'version', type: 'integer' })
  version: number;

  @JsonColumn('rule')
  rule: SalesRuleDto;

  @TimeColumn('created_at')
  createdAt: Date;

  @KeyColumn('created_by')
  createdBy: string;

  @Column({ name: 'change', type: 'varchar', length: 16 })
  change: RuleChange;
}
