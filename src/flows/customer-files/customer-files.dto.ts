import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsObject, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { IsKey, Optional } from '../../common/validation/decorators.js';
import { IMPORT_KINDS, MAPPING_PRESETS, type ImportKind } from '../../modules/imports/customer-rows.js';

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

  @ApiProperty({ description: 'The CSV as text (comma, semicolon or tab; a header row names the columns). Larger files go through `regulars import`.' })
  @IsString()
  @MaxLength(900_000)
  content: string;

  @ApiPropertyOptional({ enum: Object.keys(MAPPING_PRESETS), description: 'How the customers file names its columns. Left out: regulars.' })
  @Optional()
  @IsIn(Object.keys(MAPPING_PRESETS))
  preset?: string;

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
