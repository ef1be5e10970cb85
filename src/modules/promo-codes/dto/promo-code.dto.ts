import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { IsKey, Optional } from '../../../common/validation/decorators.js';
import { CODE_CHARACTERS } from '../code-text.js';
import { CODE_REFUSALS, CODE_USAGES, CODE_USE_STATUSES, type CodeRefusal, type CodeUsage, type CodeUseStatus } from '../promo-code.entity.js';

/** What every code of a batch, or a code of its own, is for and how long. */
class CodeTermsDto {
  @ApiProperty({ example: 'WELCOME10', description: 'The promotion category whose rules the code unlocks on the tab.' })
  @Matches(/^[A-Z0-9][A-Z0-9_-]{0,63}$/, { message: 'must be a category code such as VIP10' })
  categoryCode: string;

  @ApiProperty({ enum: CODE_USAGES, description: '`single`: one tab in all; `per_guest`: once by each guest; `limited`: `maxUses` tabs in all.' })
  @IsIn(CODE_USAGES)
  usage: CodeUsage;

  @ApiPropertyOptional({ example: 100, description: 'For `limited` (required there): how many tabs may use the code.' })
  @ValidateIf((input: CodeTermsDto) => input.usage === 'limited' || input.maxUses !== undefined)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  maxUses?: number;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z' })
  @Optional()
  @IsISO8601({ strict: true })
  validFrom?: string;

  @ApiPropertyOptional({ example: '2026-12-31T23:59:59Z' })
  @Optional()
  @IsISO8601({ strict: true })
  validTo?: string;
}

export class CreatePromoCodeDto extends CodeTermsDto {
  @ApiProperty({ example: 'SUMMER10', description: 'As guests type it; stored in upper case without spaces or dashes.' })
  @IsString()
  @Length(3, 64)
  @Matches(/^[A-Za-z0-9 -]+$/, { message: 'must be letters, digits, spaces or dashes' })
  code: string;

  @ApiPropertyOptional({ description: 'A code for one guest only (a coupon sent to them).' })
  @Optional()
  @IsKey(32)
  customerId?: string;
}

export class CreateCodeBatchDto extends CodeTermsDto {
  @ApiProperty({ example: 'December flyers' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 500, description: 'How many codes to generate, at most 100,000.' })
  @IsInt()
  @Min(1)
  @Max(100_000)
  count: number;

  @ApiPropertyOptional({ example: 'XMAS', description: 'Starts every code; Crockford base 32 characters (no I, L, O, U), at most 10.' })
  @Optional()
  @Matches(CODE_CHARACTERS, { message: 'must be digits and letters other than I, L, O and U' })
  @Length(0, 10)
  prefix?: string;
}

export class PromoCodeUseDto {
  @ApiProperty() tabId: string;
  @ApiProperty({ nullable: true, type: String }) customerId: string | null;
  @ApiProperty({ enum: CODE_USE_STATUSES }) status: CodeUseStatus;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class PromoCodeDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'SUMMER10' }) code: string;
  @ApiProperty({ nullable: true, type: String }) batchId: string | null;
  @ApiProperty() categoryCode: string;
  @ApiProperty({ enum: CODE_USAGES }) usage: CodeUsage;
  @ApiProperty({ nullable: true, type: Number }) maxUses: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) validFrom: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) validTo: string | null;
  @ApiProperty({ nullable: true, type: String }) customerId: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'Tabs the code holds now: set aside by a pre-check or used by a close.' }) used: number;
  @ApiProperty({ type: () => [PromoCodeUseDto], description: 'Every tab the code was on, oldest first.' }) uses: PromoCodeUseDto[];
}

export class CodeBatchDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() categoryCode: string;
  @ApiProperty({ enum: CODE_USAGES }) usage: CodeUsage;
  @ApiProperty({ nullable: true, type: Number }) maxUses: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) validFrom: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) validTo: string | null;
  @ApiProperty() count: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** A code typed at the till, as evaluate and the pre-check and close answer it. */
export class CodeOnTabDto {
  @ApiProperty({ example: 'SUMMER10', description: 'As stored: upper case, without spaces or dashes.' }) code: string;
  @ApiProperty({ enum: ['applies', 'refused'] }) status: 'applies' | 'refused';
  @ApiPropertyOptional({ description: 'The category whose rules it brings, when it applies.' }) categoryCode?: string;
  @ApiPropertyOptional({ enum: CODE_REFUSALS, description: 'Why it gives nothing, when refused.' }) reason?: CodeRefusal;
}
