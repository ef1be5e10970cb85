import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { Optional } from '../../../common/validation/decorators.js';

const CODE = /^[A-Z0-9][A-Z0-9_-]{0,63}$/;

export class CreatePromotionCategoryDto {
  @ApiProperty({ example: 'HAPPY', description: 'Upper-case letters, digits, _ and -; unique in the tenant; what hosts put on tabs.' })
  @Matches(CODE, { message: 'must be upper-case letters, digits, _ or - (up to 64), such as HAPPY_HOUR' })
  code: string;

  @ApiProperty({ example: 'Happy hour' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: '20% off drinks from 17 to 19' })
  @Optional()
  @IsString()
  @Length(0, 2000)
  description?: string;

  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ type: Number, example: 3000, nullable: true, description: 'The most this category’s rules take off one line, in basis points (3000 = 30%).' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(0)
  @Max(10_000)
  lineDiscountCapBp?: number | null;
}

export class UpdatePromotionCategoryDto {
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Length(0, 2000)
  description?: string | null;

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(0)
  @Max(10_000)
  lineDiscountCapBp?: number | null;
}

export class PromotionCategoryDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ nullable: true, type: Number }) lineDiscountCapBp: number | null;
  @ApiProperty({ description: 'Grows with every change.' }) version: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() updatedBy: string;
}

export class AssignCategoryDto {
  @ApiProperty({ example: 'VIP10' })
  @Matches(CODE, { message: 'must be a category code such as VIP10' })
  categoryCode: string;

  @ApiPropertyOptional({ example: '2026-12-01', description: 'First day (local), inclusive.' })
  @Optional()
  @IsISO8601({ strict: true })
  @Length(10, 10, { message: 'must be a date such as 2026-12-01' })
  validFrom?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Last day (local), inclusive.' })
  @Optional()
  @IsISO8601({ strict: true })
  @Length(10, 10, { message: 'must be a date such as 2026-12-31' })
  validTo?: string;
}

export class CustomerCategoryDto {
  @ApiProperty() id: string;
  @ApiProperty() categoryId: string;
  @ApiProperty() categoryCode: string;
  @ApiProperty() categoryName: string;
  @ApiProperty({ nullable: true, type: String }) validFrom: string | null;
  @ApiProperty({ nullable: true, type: String }) validTo: string | null;
  @ApiProperty({ description: 'Whether it counts today (category active, today within the dates).' }) inEffect: boolean;
}
