import { ApiProperty, OmitType, PickType } from '@nestjs/swagger';
import { ENTRY_METHODS, IDENTIFIER_TYPES, type EntryMethod, type IdentifierType } from '../../contract/contract-values.js';
import { ExpiringDto } from '../../modules/accounts/dto/account.dto.js';
import { OfferDto } from '../../modules/rewards/reward.dto.js';
import { LimitDto } from '../evaluation/evaluation.dto.js';
import { CUSTOMER_KINDS, type CustomerKind } from '../../modules/customers/entities/customer.entity.js';
import { IDENTIFIED_VIA, type Identified } from '../../modules/identification/identify.service.js';
import { TIER_METRICS, type TierMetric } from '../../modules/tiers/entities/tier.entity.js';
import { FavouriteDto } from '../../modules/visits/dto/visit.dto.js';

export class IdentifiedByDto {
  @ApiProperty({ enum: IDENTIFIED_VIA }) via: Identified['via'];
  @ApiProperty({ nullable: true, type: String }) identifierId: string | null;
  @ApiProperty({ nullable: true, enum: IDENTIFIER_TYPES }) type: IdentifierType | null;
  @ApiProperty({ nullable: true, enum: ENTRY_METHODS }) entryMethod: EntryMethod | null;
}

export class CardPreferencesDto {
  @ApiProperty({ nullable: true, type: String }) text: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: () => [FavouriteDto], description: 'Most ordered products in the last half year.' })
  favouriteProducts: FavouriteDto[];
}

export class CardHistoryDto {
  @ApiProperty({ description: 'Closed visits, fully refunded ones not counted.' }) visits: number;
  @ApiProperty({ description: 'Net of refunds, minor units.' }) spent: number;
  @ApiProperty({ description: 'spent / visits, rounded half up; 0 before the first visit.' }) averageCheck: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastVisitAt: string | null;
}

export class CardTierDto {
  @ApiProperty({ example: 'GOLD' }) code: string;
  @ApiProperty({ example: 'Gold, 10% off' }) name: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) since: string | null;
}

export class NextTierDto {
  @ApiProperty({ example: 'PLATINUM' }) code: string;
  @ApiProperty({ example: 'Platinum' }) name: string;
  @ApiProperty({ enum: TIER_METRICS, example: 'spent' }) metric: TierMetric;
  @ApiProperty({ example: 500000 }) threshold: number;
  @ApiProperty({ example: 431000 }) value: number;
  @ApiProperty({ example: 69000 }) missing: number;
}

export class CardBalanceDto {
  @ApiProperty({ description: 'The account a bonus hold takes from.' }) accountId: string;
  @ApiProperty({ example: 'bonus', description: 'The account type’s code.' }) accountType: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'EUR' }) unit: string;
  @ApiProperty() total: number;
  @ApiProperty() held: number;
  @ApiProperty({ description: 'total − held: what may be held now.' }) available: number;
  @ApiProperty({
    description: 'What the guest owes on the account (its total below zero): spending beyond the balance, as when a till’s offline bonus payments are replayed; later credits pay it back first.',
  })
  owed: number;
  @ApiProperty({ type: () => [ExpiringDto] }) expiringSoon: ExpiringDto[];
}

export class CardOfferDto extends OmitType(OfferDto, ['chosen'] as const) {}

/** A coupon of the guest's own they can still use: the waiter reminds them of it. */
export class CardCouponDto {
  @ApiProperty({ example: 'K7QM2V9XH4TZ', description: 'What goes in `tab.codes`.' }) code: string;
  @ApiProperty({ example: 'NEXT10' }) categoryCode: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) validTo: string | null;
}

export class LimitLeftDto extends PickType(LimitDto, ['kind', 'subject', 'limit', 'used', 'left', 'broken'] as const) {}

/** What the waiter sees when a guest is recognised (CONTRACT.md section 4, identify). */
export class CustomerCardDto {
  @ApiProperty({ example: 'c_01JD7Z3Q8K6Y0M2B5C9D1E4F7G' }) id: string;
  @ApiProperty({ example: 'Anna Berg' }) displayName: string;
  @ApiProperty({ example: 'Anna', description: 'The name the greeting uses: a person’s first name, an organisation’s name.' }) greetingName: string;
  @ApiProperty({ enum: CUSTOMER_KINDS }) kind: CustomerKind;
  @ApiProperty({ nullable: true, type: () => CardTierDto, description: 'The customer’s tier: code, name, since when.' })
  tier: CardTierDto | null;
  @ApiProperty({ nullable: true, type: () => NextTierDto, description: 'The next tier the customer reaches by themselves, and what is missing to get there.' })
  nextTier: NextTierDto | null;
  @ApiProperty({ type: [String], description: 'Promotion categories the customer brings to the tab.' }) categories: string[];
  @ApiProperty({ type: () => [CardBalanceDto], description: 'Per open account: total, held, available.' }) balances: CardBalanceDto[];
  @ApiProperty({ type: () => [CardOfferDto], description: 'Rewards the customer can take now.' }) benefits: CardOfferDto[];
  @ApiProperty({ type: () => [LimitLeftDto], description: 'Daily limits and what is left of them today.' }) limitsLeftToday: LimitLeftDto[];
  @ApiProperty({ type: () => [CardCouponDto], description: 'The guest’s own coupons they can use now, soonest to end first.' }) coupons: CardCouponDto[];
  @ApiProperty({ example: 'Welcome back, Anna!' }) greeting: string;
  @ApiProperty({ type: [String], example: ['Allergic to nuts'] }) announcements: string[];
  @ApiProperty() birthdayToday: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'Days until the next birthday, in the tenant’s time zone.' }) daysToBirthday: number | null;
  @ApiProperty({ type: () => CardHistoryDto }) history: CardHistoryDto;
  @ApiProperty({ type: () => CardPreferencesDto }) preferences: CardPreferencesDto;
  @ApiProperty({ type: () => IdentifiedByDto }) identifiedBy: IdentifiedByDto;
}
