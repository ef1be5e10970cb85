import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { MAX_BALANCE } from '../../../common/validation/limits.js';
import { IsCodeList, Optional } from '../../../common/validation/decorators.js';
import { TIER_METRICS, type TierMetric } from '../entities/tier.entity.js';
import { MOVE_REASONS, type MoveReason } from '../entities/tier-move.entity.js';

const CODE = /^[A-Z0-9][A-Z0-9_-]{0,63}$/;

export class CreateTierDto {
  @ApiProperty({ example: 'GOLD', description: 'Upper-case letters, digits, _ and -; unique in the tenant.' })
  @Matches(CODE, { message: 'must be upper-case letters, digits, _ or - (up to 64), such as GOLD' })
  code: string;

  @ApiProperty({ example: 'Gold, 10% off' })
  @IsString()
  @Length(1, 128)
  name: string;

  @ApiProperty({ example: 2, description: 'Order of the tiers: higher is better; unique in the tenant.' })
  @IsInt()
  @Min(0)
  @Max(1000)
  rank: number;

  @ApiPropertyOptional({ type: [String], example: ['GOLD_10'], description: 'Promotion category codes the tier brings to its customers’ tabs.' })
  @Optional()
  @IsCodeList()
  categories?: string[];

  @ApiProperty({ enum: TIER_METRICS, description: 'spent: net spend in minor units; points: points earned; visits: closed visits.' })
  @IsIn(TIER_METRICS)
  metric: TierMetric;

  @ApiProperty({ example: 100000, description: 'What the metric must reach: minor units, points or visits.' })
  @IsInt()
  @Min(0)
  @Max(MAX_BALANCE)
  threshold: number;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 365, description: 'Count only the last N days; null or absent: the whole history.' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(3650)
  windowDays?: number | null;

  @ApiPropertyOptional({ default: true, description: 'Customers who reach the threshold move in by themselves.' })
  @Optional()
  @IsBoolean()
  autoEnter?: boolean;

  @ApiPropertyOptional({ default: false, description: 'Customers in this tier stay in it below its threshold.' })
  @Optional()
  @IsBoolean()
  neverDowngrade?: boolean;

  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateTierDto extends PartialType(OmitType(CreateTierDto, ['code'] as const), { skipNullProperties: false }) {}

export class TierDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() rank: number;
  @ApiProperty({ type: [String] }) categories: string[];
  @ApiProperty({ enum: TIER_METRICS }) metric: TierMetric;
  @ApiProperty() threshold: number;
  @ApiProperty({ nullable: true, type: Number }) windowDays: number | null;
  @ApiProperty() autoEnter: boolean;
  @ApiProperty() neverDowngrade: boolean;
  @ApiProperty() active: boolean;
}

export class UpdateTierSettingsDto {
  @ApiPropertyOptional({ description: 'Move customers down when they fall below their tier’s threshold.' })
  @Optional()
  @IsBoolean()
  downgradeEnabled?: boolean;

  @ApiPropertyOptional({ example: 30, description: 'Days between downgrade checks; 0 checks at every run of the tier job.' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(3650)
  downgradePeriodDays?: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'SILVER',
    description: 'Tier code customers move down to (and below which nobody is moved down); null: the highest lower tier they still qualify for, else the lowest.',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(CODE, { message: 'must be a tier code' })
  downgradeTargetTierCode?: string | null;
}

export class TierSettingsDto {
  @ApiProperty() downgradeEnabled: boolean;
  @ApiProperty() downgradePeriodDays: number;
  @ApiProperty({ nullable: true, type: String }) downgradeTargetTierCode: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastDowngradeCheckAt: string | null;
}

export class MoveCustomerDto {
  @ApiProperty({ nullable: true, type: String, example: 'GOLD', description: 'The tier to put the customer in; null takes them out of every tier.' })
  @ValidateIf((_, value) => value !== null)
  @Matches(CODE, { message: 'must be a tier code or null' })
  tierCode: string | null;

  @ApiPropertyOptional({ example: 'Owner’s friend' })
  @Optional()
  @IsString()
  @Length(0, 500)
  note?: string;
}

export class TierMoveDto {
  @ApiProperty() id: string;
  @ApiProperty() customerId: string;
  @ApiProperty({ nullable: true, type: String }) fromTierCode: string | null;
  @ApiProperty({ nullable: true, type: String }) toTierCode: string | null;
  @ApiProperty({ enum: MOVE_REASONS }) reason: MoveReason;
  @ApiProperty({ nullable: true, enum: TIER_METRICS }) metric: TierMetric | null;
  @ApiProperty({ nullable: true, type: Number }) metricValue: number | null;
  @ApiProperty({ nullable: true, type: Number }) threshold: number | null;
  @ApiProperty({ format: 'date-time' }) movedAt: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) jobRunId: string | null;
  @ApiProperty({ nullable: true, type: String }) visitId: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
}

/** The customer's tier as the waiter sees it on the card. */
export interface CardTier {
  code: string;
  name: string;
  since: string | null;
}

/** The next tier the customer can reach by themselves, and what is missing. */
export interface NextTier {
  code: string;
  name: string;
  metric: TierMetric;
  threshold: number;
  value: number;
  missing: number;
}
