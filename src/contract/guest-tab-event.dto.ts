import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsISO8601, IsObject, IsString, Length, ValidateNested } from 'class-validator';
import { ApiMoney, IsKey, IsMinorUnits, IsQuantity, Optional } from '../common/validation/decorators.js';
import { GUEST_TAB_EVENT_TYPES, MAX_GUESTS_PER_TAB, type GuestTabEventType } from './contract-values.js';
import { TabSnapshotDto } from './tab-snapshot.dto.js';

export class EventActorDto {
  @ApiProperty({ example: 'u-17' })
  @IsKey()
  id: string;

  @ApiPropertyOptional({ example: 'Anna' })
  @Optional()
  @IsString()
  @Length(0, 255)
  name?: string;

  @ApiProperty({ type: [String], example: ['terminal.use'] })
  @IsArray()
  @ArrayMaxSize(100)
  @IsKey(64, { each: true })
  permissions: string[];
}

export class RefundedItemDto {
  @ApiProperty({ example: 'l-1' })
  @IsKey()
  itemId: string;

  @ApiProperty({ example: 1 })
  @IsQuantity()
  quantity: number;

  @ApiMoney({ description: 'Refunded amount', example: 1200 })
  @IsMinorUnits()
  amount: number;
}

/** The event envelope (CONTRACT.md section 3). */
export class GuestTabEventDto {
  @ApiProperty({ description: 'Unique per host; a repeat is answered with the first result.', example: 'evt_01JD7…' })
  @IsKey()
  id: string;

  @ApiProperty({ enum: GUEST_TAB_EVENT_TYPES, example: 'guest_tab.closed' })
  @IsIn(GUEST_TAB_EVENT_TYPES)
  type: GuestTabEventType;

  @ApiProperty({ example: '2026-11-22T18:03:11.512Z' })
  @IsISO8601({ strict: true })
  occurredAt: string;

  @ApiProperty({ example: 'brand-1' })
  @IsKey(64)
  tenantId: string;

  @ApiPropertyOptional({ example: 'cafe-7' })
  @Optional()
  @IsKey()
  locationId?: string;

  @ApiPropertyOptional({
    description:
      'Made while the till could not reach the plugin and sent when it could again: priced with the sales rules in force at `occurredAt` (or the tab’s `closedAt`), and its bonus payments name the account they spent from instead of a hold.',
  })
  @Optional()
  @IsBoolean()
  offline?: boolean;

  @ApiPropertyOptional({ example: 'pos-3' })
  @Optional()
  @IsKey()
  terminalId?: string;

  @ApiProperty({ type: () => EventActorDto })
  @ValidateNested() @IsObject()
  @Type(() => EventActorDto)
  actor: EventActorDto;

  @ApiProperty({ type: () => TabSnapshotDto })
  @ValidateNested() @IsObject()
  @Type(() => TabSnapshotDto)
  tab: TabSnapshotDto;

  @ApiPropertyOptional({
    type: () => [TabSnapshotDto],
    description: 'Only on guest_tab.split: the new tabs the split made, each with its lines (moved from `tab`, keeping their ids), guests and version. Holds, open visits and the priced bill follow the lines and guests.',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_GUESTS_PER_TAB)
  @ValidateNested({ each: true }) @IsObject({ each: true })
  @Type(() => TabSnapshotDto)
  parts?: TabSnapshotDto[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Only on guest_tab.merged: the tabs joined into `tab`, which end there; their holds, codes, open visits and priced lines move to `tab`.',
    example: ['tab-124'],
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_GUESTS_PER_TAB)
  @IsKey(128, { each: true })
  mergedTabIds?: string[];

  @ApiPropertyOptional({ type: () => [RefundedItemDto], description: 'Only on guest_tab.refunded.' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true }) @IsObject({ each: true })
  @Type(() => RefundedItemDto)
  refundedItems?: RefundedItemDto[];
}
