import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsISO8601, IsObject, IsString, ValidateNested } from 'class-validator';
import { LANGUAGES, type Language } from '../../common/languages.js';
import { Optional } from '../../common/validation/decorators.js';
import { TabSnapshotDto } from '../../contract/tab-snapshot.dto.js';
import { OfferDto } from '../../modules/rewards/reward.dto.js';
import { CodeOnTabDto } from '../../modules/promo-codes/dto/promo-code.dto.js';
import { LIMIT_KINDS, STACKINGS, WHY_NOT_REASONS, type LimitKind, type Stacking, type WhyNotReason } from '../../modules/sales-rules/engine/types.js';
import { LIMIT_PERIODS, LIMIT_PERS, type LimitPer, type LimitPeriod } from '../../modules/sales-rules/rule-limits.js';

export class EvaluateRequestDto {
  @ApiProperty({ type: () => TabSnapshotDto })
  @ValidateNested() @IsObject()
  @Type(() => TabSnapshotDto)
  tab: TabSnapshotDto;

  @ApiPropertyOptional({ type: [String], description: 'Rewards the guest chose to take on this tab.' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  benefits?: string[];

  @ApiPropertyOptional({
    example: '2026-11-27T17:30:00Z',
    description: 'Price the tab as if at this moment: a manager trying rules of days and hours (needs `promotions.manage`). Now when absent.',
  })
  @Optional()
  @IsISO8601({ strict: true })
  asOf?: string;

  @ApiPropertyOptional({ example: true, description: 'Price with the switched-off rules and categories too, as if they were on: a manager trying a rule before turning it on (needs `promotions.manage`). `inactiveRuleIds` says which of them are off.' })
  @Optional()
  @IsBoolean()
  includeInactive?: boolean;

  @ApiPropertyOptional({ enum: LANGUAGES, example: 'sv', description: 'The waiter’s language for `notApplied[].message`; English when absent.' })
  @Optional()
  @IsIn(LANGUAGES)
  language?: Language;
}

export class AppliedDiscountDto {
  @ApiProperty({ example: 10000 }) amount: number;
  @ApiProperty({ example: 'VIP10' }) categoryCode: string;
  @ApiProperty() ruleId: string;
  @ApiProperty() ruleVersion: number;
  @ApiProperty({ enum: STACKINGS }) stacking: Stacking;
  @ApiProperty({ example: 'Regulars 10% (VIP10)' }) reason: string;
}

export class LineEvaluationDto {
  @ApiProperty() lineId: string;
  @ApiProperty({ description: 'What the line costs the guest before the plugin’s discounts.' }) amount: number;
  @ApiProperty({ description: 'What the discounts were computed on.' }) discountBase: number;
  @ApiProperty({ type: () => [AppliedDiscountDto] }) discounts: AppliedDiscountDto[];
  @ApiProperty() discountTotal: number;
  @ApiProperty() amountAfter: number;
}

export class EvaluationTotalsDto {
  @ApiProperty() before: number;
  @ApiProperty() discount: number;
  @ApiProperty() after: number;
  @ApiProperty() serviceCharge: number;
}

/** A rule behind an accrual, by the version that priced the tab. */
export class AccrualRuleDto {
  @ApiProperty() ruleId: string;
  @ApiProperty() ruleVersion: number;
  @ApiProperty({ example: 'BASE' }) categoryCode: string;
}

export class AccrualDto {
  @ApiProperty({ example: 'points' }) accountType: string;
  @ApiProperty({ description: 'What closing the tab would accrue, in the account’s units.' }) points: number;
  @ApiProperty({ type: () => [AccrualRuleDto] }) rules: AccrualRuleDto[];
}

export class LimitDto {
  @ApiProperty({ enum: LIMIT_KINDS }) kind: LimitKind;
  @ApiProperty({ nullable: true, type: String, description: 'The operation or account type.' }) subject: string | null;
  @ApiProperty() limit: number;
  @ApiProperty() used: number;
  @ApiProperty() left: number;
  @ApiProperty() broken: boolean;
  @ApiProperty() categoryCode: string;
  @ApiProperty() ruleId: string;
}

export class CouponToIssueDto {
  @ApiProperty() ruleId: string;
  @ApiProperty() ruleVersion: number;
  @ApiProperty({ example: 'NEXT10' }) categoryCode: string;
  @ApiProperty({ example: 30 }) validDays: number;
}

/** A discount rule of a category the tab brings that gave it nothing, and why. */
export class NotAppliedDto {
  @ApiProperty() ruleId: string;
  @ApiProperty() ruleVersion: number;
  @ApiProperty({ example: 'HAPPY' }) categoryCode: string;
  @ApiProperty({ nullable: true, type: String, example: 'Happy hour' }) ruleName: string | null;
  @ApiProperty({ enum: WHY_NOT_REASONS, example: 'below_minimum_tab' }) reason: WhyNotReason;
  @ApiProperty({ example: 'the tab is €4.20 short of the minimum €50.00', description: 'The reason in the waiter’s `language`, with the figure that is missing.' }) message: string;
  @ApiPropertyOptional({ description: 'below_minimum_tab (minor units), needs_more_units (units of the rule’s scope), too_few_guests.' }) minimum?: number;
  @ApiPropertyOptional({ description: 'What the tab lacks: minor units for below_minimum_tab, units for needs_more_units.' }) missing?: number;
  @ApiPropertyOptional({ description: 'too_many_guests.' }) maximum?: number;
  @ApiPropertyOptional({ description: 'other_currency: the rule’s currency.' }) currency?: string;
  @ApiPropertyOptional({ description: 'outside_hours (HH:MM) and outside_dates (YYYY-MM-DD).' }) from?: string;
  @ApiPropertyOptional({ description: 'outside_hours (HH:MM) and outside_dates (YYYY-MM-DD).' }) to?: string;
  @ApiPropertyOptional({ type: [Number], description: 'wrong_day: the ISO weekdays it is for.' }) daysOfWeek?: number[];
  @ApiPropertyOptional({ description: 'beaten: the rule that took the items.' }) byRuleId?: string;
  @ApiPropertyOptional() byCategoryCode?: string;
  @ApiPropertyOptional({ enum: STACKINGS }) byStacking?: Stacking;
  @ApiPropertyOptional({ enum: LIMIT_PERS, description: 'limit_reached: whom the limit counts.' }) per?: LimitPer;
  @ApiPropertyOptional({ enum: LIMIT_PERIODS, description: 'limit_reached: over which period.' }) period?: LimitPeriod;
  @ApiPropertyOptional({ description: 'limit_reached: the tabs the rule may discount in the period.' }) redemptions?: number;
  @ApiPropertyOptional({ description: 'limit_reached: the money (minor units) the rule may take off in the period.' }) discount?: number;
}

/** A code of the tab at evaluate, with why it gives nothing in the waiter's language. */
export class CodeAnswerDto extends CodeOnTabDto {
  @ApiPropertyOptional({ example: 'the code has expired', description: 'Why it is refused, in the request’s `language`.' }) message?: string;
}

/** The answer of the evaluate terminal call (CONTRACT.md section 4). */
export class TabEvaluationDto {
  @ApiProperty({ nullable: true, type: String }) customerId: string | null;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ type: () => [LineEvaluationDto] }) lines: LineEvaluationDto[];
  @ApiProperty({ type: () => EvaluationTotalsDto }) totals: EvaluationTotalsDto;
  @ApiProperty({
    type: () => [AccrualDto],
    description: 'What closing the tab as it stands would accrue: on the part of the bill not paid from bonus money (its open holds among the payments), unless the tenant accrues on bonus payments too.',
  })
  accrual: AccrualDto[];
  @ApiProperty({ type: () => [LimitDto] }) limits: LimitDto[];
  @ApiProperty({ type: () => [CouponToIssueDto], description: 'The next-order coupons closing the tab as it stands would give the guest.' }) coupons: CouponToIssueDto[];
  @ApiProperty() breaksLimit: boolean;
  @ApiProperty({ type: [String] }) categories: string[];
  @ApiProperty({ type: () => [OfferDto], description: 'Rewards on offer to the guest.' }) benefits: OfferDto[];
  @ApiProperty({
    type: () => [NotAppliedDto],
    description: 'The discount rules of the categories the tab and the guest bring that gave the tab nothing, in priority order, each with why — what a waiter tells a guest asking why a discount did not apply.',
  })
  notApplied: NotAppliedDto[];
  @ApiProperty({ type: () => [CodeAnswerDto], description: 'The tab’s promo codes: which apply (their category’s rules priced the tab) and why the others do not.' })
  codes: CodeAnswerDto[];
  @ApiPropertyOptional({ type: [String], description: 'With `includeInactive`: the rules of the book that are switched off (or whose category is), whether they priced this tab or not.' })
  inactiveRuleIds?: string[];
  @ApiPropertyOptional({
    type: () => [GuestEvaluationDto],
    description: 'On a tab of several guests: each guest’s part (their lines and share of the shared ones) priced for them, as their close accrues it; the fields above add the parts up.',
  })
  guests?: GuestEvaluationDto[];
}

export class GuestEvaluationDto {
  @ApiProperty({ example: 'seat-2' }) guestRef: string;
  @ApiProperty({ type: () => TabEvaluationDto }) evaluation: TabEvaluationDto;
}
