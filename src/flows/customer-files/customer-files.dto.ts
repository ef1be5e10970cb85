import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsString, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsKey, Optional } from '../../common/validation/decorators.js';
import { IMPORT_KINDS, MAPPING_PRESETS, type ImportKind } from '../../modules/imports/customer-rows.js';

/** The heading of the file's column that holds a field; a field left out is not in the file. */
const ColumnHeading = (example: string) => applyDecorators(ApiPropertyOptional({ example }), Optional(), IsString(), Length(1, 100));

/** Which column of a customers file holds each field, by its heading. */
export class CustomerColumnsDto {
  @ColumnHeading('external_id') externalId?: string;
  @ColumnHeading('first_name') firstName?: string;
  @ColumnHeading('last_name') lastName?: string;
  @ColumnHeading('organisation_name') organisationName?: string;
  @ColumnHeading('phone') phone?: string;
  @ColumnHeading('email') email?: string;
  @ColumnHeading('birth_date') birthDate?: string;
  @ColumnHeading('marketing_consent') marketingConsent?: string;
  @ColumnHeading('card_type') cardType?: string;
  @ColumnHeading('card_number') cardNumber?: string;
  @ColumnHeading('card_status') cardStatus?: string;
  @ColumnHeading('tier') tier?: string;
  @ColumnHeading('categories') categories?: string;
}

/** Where a balances file (a row per balance) has its account type, amount and expiry. */
export class BalanceRowColumnsDto {
  @ApiProperty() typeColumn: string;
  @ApiProperty() amountColumn: string;
  @ApiPropertyOptional() expiresColumn?: string;
}

/** Which column holds an account type's opening balance, and its expiry. */
export class BalanceColumnDto {
  @ApiProperty({ example: 'points' })
  @IsKey(32)
  accountType: string;

  @ApiProperty({ example: 'points' })
  @IsString()
  @Length(1, 100)
  column: string;

  @ApiPropertyOptional({ example: 'points_expire' })
  @Optional()
  @IsString()
  @Length(1, 100)
  expiresColumn?: string;
}

/** A CSV file of a restaurant's regulars, sent from the back office. */
export class ImportFileDto {
  @ApiProperty({ enum: IMPORT_KINDS, description: 'Customers, or the cards or balances of customers imported before (their own layouts).' })
  @IsIn(IMPORT_KINDS)
  kind: ImportKind;

  @ApiProperty({ example: 'guests.csv', description: 'Named in each opening balance’s reason.' })
  @IsString()
  @Length(1, 255)
  fileName: string;

  @ApiProperty({ description: 'The CSV as text (comma, semicolon or tab; a header row names the columns), at most 900,000 characters. A larger file goes in parts, each with the heading row and `firstLine` (as the import page sends it), or through `regulars import` on the server.' })
  @IsString()
  @MaxLength(900_000)
  content: string;

  @ApiPropertyOptional({ description: 'The line of the whole file this part’s heading row is on, when a large file is sent in parts (each with the heading row): refused rows are named by their line in the whole file. Left out: 1.' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  firstLine?: number;

  @ApiPropertyOptional({ enum: Object.keys(MAPPING_PRESETS), description: 'A common layout of a customers file. Left out, and no columns given: the mapping the tenant’s last import used (the regulars layout before any).' })
  @Optional()
  @IsIn(Object.keys(MAPPING_PRESETS))
  preset?: string;

  @ApiPropertyOptional({ type: () => CustomerColumnsDto, description: 'The customers file’s own headings, field by field (instead of a preset). A real import saves the mapping it read with as the tenant’s.' })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerColumnsDto)
  columns?: CustomerColumnsDto;

  @ApiPropertyOptional({ type: () => [BalanceColumnDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true }) @IsObject({ each: true })
  @Type(() => BalanceColumnDto)
  balances?: BalanceColumnDto[];

  @ApiProperty({ description: 'Check every row as the import would, and write nothing.' })
  @IsBoolean()
  dryRun: boolean;
}

/** The mapping the next file of a kind is read with. */
export class ImportMappingDto {
  @ApiProperty({ enum: IMPORT_KINDS }) kind: ImportKind;
  @ApiProperty({ type: () => CustomerColumnsDto }) columns: CustomerColumnsDto;
  @ApiProperty({ type: () => [BalanceColumnDto] }) balances: BalanceColumnDto[];
  @ApiPropertyOptional({ type: () => BalanceRowColumnsDto, description: 'A balances file’s columns (a row per balance).' }) balanceRows?: BalanceRowColumnsDto;
  @ApiProperty({ description: 'Whether the tenant’s own import saved it; false for the plugin’s layout.' }) saved: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt: Date | null;
}

/** Which kind of file's mapping. */
export class ImportMappingParamsDto {
  @ApiProperty({ enum: IMPORT_KINDS })
  @IsIn(IMPORT_KINDS)
  kind: ImportKind;
}

export class RefusedRowDto {
  @ApiProperty({ description: 'The line in the file (the header is line 1); 0 for the count of rows refused beyond the first thousand.' }) line: number;
  @ApiProperty({ type: [String] }) problems: string[];
}

export class CardHolderDto {
  @ApiProperty() id: string;
  @ApiProperty() displayName: string;
}

export class CardHeldElsewhereDto {
  @ApiProperty() line: number;
  @ApiProperty({ example: 'barcode_card 2000000000015' }) card: string;
  @ApiProperty({ type: () => CardHolderDto }) holder: CardHolderDto;
}

export class ImportReportDto {
  @ApiProperty() dryRun: boolean;
  @ApiProperty() rows: number;
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty({ type: () => [RefusedRowDto] }) refused: RefusedRowDto[];
  @ApiProperty({ type: () => [CardHeldElsewhereDto], description: 'Cards the file gives a customer that another customer holds: reported, never moved.' }) cardsHeldElsewhere: CardHeldElsewhereDto[];
}
