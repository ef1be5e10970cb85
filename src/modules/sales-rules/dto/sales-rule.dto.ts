import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsMinorUnits, Optional } from '../../../common/validation/decorators.js';
import { MAX_QUANTITY } from '../../../common/validation/limits.js';
import { BaseDto } from '../../settings/dto/settings.dto.js';
import { STACKINGS, type Stacking } from '../engine/types.js';
import { RULE_CHANGES, type RuleChange } from '../entities/sales-rule-version.entity.js';
import { LIMIT_PERIODS, LIMIT_PERS, type LimitPer, type LimitPeriod } from '../rule-limits.js';
import { EFFECT_SUBTYPES, EffectDto, ScopeDto } from './effect.dto.js';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class RuleLimitDto {
  @ApiProperty({ enum: LIMIT_PERS, description: '`rule`: all tabs together (a programme-wide cap); `guest`, `location`, `code`: each one separately.' })
  @IsIn(LIMIT_PERS)
  per: LimitPer;

  @ApiProperty({ enum: LIMIT_PERIODS, description: 'The restaurant’s day, ISO week, month or year, or `total`.' })
  @IsIn(LIMIT_PERIODS)
  period: LimitPeriod;

  @ApiPropertyOptional({ example: 100, description: 'Tabs the rule may discount in the period.' })
  @ValidateIf((limit: RuleLimitDto) => limit.redemptions !== undefined || limit.discount === undefined)
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  redemptions?: number;

  @ApiPropertyOptional({ example: 50000, description: 'Minor units the rule may take off in the period, its tabs together.' })
  @ValidateIf((limit: RuleLimitDto) => limit.discount !== undefined)
  @IsMinorUnits()
  @Min(1)
  discount?: number;
}

export class RuleBudgetDto {
  @ApiProperty({ type: () => [RuleLimitDto], description: 'Up to 10 limits; each must hold. Only rules that take money off a tab have them.' })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RuleLimitDto)
  limits: RuleLimitDto[];

  @ApiPropertyOptional({ default: false, description: 'A tab that would take more than a money limit has left gets what is left, instead of nothing.' })
  @Optional()
  @IsBoolean()
  partialReward?: boolean;
}

export class ConditionsDto {
  @ApiPropertyOptional({ type: [Number], example: [1, 2, 3, 4, 5], description: 'ISO weekdays: 1 = Monday … 7 = Sunday.' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  daysOfWeek?: number[];

  @ApiPropertyOptional({ example: '17:00', description: 'Local time; with timeTo. 22:00–02:00 crosses midnight.' })
  @ValidateIf((c: ConditionsDto) => c.timeFrom !== undefined || c.timeTo !== undefined)
  @Matches(HHMM, { message: 'must be HH:MM, and given together with timeTo' })
  timeFrom?: string;

  @ApiPropertyOptional({ example: '19:00' })
  @ValidateIf((c: ConditionsDto) => c.timeFrom !== undefined || c.timeTo !== undefined)
  @Matches(HHMM, { message: 'must be HH:MM, and given together with timeFrom' })
  timeTo?: string;

  @ApiPropertyOptional({ example: '2026-12-01' })
  @Optional()
  @IsISO8601({ strict: true })
  @Length(10, 10, { message: 'must be a date such as 2026-12-01' })
  dateFrom?: string;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @Optional()
  @IsISO8601({ strict: true })
  @Length(10, 10, { message: 'must be a date such as 2026-12-31' })
  dateTo?: string;

  @ApiPropertyOptional({ example: 5000, description: 'The tab’s gross amount before discounts, minor units.' })
  @Optional()
  @IsMinorUnits()
  minTabAmount?: number;

  @ApiPropertyOptional({ example: 2, description: 'Units of the rule’s scope on the tab.' })
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 })
  @Min(0)
  @Max(MAX_QUANTITY)
  minQuantity?: number;

  @ApiPropertyOptional({ example: 4 })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  minGuests?: number;

  @ApiPropertyOptional({ example: 8 })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  maxGuests?: number;
}

const EffectProperty = () =>
  ApiProperty({
    oneOf: EFFECT_SUBTYPES.map((subtype) => ({ $ref: getSchemaPath(subtype.value) })),
    // The mapping names each kind's schema: without it a generated client expects the schema's name in `kind`.
    discriminator: { propertyName: 'kind', mapping: Object.fromEntries(EFFECT_SUBTYPES.map((subtype) => [subtype.name, getSchemaPath(subtype.value)])) },
    description: 'What the rule does; `kind` selects the shape.',
  });

const EffectType = () =>
  Type(() => EffectDto, { discriminator: { property: 'kind', subTypes: EFFECT_SUBTYPES }, keepDiscriminatorProperty: true });

