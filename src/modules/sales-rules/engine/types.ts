/**
 * The sales-rules engine's vocabulary. Plain data in, plain data out: no Nest, no
 * TypeORM, no clock — the time of the evaluation is an input like the tab.
 *
 * Each vocabulary is one `as const` list here and its type is the list's values; the API's
 * DTOs take their enums and validation from these lists instead of writing the values again.
 */

export const STACKINGS = ['exclusive', 'best', 'stack'] as const;
export type Stacking = (typeof STACKINGS)[number];

/** What counts into a base: the line amounts before discounts, with or without tax and service. */
export interface Base {
  includeTax: boolean;
  includeServiceCharge: boolean;
}

/** Every kind of effect the engine applies; the `Effect` union below has one shape for each, and no other. */
export const EFFECT_KINDS = [
  'percent_off',
  'amount_off',
  'fixed_price',
  'buy_x_get_y',
  'bundle_price',
  'free_units',
  'points_rate',
  'points_multiplier',
  'points_per_visit',
  'points_per_unit',
  'tab_limit',
  'daily_operations_limit',
  'daily_bonus_spend_limit',
  'bonus_payment_cap',
  'issue_coupon',
] as const;
export type EffectKind = (typeof EFFECT_KINDS)[number];

/** What a sales rule may carry: every effect but `free_units`, which only a reward's benefit makes. */
export const RULE_EFFECT_KINDS = [
  'percent_off',
  'amount_off',
  'fixed_price',
  'buy_x_get_y',
  'bundle_price',
  'points_rate',
  'points_multiplier',
  'points_per_visit',
  'points_per_unit',
  'tab_limit',
  'daily_operations_limit',
  'daily_bonus_spend_limit',
  'bonus_payment_cap',
  'issue_coupon',
] as const satisfies readonly EffectKind[];
export type RuleEffectKind = (typeof RULE_EFFECT_KINDS)[number];

/** The effects that price nothing but cap the tab or the day; each is checked into a `LimitResult`. */
export const LIMIT_KINDS = ['tab_limit', 'daily_operations_limit', 'daily_bonus_spend_limit', 'bonus_payment_cap'] as const satisfies readonly EffectKind[];
export type LimitKind = (typeof LIMIT_KINDS)[number];

/** An `amount_off` comes off each line in scope, or off the tab spread over its lines in scope. */
export const AMOUNT_OFF_PER = ['line', 'tab'] as const;
export type AmountOffPer = (typeof AMOUNT_OFF_PER)[number];

/** What a `daily_operations_limit` counts. */
export const DAILY_OPERATIONS = ['identifications', 'closed_tabs'] as const;
export type DailyOperation = (typeof DAILY_OPERATIONS)[number];

export type Effect =
  /** A share of the line's discount base, in basis points (1000 = 10%). */
  | { kind: 'percent_off'; percentBp: number }
  /** A fixed amount off each line in scope, or off the tab spread over its lines in scope. */
  | { kind: 'amount_off'; amount: number; per: AmountOffPer; currency: string }
  /** The lines in scope cost this much per unit (a "coffee for 1.00" offer). */
  | { kind: 'fixed_price'; unitPrice: number; currency: string }
  /**
   * Of every `buyUnits + getUnits` units in scope, `getUnits` are `percentBp` off (10000 =
   * free): 2+1 and "3 for 2" are buy 2 get 1. The cheapest units in scope are the ones given.
   */
  | { kind: 'buy_x_get_y'; buyUnits: number; getUnits: number; percentBp: number }
  /**
   * A combo at a fixed price ("burger + fries + drink for 9.90"): every complete set of the
   * components among the tab's whole units costs `price` instead of what its units cost.
   */
  | { kind: 'bundle_price'; price: number; currency: string; components: BundleComponent[] }
  /** This many units in scope are free (a reward's dessert on the house), the first lines first. */
  | { kind: 'free_units'; units: number }
  /** Points on the accrual base, in basis points (500 = 5 points per 100). */
  | { kind: 'points_rate'; accountType: string; rateBp: number }
  /** A multiplier of the points rate, in basis points (20000 = double points). */
  | { kind: 'points_multiplier'; accountType: string; multiplierBp: number }
  /** Points for the visit itself, whatever it comes to (Square's "per visit"). */
  | { kind: 'points_per_visit'; accountType: string; points: number }
  /** Points — stamps — for each whole unit in scope: a stamp per coffee, the tenth coffee a reward. */
  | { kind: 'points_per_unit'; accountType: string; points: number }
  /** The most a guest may run up on one tab (a credit ceiling). */
  | { kind: 'tab_limit'; amount: number; currency: string }
  /** How many identifications or closed tabs a customer may have in one business day. */
  | { kind: 'daily_operations_limit'; operation: DailyOperation; count: number }
  /** How much of an account a customer may spend in one business day. */
  | { kind: 'daily_bonus_spend_limit'; accountType: string; amount: number }
  /**
   * The most an account may pay of a tab: this share of what the lines in the rule's scope
   * come to after discounts. Lines out of scope (alcohol, tobacco) it may not pay for at all.
   */
  | { kind: 'bonus_payment_cap'; accountType: string; maxShareBp: number }
  /**
   * A next-order coupon: closing a tab the rule holds for gives the guest a code of their
   * own that brings `categoryCode` to a later tab, for `validDays` from the close.
   */
  | { kind: 'issue_coupon'; categoryCode: string; validDays: number };

