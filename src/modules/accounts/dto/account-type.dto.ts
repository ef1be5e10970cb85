import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IsMinorUnits, Optional } from '../../../common/validation/decorators.js';
import { ACCOUNT_KINDS, type AccountKind, type ExpiryPolicy } from '../entities/account-type.entity.js';

export class ExpiryPolicyDto {
  @ApiProperty({ enum: ['never', 'days_after_credit', 'end_of_period'] })
  @IsIn(['never', 'days_after_credit', 'end_of_period'])
  kind: ExpiryPolicy['kind'];

  @ApiPropertyOptional({ example: 365, description: 'For days_after_credit.' })
  @ValidateIf((policy: ExpiryPolicyDto) => policy.kind === 'days_after_credit')
  @IsInt()
  @Min(1)
  @Max(3650)
  days?: number;

  @ApiPropertyOptional({ enum: ['month', 'quarter', 'year'], description: 'For end_of_period.' })
  @ValidateIf((policy: ExpiryPolicyDto) => policy.kind === 'end_of_period')
  @IsIn(['month', 'quarter', 'year'])
  period?: 'month' | 'quarter' | 'year';
}

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

  @ApiPropertyOptional({ type: () => ExpiryPolicyDto, description: 'Default: never.' })
  @Optional()
  @ValidateNested() @IsObject()
  @Type(() => ExpiryPolicyDto)
  expiry?: ExpiryPolicyDto;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 50_000, description: 'The most a customer may spend from it in one business day.' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsMinorUnits()
  dailySpendLimit?: number | null;
}

export class UpdateAccountTypeDto {
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional() @Optional() @IsInt() @Min(1) @Max(1_000_000) roundingStep?: number;
  @ApiPropertyOptional() @Optional() @IsBoolean() allowNegative?: boolean;
  @ApiPropertyOptional() @Optional() @IsMinorUnits() creditLimit?: number;
  @ApiPropertyOptional({ type: () => ExpiryPolicyDto }) @Optional() @ValidateNested() @IsObject() @Type(() => ExpiryPolicyDto) expiry?: ExpiryPolicyDto;
  @ApiPropertyOptional({ type: Number, nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsMinorUnits() dailySpendLimit?: number | null;
  @ApiPropertyOptional() @Optional() @IsBoolean() active?: boolean;
}

export class AccountTypeDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ACCOUNT_KINDS }) kind: AccountKind;
  @ApiProperty() unit: string;
  @ApiProperty() roundingStep: number;
  @ApiProperty() allowNegative: boolean;
  @ApiProperty() creditLimit: number;
  @ApiProperty({ type: () => ExpiryPolicyDto }) expiry: ExpiryPolicy;
  @ApiProperty({ nullable: true, type: Number }) dailySpendLimit: number | null;
  @ApiProperty() active: boolean;
}
