import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { IsMinorUnits, Optional } from '../../../common/validation/decorators.js';

const ACCOUNT_TYPE = /^[a-z][a-z0-9_-]{0,63}$/;
const CURRENCY = /^[A-Z]{3}$/;

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

/** The common shape; the `kind` picks the concrete effect below. */
export class EffectDto {
  @ApiProperty({ enum: EFFECT_KINDS })
  @IsIn(EFFECT_KINDS)
  kind: (typeof EFFECT_KINDS)[number];
}

export class PercentOffDto extends EffectDto {
  @ApiProperty({ enum: ['percent_off'] }) declare kind: 'percent_off';

  @ApiProperty({ example: 1000, description: 'Basis points of the discount base: 1000 = 10%.' })
  @IsInt()
  @Min(1)
  @Max(10_000)
  percentBp: number;
}

export class AmountOffDto extends EffectDto {
  @ApiProperty({ enum: ['amount_off'] }) declare kind: 'amount_off';

  @ApiProperty({ example: 500, description: 'Minor units.' })
  @IsMinorUnits()
  @Min(1)
  amount: number;

  @ApiProperty({ enum: ['line', 'tab'], description: 'Off each line in scope, or off the tab spread over its lines in scope.' })
  @IsIn(['line', 'tab'])
  per: 'line' | 'tab';

  @ApiPropertyOptional({ example: 'EUR', description: 'The tenant’s default currency when absent; other currencies’ tabs are left alone.' })
  @Optional()
  @Matches(CURRENCY, { message: 'must be an ISO 4217 code such as EUR' })
  currency?: string;
}

export class FixedPriceDto extends EffectDto {
  @ApiProperty({ enum: ['fixed_price'] }) declare kind: 'fixed_price';

  @ApiProperty({ example: 100, description: 'What one unit in scope costs, in minor units.' })
  @IsMinorUnits()
  unitPrice: number;

  @ApiPropertyOptional({ example: 'EUR' })
  @Optional()
  @Matches(CURRENCY, { message: 'must be an ISO 4217 code such as EUR' })
  currency?: string;
}

export class PointsRateDto extends EffectDto {
  @ApiProperty({ enum: ['points_rate'] }) declare kind: 'points_rate';

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
  @ApiProperty({ enum: ['points_multiplier'] }) declare kind: 'points_multiplier';

  @ApiProperty({ example: 'points' })
  @Matches(ACCOUNT_TYPE, { message: 'must be an account type code such as points' })
  accountType: string;

  @ApiProperty({ example: 20000, description: 'Basis points: 20000 = double points.' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  multiplierBp: number;
}

export class TabLimitDto extends EffectDto {
  @ApiProperty({ enum: ['tab_limit'] }) declare kind: 'tab_limit';

  @ApiProperty({ example: 500000, description: 'The most one tab may come to, in minor units.' })
  @IsMinorUnits()
  amount: number;

  @ApiPropertyOptional({ example: 'EUR' })
  @Optional()
  @Matches(CURRENCY, { message: 'must be an ISO 4217 code such as EUR' })
  currency?: string;
}

export class DailyOperationsLimitDto extends EffectDto {
  @ApiProperty({ enum: ['daily_operations_limit'] }) declare kind: 'daily_operations_limit';

  @ApiProperty({ enum: ['identifications', 'closed_tabs'] })
  @IsIn(['identifications', 'closed_tabs'])
  operation: 'identifications' | 'closed_tabs';

  @ApiProperty({ example: 3 })
  @IsInt()
  @Min(0)
  @Max(10_000)
  count: number;
}

export class DailyBonusSpendLimitDto extends EffectDto {
  @ApiProperty({ enum: ['daily_bonus_spend_limit'] }) declare kind: 'daily_bonus_spend_limit';

  @ApiProperty({ example: 'bonus' })
  @Matches(ACCOUNT_TYPE, { message: 'must be an account type code such as bonus' })
  accountType: string;

  @ApiProperty({ example: 5000, description: 'In the account’s units.' })
  @IsMinorUnits()
  amount: number;
}

export const EFFECT_SUBTYPES = [
  { value: PercentOffDto, name: 'percent_off' },
  { value: AmountOffDto, name: 'amount_off' },
  { value: FixedPriceDto, name: 'fixed_price' },
  { value: PointsRateDto, name: 'points_rate' },
  { value: PointsMultiplierDto, name: 'points_multiplier' },
  { value: TabLimitDto, name: 'tab_limit' },
  { value: DailyOperationsLimitDto, name: 'daily_operations_limit' },
  { value: DailyBonusSpendLimitDto, name: 'daily_bonus_spend_limit' },
];
