import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches, ValidateIf } from 'class-validator';

export class UpdateSettingsDto {
  @ApiPropertyOptional({ nullable: true, example: 'SE', description: 'ISO 3166 country of national phone numbers; null falls back to the plugin option.' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166 country code such as SE' })
  defaultCountry?: string | null;
}

export class SettingsDto {
  @ApiProperty({ nullable: true, example: 'SE' })
  defaultCountry: string | null;

  @ApiProperty({ description: 'The country in effect: the tenant’s own, else the plugin option.', nullable: true })
  effectiveDefaultCountry: string | null;

  @ApiProperty({ example: 'Europe/Stockholm' })
  timeZone: string;

  @ApiProperty({ example: 'EUR' })
  defaultCurrency: string;
}
