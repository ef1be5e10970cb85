import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ApiMoney, IsCodeList, IsKey, IsMinorUnits, IsQuantity, Optional } from '../common/validation/decorators.js';
import { ENTRY_METHODS, IDENTIFIER_TYPES, MAX_CODES_PER_TAB, MAX_GUESTS_PER_TAB, TAB_STATUSES, type EntryMethod, type IdentifierType, type TabStatus } from './contract-values.js';

/**
 * An identifier as the guest presents it at the till. Named apart from the management API's
 * IdentifierDto (the stored one): the OpenAPI document names schemas by class, and one would
 * replace the other.
 */
export class PresentedIdentifierDto {
  @ApiProperty({ enum: IDENTIFIER_TYPES, example: 'barcode_card' })
  @IsIn(IDENTIFIER_TYPES)
  type: IdentifierType;

  @ApiProperty({ description: 'What the reader produced: card number, key code, phone number…', example: '2000012345678' })
  @IsKey(128)
  value: string;

  @ApiProperty({ enum: ENTRY_METHODS, example: 'scan' })
  @IsIn(ENTRY_METHODS)
  entryMethod: EntryMethod;
}

/** The guest behind the tab: a known customer id, or an identifier to resolve. */
export class TabCustomerDto {
  @ApiPropertyOptional({ example: 'c_01JD7Z3Q8K6Y0M2B5C9D1E4F7G' })
  @Optional()
  @IsKey(64)
  customerId?: string;

  @ApiPropertyOptional({ type: () => PresentedIdentifierDto })
  @Optional()
  @ValidateNested() @IsObject()
  @Type(() => PresentedIdentifierDto)
  identifier?: PresentedIdentifierDto;
}

/**
 * One of several identified guests at a tab (a couple, a business lunch): who they are, and
 * the reference the host's lines name them by (a seat, a guest number).
 */
export class TabGuestDto extends TabCustomerDto {
  @ApiProperty({ description: 'The seat or guest reference the tab’s items name in `guestRef`; unique in the tab.', example: 'seat-2' })
  @IsKey(32)
  ref: string;
}

/** A guest's share of a shared line: the line splits among its shares in proportion to their weights. */
export class LineShareDto {
  @ApiProperty({ example: 'seat-2' })
  @IsKey(32)
  guestRef: string;

  @ApiProperty({ description: 'Parts of the line this guest takes (1 and 2: a third and two thirds).', example: 1 })
  @IsInt()
  @Min(1)
  @Max(1000)
  weight: number;
}

export class TabCategoriesDto {
  @ApiPropertyOptional({ type: [String], example: ['HAPPY'] })
  @Optional()
  @IsCodeList()
  tab?: string[];

  @ApiPropertyOptional({ type: [String], example: ['TERRACE'] })
  @Optional()
  @IsCodeList()
  division?: string[];

  @ApiPropertyOptional({ type: [String], example: [] })
  @Optional()
  @IsCodeList()
  table?: string[];
}

export class TabItemDto {
  @ApiProperty({ example: 'l-1' })
  @IsKey()
  id: string;

  @ApiProperty({ example: 'p-88' })
  @IsKey()
  productId: string;

  @ApiPropertyOptional({ type: [String], example: ['wine', 'drinks'] })
  @Optional()
  @IsCodeList()
  productGroupIds?: string[];

  @ApiPropertyOptional({ type: [String], example: ['alcohol'] })
  @Optional()
  @IsCodeList()
  tags?: string[];

  @ApiPropertyOptional({ example: 'Cabernet Sauvignon 0.15' })
  @Optional()
  @IsString()
  @Length(0, 255)
  name?: string;

  @ApiProperty({ description: 'Decimal, at most 3 fraction digits (0.25 kg).', example: 1 })
  @IsQuantity()
  quantity: number;

  @ApiMoney({ description: 'What the guest would pay for the line before the plugin’s discounts', example: 1200 })
  @IsMinorUnits()
  amount: number;

  @ApiMoney({ description: 'Tax inside `amount` (pricesIncludeTax) or added on top', example: 200 })
  @IsMinorUnits()
  taxAmount: number;

  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsCodeList()
  categories?: string[];

  @ApiPropertyOptional({ description: 'On a tab with `guests`: the guest whose line it is. A line without one is shared: split evenly among the guests, or by `shares`.', example: 'seat-2' })
  @Optional()
  @IsKey(32)
  guestRef?: string;

  @ApiPropertyOptional({ type: () => [LineShareDto], description: 'On a tab with `guests`: how a shared line splits (a bottle for two of three guests).' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_GUESTS_PER_TAB)
  @ValidateNested({ each: true }) @IsObject({ each: true })
  @Type(() => LineShareDto)
  shares?: LineShareDto[];
}

export class TabOrderDto {
  @ApiProperty({ example: 'o-1' })
  @IsKey()
  id: string;

  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsCodeList()
  categories?: string[];

