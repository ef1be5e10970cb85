import { valuesOf, type Schema } from '../../schema.js';

/** The promotions API as the pages read it (GET /promotion-categories, /sales-rules, POST /terminal/evaluate). */
export type Category = Schema<'PromotionCategoryDto'>;
export type SalesRule = Schema<'SalesRuleDto'>;
export type RuleVersion = Schema<'SalesRuleVersionDto'>;
export type Scope = Schema<'ScopeDto'>;
/** One list of a scope: what it takes in, or leaves out. */
export type ScopeLists = Omit<Scope, 'exclude'>;
export type Conditions = Schema<'ConditionsDto'>;
export type Base = Schema<'BaseDto'>;

export type Effect = SalesRule['effect'];
export type EffectKind = Effect['kind'];
export const EFFECT_KINDS = valuesOf<EffectKind>({
  percent_off: true,
  amount_off: true,
  fixed_price: true,
  buy_x_get_y: true,
  bundle_price: true,
  points_rate: true,
  points_multiplier: true,
  points_per_visit: true,
  points_per_unit: true,
  tab_limit: true,
  daily_operations_limit: true,
  daily_bonus_spend_limit: true,
  bonus_payment_cap: true,
  issue_coupon: true,
});
export type Operation = Extract<Effect, { kind: 'daily_operations_limit' }>['operation'];
export const OPERATIONS = valuesOf<Operation>({ identifications: true, closed_tabs: true });
export type Stacking = SalesRule['stacking'];
export const STACKINGS = valuesOf<Stacking>({ exclusive: true, best: true, stack: true });

export type AccountType = Schema<'AccountTypeDto'>;

export type TabEvaluation = Schema<'TabEvaluationDto'>;
export type LineEvaluation = Schema<'LineEvaluationDto'>;
export type AppliedDiscount = Schema<'AppliedDiscountDto'>;
export type Limit = Schema<'LimitDto'>;

export type PromoCode = Schema<'PromoCodeDto'>;
export type CodeBatch = Schema<'CodeBatchDto'>;
export type CodeUsage = PromoCode['usage'];