/** The shape of the effect of one kind. */
export type EffectOf<K extends EffectKind> = Extract<Effect, { kind: K }>;

// A compile-time check: EFFECT_KINDS lists exactly the kinds of the union, no more, no fewer.
true satisfies [EffectKind] extends [Effect['kind']] ? ([Effect['kind']] extends [EffectKind] ? true : never) : never;

export interface Scope {
  productGroupIds?: string[];
  productIds?: string[];
  tags?: string[];
  exclude?: { productGroupIds?: string[]; productIds?: string[]; tags?: string[] };
}

/** One part of a bundle: `units` whole units of the lines its scope takes in. */
export interface BundleComponent {
  scope: Scope;
  units: number;
}

/**
 * How many components a bundle has, and how many units each asks for. The API takes its
 * limits from here: the engine weighs subsets of a bundle's components, 2^10 at most.
 */
export const BUNDLE_COMPONENTS = { min: 2, max: 10 } as const;
export const BUNDLE_UNITS = { min: 1, max: 100 } as const;

export interface Conditions {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  daysOfWeek?: number[];
  /** "HH:MM" local time; a window may cross midnight (22:00–02:00). */
  timeFrom?: string;
  timeTo?: string;
  /** "YYYY-MM-DD" local dates, inclusive. */
  dateFrom?: string;
  dateTo?: string;
  /** On the tab's gross amount (what the lines cost before discounts), minor units. */
  minTabAmount?: number;
  /** Units of the rule's scope on the tab. */
  minQuantity?: number;
  minGuests?: number;
  maxGuests?: number;
}

export interface Rule {
  id: string;
  version: number;
  categoryCode: string;
  name: string | null;
  priority: number;
  stacking: Stacking;
  effect: Effect;
  scope: Scope;
  conditions: Conditions;
  /** Overrides of the tenant's bases for this rule. */
  discountBase?: Base;
  accrualBase?: Base;
}

export interface Category {
  code: string;
  /** The most all of this category's rules may take off one line, in basis points of its base. */
  lineDiscountCapBp: number | null;
}

export interface TabLine {
  id: string;
  productId: string;
  productGroupIds: string[];
  tags: string[];
  name?: string;
  quantity: number;
  amount: number;
  taxAmount: number;
  /** Categories the host put on the line and on its order. */
  categories: string[];
  /**
   * When the line's order was placed: days, hours and dates are read at this moment, so a
   * drink ordered in the happy hour keeps its price on a bill paid after it. The evaluation's
   * moment when absent.
   */
  orderedAt?: Date;
}

export interface Tab {
  currency: string;
  pricesIncludeTax: boolean;
  serviceCharge: number;
  guestCount: number | null;
  lines: TabLine[];
}

/** Where the categories of an evaluation come from; every source but `lines` covers the whole tab. */
export interface CategoriesBySource {
  tab: string[];
  division: string[];
  table: string[];
  personal: string[];
  tier: string[];
}

/** What the customer has used today, for the daily limits. */
export interface UsageToday {
  identifications: number;
  closedTabs: number;
  /** Spent per account type today, before this tab. */
  bonusSpent: Record<string, number>;
}

