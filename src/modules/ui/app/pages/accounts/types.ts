/** The API's account types and rewards, as the pages read them. */
export const ACCOUNT_KINDS = ['points', 'bonus_money', 'deposit', 'corporate_credit'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export const EXPIRY_KINDS = ['never', 'days_after_credit', 'end_of_period'] as const;
export const EXPIRY_PERIODS = ['month', 'quarter', 'year'] as const;
export type ExpiryPolicy = { kind: 'never' } | { kind: 'days_after_credit'; days: number } | { kind: 'end_of_period'; period: (typeof EXPIRY_PERIODS)[number] };

export interface AccountType {
  id: string;
  code: string;
  name: string;
  kind: AccountKind;
  /** "points", or the ISO 4217 currency of a money account. */
  unit: string;
  roundingStep: number;
  allowNegative: boolean;
  creditLimit: number;
  expiry: ExpiryPolicy;
  dailySpendLimit: number | null;
  active: boolean;
}

export const BENEFIT_KINDS = ['free_product', 'amount_off', 'percent_off', 'category'] as const;
export type BenefitKind = (typeof BENEFIT_KINDS)[number];
export type Benefit =
  | { kind: 'free_product'; productId: string; productName?: string; units?: number }
  | { kind: 'amount_off'; amount: number; currency?: string }
  | { kind: 'percent_off'; percentBp: number }
  | { kind: 'category'; categoryCode: string };

export interface Reward {
  id: string;
  code: string;
  name: string;
  description: string | null;
  benefit: Benefit;
  accountTypeCode: string;
  /** In the account type's unit: points, or minor units of its currency. */
  price: number;
  availableFrom: string | null;
  availableTo: string | null;
  /** ISO weekdays, 1 Monday … 7 Sunday. */
  daysOfWeek: number[] | null;
  timeFrom: string | null;
  timeTo: string | null;
  active: boolean;
}

export interface PromotionCategory {
  id: string;
  code: string;
  name: string;
}
