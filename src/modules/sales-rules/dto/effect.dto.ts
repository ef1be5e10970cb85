import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsObject, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsCodeList, IsMinorUnits, Optional } from '../../../common/validation/decorators.js';
import {
  AMOUNT_OFF_PER,
  BUNDLE_COMPONENTS,
  BUNDLE_UNITS,
  DAILY_OPERATIONS,
  RULE_EFFECT_KINDS,
  type AmountOffPer,
  type DailyOperation,
  type EffectOf,
  type RuleEffectKind,
} from '../engine/types.js';

const ACCOUNT_TYPE = /^[a-z][a-z0-9_-]{0,63}$/;
const CURRENCY = /^[A-Z]{3}$/;

export class ScopeExcludeDto {
  @ApiPropertyOptional({ type: [String] }) @Optional() @IsCodeList() productGroupIds?: string[];
  @ApiPropertyOptional({ type: [String] }) @Optional() @IsCodeList() productIds?: string[];
  @ApiPropertyOptional({ type: [String] }) @Optional() @IsCodeList() tags?: string[];
}

/**
 * Which lines a rule works on: all of them, or those of the listed groups, products or tags.
 * Here rather than beside the rule, since a bundle's components are scopes too.
 */
export class ScopeDto {
  @ApiPropertyOptional({ type: [String], example: ['drinks'] }) @Optional() @IsCodeList() productGroupIds?: string[];
  @ApiPropertyOptional({ type: [String] }) @Optional() @IsCodeList() productIds?: string[];
  @ApiPropertyOptional({ type: [String], example: ['alcohol'] }) @Optional() @IsCodeList() tags?: string[];

  @ApiPropertyOptional({ type: () => ScopeExcludeDto })
  @Optional()
  @ValidateNested() @IsObject()
  @Type(() => ScopeExcludeDto)
  exclude?: ScopeExcludeDto;
}

/** The common shape; the `kind` picks the concrete effect below. */
export class EffectDto {
  @ApiProperty({ enum: RULE_EFFECT_KINDS })
  @IsIn(RULE_EFFECT_KINDS)
  kind: RuleEffectKind;
}

/** The `kind` of one concrete effect, a literal of the engine's union: a one-value enum in the schema. */
const Kind = (kind: RuleEffectKind) => ApiProperty({ enum: [kind] });

export class PercentOffDto extends EffectDto {
  @Kind('percent_off') declare kind: EffectOf<'percent_off'>['kind'];

  @ApiProperty({ example: 1000, description: 'Basis points of the discount base: 1000 = 10%.' })
  @IsInt()
  @Min(1)
  @Max(10_000)
  percentBp: number;
}

export class AmountOffDto extends EffectDto {
  @Kind('amount_off') declare kind: EffectOf<'amount_off'>['kind'];

  @ApiProperty({ example: 500, description: 'Minor units.' })
  @IsMinorUnits()
  @Min(1)
  amount: number;

  @ApiProperty({ enum: AMOUNT_OFF_PER, description: 'Off each line in scope, or off the tab spread over its lines in scope.' })
  @IsIn(AMOUNT_OFF_PER)
  per: AmountOffPer;

  @ApiPropertyOptional({ example: 'EUR', description: 'The tenant’s default currency when absent; other currencies’ tabs are left alone.' })
  @Optional()
  @Matches(CURRENCY, { message: 'must be an ISO 4217 code such as EUR' })
  currency?: string;
}

export class FixedPriceDto extends EffectDto {
  @Kind('fixed_price') declare kind: EffectOf<'fixed_price'>['kind'];

  @ApiProperty({ example: 100, description: 'What one unit in scope costs, in minor units.' })
  @IsMinorUnits()
  unitPrice: number;

  @ApiPropertyOptional({ example: 'EUR' })
  @Optional()
  @Matches(CURRENCY, { message: 'must be an ISO 4217 code such as EUR' })
  currency?: string;
}

export class BuyXGetYDto extends EffectDto {
  @Kind('buy_x_get_y') declare kind: EffectOf<'buy_x_get_y'>['kind'];

  @ApiProperty({ example: 2, description: 'Units in scope the guest pays for in each group.' })
  @IsInt()
  @Min(1)
  @Max(1000)
  buyUnits: number;