export interface EvaluationSettings {
  timeZone: string;
  discountBase: Base;
  accrualBase: Base;
  usage: UsageToday;
  /** Bonus payments on this tab per account type, to check against the daily spend limit. */
  bonusPayments: Record<string, number>;
  /** Say why the rules that gave nothing did not apply (`Evaluation.notApplied`). */
  explain?: boolean;
}

export interface AppliedDiscount {
  amount: number;
  categoryCode: string;
  ruleId: string;
  ruleVersion: number;
  stacking: Stacking;
  reason: string;
}

export interface LineResult {
  lineId: string;
  amount: number;
  discountBase: number;
  discounts: AppliedDiscount[];
  discountTotal: number;
  amountAfter: number;
}

export interface AccrualRule {
  ruleId: string;
  ruleVersion: number;
  categoryCode: string;
}

export interface Accrual {
  accountType: string;
  points: number;
  rules: AccrualRule[];
}

/** A coupon closing the tab gives the guest. */
export interface CouponToIssue {
  ruleId: string;
  ruleVersion: number;
  categoryCode: string;
  validDays: number;
}

export interface LimitResult {
  kind: LimitKind;
  /** The operation or account type the limit is about. */
  subject: string | null;
  limit: number;
  used: number;
  left: number;
  broken: boolean;
  categoryCode: string;
  ruleId: string;
}

/** Why a rule of a category the tab brings gave nothing, with the figure a waiter can tell the guest. */
export const WHY_NOT_REASONS = [
  'other_currency',
  'no_line_in_scope',
  'outside_hours',
  'wrong_day',
  'outside_dates',
  'below_minimum_tab',
  'needs_more_units',
  'too_few_guests',
  'too_many_guests',
  'beaten',
  'category_cap_reached',
  'nothing_left_to_discount',
  'limit_reached',
] as const;
export type WhyNotReason = (typeof WHY_NOT_REASONS)[number];

export type WhyNot =
  | { reason: 'other_currency'; currency: string }
  | { reason: 'no_line_in_scope' }
  /** The window the lines were ordered (or the tab priced) outside of. */
  | { reason: 'outside_hours'; from?: string; to?: string }
  | { reason: 'wrong_day'; daysOfWeek: number[] }
  | { reason: 'outside_dates'; from?: string; to?: string }
  /** In minor units: the tab comes to `minimum - missing` before discounts. */
  | { reason: 'below_minimum_tab'; minimum: number; missing: number }
  /** Units of the rule's scope still to order. */
  | { reason: 'needs_more_units'; minimum: number; missing: number }
  | { reason: 'too_few_guests'; minimum: number }
  | { reason: 'too_many_guests'; maximum: number }
  /** Another rule took the lines: an exclusive one, or a better one of the `best` rules. */
  | { reason: 'beaten'; byRuleId: string; byCategoryCode: string; byStacking: Stacking }
  /** The category's cap per line was used up by its other rules. */
  | { reason: 'category_cap_reached'; categoryCode: string }
  | { reason: 'nothing_left_to_discount' }
  /**
   * A limit of the rule is used up (the pricing flow keeps limits, the engine never answers
   * this): `per` whom it counts, over which `period`, how many redemptions or how much money.
   */
  | { reason: 'limit_reached'; per: 'rule' | 'guest' | 'location' | 'code'; period: 'day' | 'week' | 'month' | 'year' | 'total'; redemptions?: number; discount?: number };

export type NotApplied = { ruleId: string; ruleVersion: number; categoryCode: string; ruleName: string | null } & WhyNot;

export interface Evaluation {
  currency: string;
  lines: LineResult[];
  totals: { before: number; discount: number; after: number; serviceCharge: number };
  accrual: Accrual[];
  limits: LimitResult[];
  breaksLimit: boolean;
  /** The next-order coupons closing the tab as it stands gives the guest, one per rule. */
  coupons: CouponToIssue[];
  /** Category codes that took part, by source. */
  categories: string[];
  /**
   * The discount rules of the categories the tab brings that gave it nothing, and why, in
   * priority order; empty unless `EvaluationSettings.explain` asked for them.
   */
  notApplied: NotApplied[];
}
