import { ApiProperty } from '@nestjs/swagger';
import { ENTRY_METHODS, IDENTIFIER_TYPES, type EntryMethod, type IdentifierType } from '../../host/contract/contract-values.js';

export class IdentifiedByDto {
  @ApiProperty({ enum: ['identifier', 'phone', 'query', 'customer'] }) via: 'identifier' | 'phone' | 'query' | 'customer';
  @ApiProperty({ nullable: true, type: String }) identifierId: string | null;
  @ApiProperty({ nullable: true, enum: IDENTIFIER_TYPES }) type: IdentifierType | null;
  @ApiProperty({ nullable: true, enum: ENTRY_METHODS }) entryMethod: EntryMethod | null;
}

export class CardPreferencesDto {
  @ApiProperty({ nullable: true, type: String }) text: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Most ordered products in the last half year: productId, name, quantity, visits.' })
  favouriteProducts: object[];
}

export class CardHistoryDto {
  @ApiProperty({ description: 'Closed visits, fully refunded ones not counted.' }) visits: number;
  @ApiProperty({ description: 'Net of refunds, minor units.' }) spent: number;
  @ApiProperty({ description: 'spent / visits, rounded half up; 0 before the first visit.' }) averageCheck: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastVisitAt: string | null;
}

/** What the waiter sees when a guest is recognised (CONTRACT.md section 4, identify). */
export class CustomerCardDto {
  @ApiProperty({ example: 'c_01JD7Z3Q8K6Y0M2B5C9D1E4F7G' }) id: string;
  @ApiProperty({ example: 'Anna Berg' }) displayName: string;
  @ApiProperty({ example: 'Anna', description: 'The name the greeting uses: a person’s first name, an organisation’s name.' }) greetingName: string;
  @ApiProperty({ enum: ['individual', 'organisation'] }) kind: 'individual' | 'organisation';
  @ApiProperty({ nullable: true, type: Object, example: { code: 'GOLD', name: 'Gold, 10% off', since: '2026-10-02T18:40:00.000Z' }, description: 'The customer’s tier: code, name, since when.' })
  tier: { code: string; name: string; since: string | null } | null;
  @ApiProperty({
    nullable: true,
    type: Object,
    example: { code: 'PLATINUM', name: 'Platinum', metric: 'spent', threshold: 500000, value: 431000, missing: 69000 },
    description: 'The next tier the customer reaches by themselves, and what is missing to get there.',
  })
  nextTier: { code: string; name: string; metric: string; threshold: number; value: number; missing: number } | null;
  @ApiProperty({ type: [String], description: 'Promotion categories the customer brings to the tab.' }) categories: string[];
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Per account: total, held, available.' }) balances: object[];
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Rewards the customer can take now.' }) benefits: object[];
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Daily limits and what is left of them today.' }) limitsLeftToday: object[];
  @ApiProperty({ example: 'Welcome back, Anna!' }) greeting: string;
  @ApiProperty({ type: [String], example: ['Allergic to nuts'] }) announcements: string[];
  @ApiProperty() birthdayToday: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'Days until the next birthday, in the tenant’s time zone.' }) daysToBirthday: number | null;
  @ApiProperty({ type: () => CardHistoryDto }) history: CardHistoryDto;
  @ApiProperty({ type: () => CardPreferencesDto }) preferences: CardPreferencesDto;
  @ApiProperty({ type: () => IdentifiedByDto }) identifiedBy: IdentifiedByDto;
}
