import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsObject, IsOptional, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { ApiMoney, IsMinorUnits, Optional } from '../../../common/validation/decorators.js';

/** What a discount or an accrual is computed on. */
export class BaseDto {
  @ApiProperty({ description: 'Include the tax in the base.' })
  @IsBoolean()
  includeTax: boolean;

  @ApiProperty({ description: 'Include the tab’s service charge (spread over its lines) in the base.' })
  @IsBoolean()
  includeServiceCharge: boolean;
}

export class UpdateSettingsDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'SE', description: 'ISO 3166 country of national phone numbers; null falls back to the plugin option.' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166 country code such as SE' })
  defaultCountry?: string | null;

  @ApiPropertyOptional({ type: () => BaseDto, description: 'What discounts are computed on; default: pre-tax, without service charge.' })
  @Optional()
  @ValidateNested() @IsObject()
  @Type(() => BaseDto)
  discountBase?: BaseDto;

  @ApiPropertyOptional({ type: () => BaseDto, description: 'What points accrue on; default: pre-tax, without service charge.' })
  @Optional()
  @ValidateNested() @IsObject()
  @Type(() => BaseDto)
  accrualBase?: BaseDto;

  @ApiPropertyOptional({ description: 'Accrue points on the part paid with bonus money too (default false: only on money).' })
  @Optional()
  @IsBoolean()
  accrueOnBonusPayments?: boolean;

  @ApiPropertyOptional({ description: 'Accrue points on the part paid with a gift card too (default false).' })
  @Optional()
  @IsBoolean()
  accrueOnGiftCardPayments?: boolean;

  @ApiPropertyOptional({ description: 'Discount and accrue on a gift card sold on a tab (an item tagged `gift_card`) like on any line (default false: its sale is neither).' })
  @Optional()
  @IsBoolean()
  giftCardSalesLikeAnyLine?: boolean;

  @ApiMoney({
    required: false,
    nullable: true,
    description: 'The most a till may let a guest spend from one account while it cannot reach the plugin (the offline pack’s allowance, in the default currency); null (the default) lets nothing be spent offline',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsMinorUnits()
  offlineAllowance?: number | null;
}

export class SettingsDto {
  @ApiProperty({ type: String, nullable: true, example: 'SE' })
  defaultCountry: string | null;

  @ApiProperty({ type: String, description: 'The country in effect: the tenant’s own, else the plugin option.', nullable: true })
  effectiveDefaultCountry: string | null;

  @ApiProperty({ example: 'Europe/Stockholm' })
  timeZone: string;

  @ApiProperty({ example: 'EUR' })
  defaultCurrency: string;

  @ApiProperty({ type: () => BaseDto })
  discountBase: BaseDto;

  @ApiProperty({ type: () => BaseDto })
  accrualBase: BaseDto;

  @ApiProperty()
  accrueOnBonusPayments: boolean;

  @ApiProperty()
  accrueOnGiftCardPayments: boolean;

  @ApiProperty()
  giftCardSalesLikeAnyLine: boolean;

  @ApiMoney({ nullable: true, description: 'The most a guest may spend from one account at a till offline; null: nothing' })
  offlineAllowance: number | null;
}