  @ApiPropertyOptional({
    description: 'When the order was placed. Rules’ days, hours and dates apply to its items at this moment (a happy-hour drink keeps its price on a bill paid later); the event’s `occurredAt` when absent.',
    example: '2026-11-22T17:52:00Z',
  })
  @Optional()
  @IsISO8601({ strict: true })
  orderedAt?: string;

  @ApiProperty({ type: () => [TabItemDto] })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true }) @IsObject({ each: true })
  @Type(() => TabItemDto)
  items: TabItemDto[];
}

export class TabPaymentDto {
  @ApiProperty({ description: '`bonus` for a payment from a Regulars account, `gift_card` for one from a gift card (both with the `holdId` of their hold); any host method otherwise.', example: 'card' })
  @IsKey(32)
  method: string;

  @ApiMoney({ example: 900 })
  @IsMinorUnits()
  amount: number;

  @ApiPropertyOptional({ description: 'The bonus hold this payment captures.', example: 'h_01JD7Z3Q8K6Y0M2B5C9D1E4F7G' })
  @Optional()
  @IsKey(64)
  holdId?: string;

  @ApiPropertyOptional({
    description: 'Only on an event with `offline: true`, for a `bonus` payment the till took while it could not reach the plugin: the guest’s account it spent from (there is no hold). What it spent beyond what the account had is recorded as debt.',
    example: 'a_01JD7Z3Q8K6Y0M2B5C9D1E4F7G',
  })
  @Optional()
  @IsKey(32)
  accountId?: string;
}

export class TabSnapshotDto {
  @ApiProperty({ example: 'tab-123' })
  @IsKey()
  id: string;

  @ApiProperty({ description: 'Grows with every change of the tab on the host.', example: 7 })
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  version: number;

  @ApiProperty({ enum: TAB_STATUSES, example: 'open' })
  @IsIn(TAB_STATUSES)
  status: TabStatus;

  @ApiProperty({ example: '2026-11-22T17:40:00Z' })
  @IsISO8601({ strict: true })
  openedAt: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: null })
  @IsOptional()
  @IsISO8601({ strict: true })
  closedAt?: string | null;

  @ApiProperty({ description: 'ISO 4217', example: 'EUR' })
  @Matches(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as EUR' })
  currency: string;

  @ApiProperty({ example: true })
  @IsBoolean()
  pricesIncludeTax: boolean;

  @ApiPropertyOptional({ example: 'hall-2' })
  @Optional()
  @IsKey()
  divisionId?: string;

  @ApiPropertyOptional({ example: 't-14' })
  @Optional()
  @IsKey()
  tableId?: string;

  @ApiPropertyOptional({ example: 2 })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  guestCount?: number;

  @ApiPropertyOptional({ example: 'u-17' })
  @Optional()
  @IsKey()
  waiterId?: string;

  @ApiPropertyOptional({ type: () => TabCustomerDto, nullable: true })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @ValidateNested() @IsObject()
  @Type(() => TabCustomerDto)
  customer?: TabCustomerDto | null;

  @ApiPropertyOptional({
    type: () => [TabGuestDto],
    description:
      'Several identified guests at one tab, instead of `customer`: each gets their own lines (items’ `guestRef`) and a share of the shared ones priced with their own categories and tier, earns on their own share, pays from their own accounts and has their own visit.',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_GUESTS_PER_TAB)
  @ValidateNested({ each: true }) @IsObject({ each: true })
  @Type(() => TabGuestDto)
  guests?: TabGuestDto[];

  @ApiPropertyOptional({ type: () => TabCategoriesDto })
  @Optional()
  @ValidateNested() @IsObject()
  @Type(() => TabCategoriesDto)
  categories?: TabCategoriesDto;

  @ApiProperty({ type: () => [TabOrderDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true }) @IsObject({ each: true })
  @Type(() => TabOrderDto)
  orders: TabOrderDto[];

  @ApiPropertyOptional({ type: 'integer', format: 'int64', example: 0, description: 'Service charge in minor units.' })
  @Optional()
  @IsMinorUnits()
  serviceCharge?: number;

  @ApiPropertyOptional({
    type: [String],
    example: ['SUMMER10'],
    description: 'Promo codes and coupons typed or scanned at the till, as the guest gave them (case, spaces and dashes do not matter). Each brings its promotion category’s rules while it applies; evaluate says which apply and why the others do not.',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_CODES_PER_TAB)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  @Matches(/^[A-Za-z0-9 -]+$/, { each: true, message: 'each must be letters, digits, spaces or dashes' })
  codes?: string[];

  @ApiPropertyOptional({ type: () => [TabPaymentDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true }) @IsObject({ each: true })
  @Type(() => TabPaymentDto)
  payments?: TabPaymentDto[];
}
