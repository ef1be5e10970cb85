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
export type Stacking = (typeof STACKINGS)[number];

export interface ScopeLists {
  productGroupIds?: string[];
  productIds?: string[];
  tags?: string[];
}

export interface Scope extends ScopeLists {
  exclude?: ScopeLists;
}

export interface Conditions {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  daysOfWeek?: number[];
  timeFrom?: string;
  timeTo?: string;
  dateFrom?: string;
  dateTo?: string;
  minTabAmount?: number;
  minQuantity?: number;
  minGuests?: number;
  maxGuests?: number;
}

export interface Base {
  includeTax: boolean;
  includeServiceCharge: boolean;
}

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

export interface AppliedDiscount {
  amount: number;
  categoryCode: string;
  ruleId: string;
  ruleVersion: number;
  stacking: Stacking;
  reason: string;
}

export interface LineEvaluation {
  lineId: string;
  amount: number;
  discountBase: number;
  discounts: AppliedDiscount[];
  discountTotal: number;
  amountAfter: number;
}

export interface Limit {
  kind: 'tab_limit' | 'daily_operations_limit' | 'daily_bonus_spend_limit';
  subject: string | null;
  limit: number;
  used: number;
  left: number;
  broken: boolean;
  categoryCode: string;
  ruleId: string;
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
