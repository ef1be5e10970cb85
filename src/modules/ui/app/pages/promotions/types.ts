import type { AppliedDiscount, Base, Conditions, LimitResult, LineResult, Scope, Stacking } from '../../../../sales-rules/engine/types.js';

/** The shapes the engine answers in, as the pages show them. */
export type { AppliedDiscount, Base, Conditions, Scope, Stacking };
export type LineEvaluation = LineResult;
export type Limit = LimitResult;
/** One list of a scope: what it takes in, or leaves out. */
export type ScopeLists = Omit<Scope, 'exclude'>;

/** The promotions API as the pages read it (GET /promotion-categories, /sales-rules, POST /terminal/evaluate). */
export interface Category {
  id: string;
  code: string;
  name: string;
  description: string | null;
  active: boolean;
  /** The most all of the category's rules take off one line, in basis points. */
  lineDiscountCapBp: number | null;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export const EFFECT_KINDS = [
  'percent_off',
  'amount_off',
  'fixed_price',
  'points_rate',
  'points_multiplier',
  'tab_limit',
  'daily_operations_limit',
  'daily_bonus_spend_limit',
] as const;
export type EffectKind = (typeof EFFECT_KINDS)[number];

export type Effect =
  | { kind: 'percent_off'; percentBp: number }
  | { kind: 'amount_off'; amount: number; per: 'line' | 'tab'; currency?: string }
  | { kind: 'fixed_price'; unitPrice: number; currency?: string }
  | { kind: 'points_rate'; accountType: string; rateBp: number }
  | { kind: 'points_multiplier'; accountType: string; multiplierBp: number }
  | { kind: 'tab_limit'; amount: number; currency?: string }
  | { kind: 'daily_operations_limit'; operation: Operation; count: number }
  | { kind: 'daily_bonus_spend_limit'; accountType: string; amount: number };

export const OPERATIONS = ['identifications', 'closed_tabs'] as const;
export type Operation = (typeof OPERATIONS)[number];

export const STACKINGS = ['exclusive', 'best', 'stack'] as const;

export interface SalesRule {
  id: string;
  categoryId: string;
  categoryCode: string;
  name: string | null;
  active: boolean;
  priority: number;
  stacking: Stacking;
  effect: Effect;
  scope: Scope;
  conditions: Conditions;
  discountBase: Base | null;
  accrualBase: Base | null;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export interface RuleVersion {
  ruleId: string;
  version: number;
  rule: SalesRule;
  createdAt: string;
  createdBy: string;
  change: 'created' | 'updated';
}

export interface AccountType {
  id: string;
  code: string;
  name: string;
  kind: string;
  /** `points`, or the currency of a money account. */
  unit: string;
  active: boolean;
}

export interface TabEvaluation {
  customerId: string | null;
  currency: string;
  lines: LineEvaluation[];
  totals: { before: number; discount: number; after: number; serviceCharge: number };
  accrual: { accountType: string; points: number; rules: { ruleId: string; ruleVersion: number; categoryCode: string }[] }[];
  limits: Limit[];
  breaksLimit: boolean;
  categories: string[];
  /** Rewards on offer to the guest: what they cost and in which account. */
  benefits: { rewardId: string; code: string; name: string; price: number; accountTypeCode: string }[];
}