@ApiExtraModels(...EFFECT_SUBTYPES.map((subtype) => subtype.value))
export class CreateSalesRuleDto {
  @ApiProperty({ example: 'HAPPY', description: 'The category the rule hangs on.' })
  @IsString()
  @Length(1, 64)
  categoryCode: string;

  @ApiPropertyOptional({ example: 'Happy hour: 20% off drinks' })
  @Optional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ default: 100, description: 'Smaller goes first and wins ties.' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  priority?: number;

  @ApiPropertyOptional({ enum: STACKINGS, default: 'stack' })
  @Optional()
  @IsIn(STACKINGS)
  stacking?: Stacking;

  @EffectProperty()
  @ValidateNested() @IsObject()
  @EffectType()
  effect: EffectDto;

  @ApiPropertyOptional({ type: () => ScopeDto })
  @Optional()
  @ValidateNested() @IsObject()
  @Type(() => ScopeDto)
  scope?: ScopeDto;

  @ApiPropertyOptional({ type: () => ConditionsDto })
  @Optional()
  @ValidateNested() @IsObject()
  @Type(() => ConditionsDto)
  conditions?: ConditionsDto;

  @ApiPropertyOptional({ type: () => BaseDto, nullable: true, description: 'Overrides the tenant’s discount base.' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @ValidateNested() @IsObject()
  @Type(() => BaseDto)
  discountBase?: BaseDto | null;

  @ApiPropertyOptional({ type: () => BaseDto, nullable: true, description: 'Overrides the tenant’s accrual base.' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @ValidateNested() @IsObject()
  @Type(() => BaseDto)
  accrualBase?: BaseDto | null;

  @ApiPropertyOptional({ type: () => RuleBudgetDto, nullable: true, description: 'How often and how much the rule may give; none when absent.' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @ValidateNested() @IsObject()
  @Type(() => RuleBudgetDto)
  budget?: RuleBudgetDto | null;
}

@ApiExtraModels(...EFFECT_SUBTYPES.map((subtype) => subtype.value))
export class UpdateSalesRuleDto {
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Length(1, 200) name?: string | null;
  @ApiPropertyOptional() @Optional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional() @Optional() @IsInt() @Min(0) @Max(10_000) priority?: number;
  @ApiPropertyOptional({ enum: STACKINGS }) @Optional() @IsIn(STACKINGS) stacking?: Stacking;

  @EffectProperty()
  @Optional()
  @ValidateNested() @IsObject()
  @EffectType()
  effect?: EffectDto;

  @ApiPropertyOptional({ type: () => ScopeDto }) @Optional() @ValidateNested() @IsObject() @Type(() => ScopeDto) scope?: ScopeDto;
  @ApiPropertyOptional({ type: () => ConditionsDto }) @Optional() @ValidateNested() @IsObject() @Type(() => ConditionsDto) conditions?: ConditionsDto;

  @ApiPropertyOptional({ type: () => BaseDto, nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @ValidateNested() @IsObject()
  @Type(() => BaseDto)
  discountBase?: BaseDto | null;

  @ApiPropertyOptional({ type: () => BaseDto, nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @ValidateNested() @IsObject()
  @Type(() => BaseDto)
  accrualBase?: BaseDto | null;

  @ApiPropertyOptional({ type: () => RuleBudgetDto, nullable: true, description: 'null takes the limits off.' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @ValidateNested() @IsObject()
  @Type(() => RuleBudgetDto)
  budget?: RuleBudgetDto | null;
}

export class SalesRuleDto {
  @ApiProperty() id: string;
  @ApiProperty() categoryId: string;
  @ApiProperty() categoryCode: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty() priority: number;
  @ApiProperty({ enum: STACKINGS }) stacking: Stacking;
  @EffectProperty() effect: object;
  @ApiProperty({ type: () => ScopeDto }) scope: ScopeDto;
  @ApiProperty({ type: () => ConditionsDto }) conditions: ConditionsDto;
  @ApiProperty({ type: () => BaseDto, nullable: true }) discountBase: BaseDto | null;
  @ApiProperty({ type: () => BaseDto, nullable: true }) accrualBase: BaseDto | null;
  @ApiProperty({ type: () => RuleBudgetDto, nullable: true }) budget: RuleBudgetDto | null;
  @ApiProperty({ description: 'Grows with every change; closed tabs name the version that priced them.' }) version: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() updatedBy: string;
}

/** A rule as it was after one change, kept so a closed tab's pricing can be explained later. */
export class SalesRuleVersionDto {
  @ApiProperty() ruleId: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: () => SalesRuleDto }) rule: SalesRuleDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() createdBy: string;
  @ApiProperty({ enum: RULE_CHANGES }) change: RuleChange;
}

export class ListSalesRulesQueryDto {
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 64) categoryCode?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @Optional() @IsIn(['true', 'false']) active?: 'true' | 'false';
}
