import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsKey, Optional } from '../../../common/validation/decorators.js';
import { PageQueryDto } from '../../../common/pagination.js';
import { ENTRY_METHODS, IDENTIFIER_TYPES, type EntryMethod, type IdentifierType } from '../../../contract/contract-values.js';
import { PresentedIdentifierDto } from '../../../contract/tab-snapshot.dto.js';
import { CHECK_DIGITS, type CheckDigit } from '../entities/card-batch.entity.js';
import { IDENTIFIER_STATUSES, type IdentifierStatus } from '../entities/identifier.entity.js';

export class IdentifierInputDto {
  @ApiProperty({ enum: IDENTIFIER_TYPES, example: 'barcode_card' })
  @IsIn(IDENTIFIER_TYPES)
  type: IdentifierType;

  @ApiProperty({ example: '2000012345678' })
  @IsKey(128)
  value: string;

  @ApiPropertyOptional({ enum: ENTRY_METHODS, example: 'scan' })
  @Optional()
  @IsIn(ENTRY_METHODS)
  entryMethod?: EntryMethod;
}

export class CreateIdentifierDto extends IdentifierInputDto {
  @ApiPropertyOptional({ description: 'The card batch it belongs to.' })
  @Optional()
  @IsKey(32)
  batchId?: string;
}

export class BindIdentifierDto extends IdentifierInputDto {
  @ApiPropertyOptional({ description: 'Move the identifier from its current holder to this customer.' })
  @Optional()
  @IsBoolean()
  reassign?: boolean;
}

export class UpdateIdentifierDto {
  @ApiProperty({ enum: IDENTIFIER_STATUSES, example: 'lost' })
  @IsIn(IDENTIFIER_STATUSES)
  status: IdentifierStatus;

  @ApiPropertyOptional({ example: 'Reported lost by the guest' })
  @Optional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class IdentifierDto {
  @ApiProperty({ example: 'i_01JD7Z3Q8K6Y0M2B5C9D1E4F7G' }) id: string;
  @ApiProperty({ enum: IDENTIFIER_TYPES }) type: IdentifierType;
  @ApiProperty() value: string;
  @ApiProperty({ enum: ENTRY_METHODS, nullable: true }) entryMethod: EntryMethod | null;
  @ApiProperty({ enum: IDENTIFIER_STATUSES }) status: IdentifierStatus;
  @ApiProperty({ nullable: true, type: String }) statusReason: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'null: impersonal (issued, not yet bound)' }) customerId: string | null;
  @ApiProperty({ nullable: true, type: String }) batchId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) boundAt: string | null;
  @ApiProperty({ nullable: true, type: String }) boundBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class IdentifierPageDto {
  @ApiProperty({ type: () => [IdentifierDto] }) items: IdentifierDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ListIdentifiersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: IDENTIFIER_TYPES })
  @Optional()
  @IsIn(IDENTIFIER_TYPES)
  type?: IdentifierType;

  @ApiPropertyOptional()
  @Optional()
  @IsKey(128)
  value?: string;

  @ApiPropertyOptional({ enum: IDENTIFIER_STATUSES })
  @Optional()
  @IsIn(IDENTIFIER_STATUSES)
  status?: IdentifierStatus;

  @ApiPropertyOptional()
  @Optional()
  @IsKey(32)
  batchId?: string;

  @ApiPropertyOptional({ description: '"none" lists impersonal identifiers.' })
  @Optional()
  @IsKey(32)
  customerId?: string;
}

export class CreateCardBatchDto {
  @ApiProperty({ example: 'Gold cards 2026' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: IDENTIFIER_TYPES, example: 'barcode_card' })
  @IsIn(IDENTIFIER_TYPES)
  type: IdentifierType;

  @ApiProperty({ example: '200', description: 'Printed before the running number.' })
  @Matches(/^[0-9A-Za-z-]{0,20}$/, { message: 'must be up to 20 letters, digits or dashes' })
  prefix: string;

  @ApiProperty({ example: 9, description: 'Digits of the running number, zero-padded.' })
  @IsInt()
  @Min(1)
  @Max(15)
  digits: number;

  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(0)
  @Max(999_999_999_999_999)
  firstNumber: number;

  @ApiProperty({ example: 999999999 })
  @IsInt()
  @Min(0)
  @Max(999_999_999_999_999)
  lastNumber: number;

  @ApiPropertyOptional({ enum: CHECK_DIGITS, default: 'none' })
  @Optional()
  @IsIn(CHECK_DIGITS)
  checkDigit?: CheckDigit;

  @ApiPropertyOptional({ example: 100, description: 'Cards to issue right away.' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  issue?: number;
}

export class IssueCardsDto {
  @ApiProperty({ example: 100 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  count: number;
}

export class CardBatchDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: IDENTIFIER_TYPES }) type: IdentifierType;
  @ApiProperty() prefix: string;
  @ApiProperty() digits: number;
  @ApiProperty({ enum: CHECK_DIGITS }) checkDigit: CheckDigit;
  @ApiProperty() firstNumber: number;
  @ApiProperty() nextNumber: number;
  @ApiProperty() lastNumber: number;
  @ApiProperty({ description: 'Cards issued so far.' }) issued: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class IssuedCardsDto {
  @ApiProperty({ type: () => CardBatchDto }) batch: CardBatchDto;
  @ApiProperty({ type: [String], example: ['2000000000017'] }) values: string[];
}

/** The input of the identify terminal call: an identifier, or a search text. */
export class IdentifyDto {
  @ApiPropertyOptional({ type: () => PresentedIdentifierDto })
  @Optional()
  @ValidateNested() @IsObject()
  @Type(() => PresentedIdentifierDto)
  identifier?: PresentedIdentifierDto;

  @ApiPropertyOptional({ example: 'Berg', description: 'Name, phone, e-mail or room.' })
  @Optional()
  @IsString()
  @Length(1, 200)
  query?: string;

  @ApiPropertyOptional({ example: 'c_01JD7…', description: 'A guest the till already knows: a candidate picked from an ambiguous search, or a page opened for one customer.' })
  @Optional()
  @IsString()
  @Length(1, 32)
  customerId?: string;
}