  @ApiProperty({ example: 1, description: 'Units in scope given in each group, the cheapest ones.' })
  @IsInt()
  @Min(1)
  @Max(1000)
  getUnits: number;

  @ApiProperty({ example: 10000, description: 'What comes off the given units, in basis points: 10000 = free, 5000 = half price.' })
  @IsInt()
  @Min(1)
  @Max(10_000)
  percentBp: number;
}

/** One part of a bundle: so many units of the lines its scope takes in. */
export class BundleComponentDto {
  @ApiProperty({ type: () => ScopeDto, example: { productGroupIds: ['burgers'] }, description: 'The lines that can fill this part, as a rule’s scope takes them in.' })
  @ValidateNested() @IsObject()
  @Type(() => ScopeDto)
  scope: ScopeDto;

  @ApiProperty({ example: 1, description: 'Whole units of the scope each set takes.' })
  @IsInt()
  @Min(BUNDLE_UNITS.min)
  @Max(BUNDLE_UNITS.max)
  units: number;
}

export class BundlePriceDto extends EffectDto {
  @Kind('bundle_price') declare kind: EffectOf<'bundle_price'>['kind'];

  @ApiProperty({ example: 990, description: 'What each complete set costs, in minor units; a set whose units cost this or less is priced as it is.' })
  @IsMinorUnits()
  price: number;

  @ApiPropertyOptional({ example: 'EUR', description: 'The tenant’s default currency when absent; tabs in other currencies are left alone.' })
  @Optional()
  @Matches(CURRENCY, { message: 'must be an ISO 4217 code such as EUR' })
  currency?: string;

  @ApiProperty({
    type: () => [BundleComponentDto],
    description: 'The parts of one set (burger, fries, drink); each whole unit on the tab counts for one part of one set.',
  })
  @IsArray()
  @ArrayMinSize(BUNDLE_COMPONENTS.min)
  @ArrayMaxSize(BUNDLE_COMPONENTS.max)
  @ValidateNested({ each: true }) @IsObject({ each: true })
  @Type(() => BundleComponentDto)
  components: BundleComponentDto[];
}

export class PointsRateDto extends EffectDto {
  @Kind('points_rate') declare kind: EffectOf<'points_rate'>['kind'];

  @ApiProperty({ example: 'points', description: 'The account type the points go to.' })
  @Matches(ACCOUNT_TYPE, { message: 'must be an account type code such as points' })
  accountType: string;

  @ApiProperty({ example: 500, description: 'Basis points of the accrual base: 500 = 5 points per 100.' })
  @IsInt()
  @Min(1)
  @Max(100_000)
  rateBp: number;
}

export class PointsMultiplierDto extends EffectDto {
  @Kind('points_multiplier') declare kind: EffectOf<'points_multiplier'>['kind'];

  @ApiProperty({ example: 'points' })
  @Matches(ACCOUNT_TYPE, { message: 'must be an account type code such as points' })
  accountType: string;

