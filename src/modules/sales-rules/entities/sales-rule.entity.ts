import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { JsonColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';
import type { RuleBudget } from '../rule-limits.js';
import type { Base, Conditions, Effect, Scope, Stacking } from '../engine/types.js';

/** A sales rule as managers keep it; the engine sees the active ones of active categories. */
@Entity('rc_sales_rules')
@Index('rc_sales_rules_category', ['tenantId', 'categoryId'])
export class SalesRule {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('category_id', { length: 32 })
  categoryId: string;

  @KeyColumn('name', { length: 200, nullable: true })
  name: string | null;

  @Column({ name: 'active', type: 'boolean' })
  active: boolean;

  @Column({ name: 'priority', type: 'integer' })
  priority: number;

  @KeyColumn('stacking', { length: 16 })
  stacking: Stacking;

  @JsonColumn('effect')
  effect: Effect;

  @JsonColumn('scope')
  scope: Scope;

  @JsonColumn('conditions')
  conditions: Conditions;

  @JsonColumn('discount_base', { nullable: true })
  discountBase: Base | null;

  @JsonColumn('accrual_base', { nullable: true })
  accrualBase: Base | null;

  /** How often and how much the rule may give; null for a rule without limits. */
  @JsonColumn('budget', { nullable: true })
  budget: RuleBudget | null;

  @Column({ name: 'version', type: 'integer' })
  version: number;

  @TimeColumn('created_at')
  createdAt: Date;

  @KeyColumn('created_by')
  createdBy: string;

  @TimeColumn('updated_at')
  updatedAt: Date;

  @KeyColumn('updated_by')
  updatedBy: string;
}
