import { valuesOf, type Schema } from '../../schema.js';

/** The API's account types and rewards, as the pages read them. */
export type AccountType = Schema<'AccountTypeDto'>;
export type AccountKind = AccountType['kind'];
export const ACCOUNT_KINDS = valuesOf<AccountKind>({ points: true, bonus_money: true, deposit: true, corporate_credit: true, gift_card: true });

export type ExpiryPolicy = AccountType['expiry'];
export const EXPIRY_KINDS = valuesOf<ExpiryPolicy['kind']>({ never: true, days_after_credit: true, end_of_period: true });
export type ExpiryPeriod = Extract<ExpiryPolicy, { kind: 'end_of_period' }>['period'];
export const EXPIRY_PERIODS = valuesOf<ExpiryPeriod>({ month: true, quarter: true, year: true });

export type GiftCard = Schema<'GiftCardDto'>;

export type Reward = Schema<'RewardDto'>;
export type Benefit = Reward['benefit'];
export type BenefitKind = Benefit['kind'];
export const BENEFIT_KINDS = valuesOf<BenefitKind>({ free_product: true, amount_off: true, percent_off: true, category: true });

export type PromotionCategory = Schema<'PromotionCategoryDto'>;