  @ApiProperty({ example: 20000, description: 'Basis points: 20000 = double points.' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  multiplierBp: number;
}

export class PointsPerVisitDto extends EffectDto {
  @Kind('points_per_visit') declare kind: EffectOf<'points_per_visit'>['kind'];

  @ApiProperty({ example: 'points' })
  @Matches(ACCOUNT_TYPE, { message: 'must be an account type code such as points' })
  accountType: string;

  @ApiProperty({ example: 50, description: 'Points for the visit, whatever the tab comes to; no rate or multiplier scales them.' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  points: number;
}

export class PointsPerUnitDto extends EffectDto {
  @Kind('points_per_unit') declare kind: EffectOf<'points_per_unit'>['kind'];

  @ApiProperty({ example: 'stamps', description: 'The account type the points (stamps) go to.' })
  @Matches(ACCOUNT_TYPE, { message: 'must be an account type code such as points' })
  accountType: string;

  @ApiProperty({ example: 1, description: 'Points (stamps) for each whole unit in the rule’s scope: a stamp per coffee.' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  points: number;
}

export class TabLimitDto extends EffectDto {
  @Kind('tab_limit') declare kind: EffectOf<'tab_limit'>['kind'];

  @ApiProperty({ example: 500000, description: 'The most one tab may come to, in minor units.' })
  @IsMinorUnits()
  amount: number;

  @ApiPropertyOptional({ example: 'EUR' })
  @Optional()
  @Matches(CURRENCY, { message: 'must be an ISO 4217 code such as EUR' })
  currency?: string;
}

export class DailyOperationsLimitDto extends EffectDto {
  @Kind('daily_operations_limit') declare kind: EffectOf<'daily_operations_limit'>['kind'];

  @ApiProperty({ enum: DAILY_OPERATIONS })
  @IsIn(DAILY_OPERATIONS)
  operation: DailyOperation;

  @ApiProperty({ example: 3 })
  @IsInt()
  @Min(0)
  @Max(10_000)
  count: number;
}

export class DailyBonusSpendLimitDto extends EffectDto {
  @Kind('daily_bonus_spend_limit') declare kind: EffectOf<'daily_bonus_spend_limit'>['kind'];

  @ApiProperty({ example: 'bonus' })
  @Matches(ACCOUNT_TYPE, { message: 'must be an account type code such as bonus' })
  accountType: string;

  @ApiProperty({ example: 5000, description: 'In the account’s units.' })
  @IsMinorUnits()
  amount: number;
}

export class BonusPaymentCapDto extends EffectDto {
  @Kind('bonus_payment_cap') declare kind: EffectOf<'bonus_payment_cap'>['kind'];

  @ApiProperty({ example: 'bonus', description: 'The account type whose payments are capped.' })
  @Matches(ACCOUNT_TYPE, { message: 'must be an account type code such as bonus' })
  accountType: string;

  @ApiProperty({
    example: 7000,
    description: 'The most the account may pay, in basis points of what the lines in the rule’s scope come to after discounts: 7000 = 70%. Lines out of scope (exclude alcohol by tag) it may not pay for.',
  })
  @IsInt()
  @Min(0)
  @Max(10_000)
  maxShareBp: number;
}

export class IssueCouponDto extends EffectDto {
  @Kind('issue_coupon') declare kind: EffectOf<'issue_coupon'>['kind'];

  @ApiProperty({ example: 'NEXT10', description: 'The promotion category the coupon brings to a later tab.' })
  @Matches(/^[A-Z0-9][A-Z0-9_-]{0,63}$/, { message: 'must be a category code such as VIP10' })
  categoryCode: string;

  @ApiProperty({ example: 30, description: 'How many days from the close the coupon is valid.' })
  @IsInt()
  @Min(1)
  @Max(3660)
  validDays: number;
}

/**
 * The DTO of each kind a rule may carry. The check ties them to the engine's union: one DTO
 * per kind, no other, each with that `kind` and the fields of the engine's shape (the
 * currency may be left out, the service fills in the tenant's).
 */
const EFFECT_DTOS = {
  percent_off: PercentOffDto,
  amount_off: AmountOffDto,
  fixed_price: FixedPriceDto,
  buy_x_get_y: BuyXGetYDto,
  bundle_price: BundlePriceDto,
  points_rate: PointsRateDto,
  points_multiplier: PointsMultiplierDto,
  points_per_visit: PointsPerVisitDto,
  points_per_unit: PointsPerUnitDto,
  tab_limit: TabLimitDto,
  daily_operations_limit: DailyOperationsLimitDto,
  daily_bonus_spend_limit: DailyBonusSpendLimitDto,
  bonus_payment_cap: BonusPaymentCapDto,
  issue_coupon: IssueCouponDto,
} satisfies { [K in RuleEffectKind]: new () => { kind: K } & { [F in keyof EffectOf<K>]?: EffectOf<K>[F] } };

/** Kinds whose DTO has fields other than the engine's shape, or lacks some of them; a compile-time check that there are none. */
type Unlike = {
  [K in RuleEffectKind]: [keyof EffectOf<K>] extends [keyof InstanceType<(typeof EFFECT_DTOS)[K]>]
    ? [keyof InstanceType<(typeof EFFECT_DTOS)[K]>] extends [keyof EffectOf<K>]
      ? never
      : K
    : K;
}[RuleEffectKind];
true satisfies ([Unlike] extends [never] ? true : Unlike);

/** The effects as class-transformer's discriminator and the OpenAPI `oneOf` take them, in the engine's order. */
export const EFFECT_SUBTYPES = RULE_EFFECT_KINDS.map((name) => ({ value: EFFECT_DTOS[name], name }));
