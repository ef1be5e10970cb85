import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';
import { IsMinorUnits, Optional } from '../../common/validation/decorators.js';

const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export class BirthdayBenefitDto {
  @ApiProperty({ description: 'Give the benefit; the birthdays job runs every morning.' })
  @IsBoolean()
  enabled: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'points', description: 'Account type credited on the birthday.' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(CODE, { message: 'must be an account type code' })
  accountTypeCode?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 500, description: 'Credited amount: points, or minor units of bonus money.' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsMinorUnits()
  @Min(1)
  amount?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'BIRTHDAY', description: 'Promotion category the guest carries from the birthday on (a birthday discount).' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(CODE, { message: 'must be a promotion category code' })
  categoryCode?: string | null;

  @ApiPropertyOptional({ default: 1, example: 7, description: 'Days the category lasts, the birthday included.' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(31)
  categoryDays?: number;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'BIRTHDAY_DESSERT', description: 'Promotion category of a birthday coupon: a single-use code of the guest’s own that brings it to one later tab.' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(CODE, { message: 'must be a promotion category code' })
  couponCategoryCode?: string | null;

  @ApiPropertyOptional({ default: 30, example: 30, description: 'Days the birthday coupon is valid, from the birthday morning.' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(365)
  couponDays?: number;
}
