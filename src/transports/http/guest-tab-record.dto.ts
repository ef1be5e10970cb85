import { ApiProperty, OmitType } from '@nestjs/swagger';
import { TabEvaluationDto } from '../../flows/evaluation/evaluation.dto.js';
import { VisitDto } from '../../modules/visits/dto/visit.dto.js';
import { EVENT_OUTCOMES, GUEST_TAB_EVENT_TYPES, RECORDED_TAB_STATUSES, type EventOutcome, type GuestTabEventType, type RecordedTabStatus } from '../../contract/contract-values.js';
import { TabSnapshotDto } from '../../contract/tab-snapshot.dto.js';

export class RecordedTabDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The newest version applied.' }) version: number;
  @ApiProperty({ enum: RECORDED_TAB_STATUSES, description: 'The host’s status, or `merged` once the tab was joined into another.' }) status: RecordedTabStatus;
  @ApiProperty({ nullable: true, type: String }) locationId: string | null;
  @ApiProperty({ nullable: true, type: String }) customerId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The bill the tab is one of, once it was split or merged: the first tab of the bill.' }) billId: string | null;
  @ApiProperty({ type: () => TabSnapshotDto, nullable: true, description: 'The newest snapshot applied, as the host sent it.' }) snapshot: TabSnapshotDto | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

/** A tab of a split or merged bill. */
export class BillTabDto {
  @ApiProperty() id: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: RECORDED_TAB_STATUSES }) status: RecordedTabStatus;
  @ApiProperty({ nullable: true, type: String }) customerId: string | null;
  @ApiProperty({ description: 'What its newest snapshot’s lines come to, before discounts.' }) amount: number;
}

export class ReceivedEventDto {
  @ApiProperty() eventId: string;
  @ApiProperty({ enum: GUEST_TAB_EVENT_TYPES }) type: GuestTabEventType;
  @ApiProperty() version: number;
  @ApiProperty({ enum: EVENT_OUTCOMES, description: 'The answer given.' }) status: EventOutcome;
  @ApiProperty({ nullable: true, type: String, description: 'For a duplicate: the event whose answer it repeated.' }) firstEventId: string | null;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) effects: object[];
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
}

/** The bill as it was printed (`prechecked`): the close prices the tab with it. */
export class FrozenBillDto extends OmitType(TabEvaluationDto, ['benefits', 'notApplied', 'codes'] as const) {
  @ApiProperty({ description: 'The tab version that was printed.' }) version: number;
  @ApiProperty({ format: 'date-time' }) evaluatedAt: string;
}

export class GuestTabRecordDto {
  @ApiProperty({ type: () => RecordedTabDto }) tab: RecordedTabDto;
  @ApiProperty({ type: () => [ReceivedEventDto], description: 'Every event received for the tab, oldest version first.' }) events: ReceivedEventDto[];
  @ApiProperty({ type: () => [FrozenBillDto] }) frozenEvaluations: FrozenBillDto[];
  @ApiProperty({ type: () => [VisitDto], description: 'The tab’s visits, each guest’s on a tab of several.' }) visits: VisitDto[];
  @ApiProperty({ type: () => [BillTabDto], description: 'The tabs of its bill when it was split or merged, the tab itself among them; empty otherwise.' }) bill: BillTabDto[];
}
