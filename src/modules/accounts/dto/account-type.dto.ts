import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IsMinorUnits, Optional } from '../../../common/validation/decorators.js';
import { ACCOUNT_KINDS, EXPIRY_KINDS, EXPIRY_PERIODS, type AccountKind, type ExpiryPeriod, type ExpiryPolicy } from '../entities/account-type.entity.js';

/**
 * A policy as a request is checked: one class for every kind, so a field of another kind
 * is ignored, not refused as unknown. The document describes each kind apart (below).
 */
export class ExpiryPolicyDto {
  @IsIn(EXPIRY_KINDS)
  kind: ExpiryPolicy['kind'];

  @ValidateIf((policy: ExpiryPolicyDto) => policy.kind === 'days_after_credit')
  @IsInt()
  @Min(1)
  @Max(3650)
  days?: number;

  @ValidateIf((policy: ExpiryPolicyDto) => policy.kind === 'end_of_period')
  @IsIn(EXPIRY_PERIODS)
  period?: ExpiryPeriod;
}

export class NeverExpiryDto {
  @ApiProperty({ enum: ['never'] }) kind: 'never';
}

export class DaysAfterCreditExpiryDto {
  @ApiProperty({ enum: ['days_after_credit'] }) kind: 'days_after_credit';
  @ApiProperty({ example: 365, minimum: 1, maximum: 3650 }) days: number;
}

export class EndOfPeriodExpiryDto {
  @ApiProperty({ enum: ['end_of_period'] }) kind: 'end_of_period';
  @ApiProperty({ enum: EXPIRY_PERIODS }) period: ExpiryPeriod;
}

/** The document's shape of each policy kind; the check keeps one per kind of the entity's union, each with that `kind`. */
const EXPIRY_DTOS = {
  never: NeverExpiryDto,
  days_after_credit: DaysAfterCreditExpiryDto,
  end_of_period: EndOfPeriodExpiryDto,
} satisfies { [K in ExpiryPolicy['kind']]: new () => { kind: K } };

const EXPIRY_SUBTYPES = EXPIRY_KINDS.map((name) => ({ value: EXPIRY_DTOS[name], name }));

const ExpiryProperty = (options: ApiPropertyOptions = {}) =>
  ApiProperty({
    oneOf: EXPIRY_SUBTYPES.map((subtype) => ({ $ref: getSchemaPath(subtype.value) })),
    // The mapping names each kind's schema: without it a generated client expects the schema's name in `kind`.
    discriminator: { propertyName: 'kind', mapping: Object.fromEntries(EXPIRY_SUBTYPES.map((subtype) => [subtype.name, getSchemaPath(subtype.value)])) },
    ...options,
  });

@ApiExtraModels(...EXPIRY_SUBTYPES.map((subtype) => subtype.value))
export class CreateAccountTypeDto {
  @ApiProperty({ example: 'points', description: 'Lower-case code rules and rewards name it by.' })
  @Matches(/^[a-z][a-z0-9_-]{0,63}$/, { message: 'must be a lower-case code such as points' })
  code: string;

  @ApiProperty({ example: 'Regulars points' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: ACCOUNT_KINDS })
  @IsIn(ACCOUNT_KINDS)
  kind: AccountKind;

  @ApiProperty({ example: 'points', description: '"points", or an ISO 4217 currency for money accounts.' })
  @Matches(/^(points|[A-Z]{3})$/, { message: 'must be "points" or an ISO 4217 code such as EUR' })
  unit: string;

  @ApiPropertyOptional({ example: 100, default: 1, description: 'Accruals round down to a multiple of this.' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  roundingStep?: number;

  @ApiPropertyOptional({ default: false, description: 'May the balance go below zero (corporate credit)?' })
  @Optional()
  @IsBoolean()
  allowNegative?: boolean;

  @ApiPropertyOptional({ example: 5_000_000, description: 'How far below zero, when allowed.' })
  @Optional()
  @IsMinorUnits()
  creditLimit?: number;

  // Typed as the policy, not as the class that checks it: the document would add that class to the variants.
  @ExpiryProperty({ required: false, description: 'Default: never.' })
  @Optional()
  @ValidateNested() @IsObject()
  @Type(() => ExpiryPolicyDto)
  expiry?: ExpiryPolicy;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 50_000, description: 'The most a customer may spend from it in one business day.' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsMinorUnits()
  dailySpendLimit?: number | null;
}

@ApiExtraModels(...EXPIRY_SUBTYPES.map((subtype) => subtype.value))
export class UpdateAccountTypeDto {
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional() @Optional() @IsInt() @Min(1) @Max(1_000_000) roundingStep?: number;
  @ApiPropertyOptional() @Optional() @IsBoolean() allowNegative?: boolean;
  @ApiPropertyOptional() @Optional() @IsMinorUnits() creditLimit?: number;
  @ExpiryProperty({ required: false }) @Optional() @ValidateNested() @IsObject() @Type(() => ExpiryPolicyDto) expiry?: ExpiryPolicy;
  @ApiPropertyOptional({ type: Number, nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsMinorUnits() dailySpendLimit?: number | null;
  @ApiPropertyOptional() @Optional() @IsBoolean() active?: boolean;
}

@ApiExtraModels(...EXPIRY_SUBTYPES.map((subtype) => subtype.value))
export class AccountTypeDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ACCOUNT_KINDS }) kind: AccountKind;
  @ApiProperty() unit: string;
  @ApiProperty() roundingStep: number;
  @ApiProperty() allowNegative: boolean;
  @ApiProperty() creditLimit: number;
  @ExpiryProperty() expiry: ExpiryPolicy;
  @ApiProperty({ nullable: true, type: Number }) dailySpendLimit: number | null;
  @ApiProperty() active: boolean;
}
