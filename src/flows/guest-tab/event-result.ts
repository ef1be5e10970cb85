import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CustomerCardDto } from '../customer-card/customer-card.dto.js';
import { EVENT_OUTCOMES, type EventOutcome } from '../../contract/contract-values.js';
import type { EventEffect } from '../../contract/event-effect.js';

/** The answer to every event (CONTRACT.md section 3). */
export interface EventResult {
  eventId: string;
  status: EventOutcome;
  effects: EventEffect[];
  /** The customer card, when a customer_attached event was applied; its duplicates answer the same card. */
  card?: CustomerCardDto;
  /** On a tab of several guests: the card of each guest the attach recognised, by their ref. */
  cards?: { guestRef: string; card: CustomerCardDto }[];
}

/** A guest's card in the answer to an attach of several guests. */
export class GuestCardDto {
  @ApiProperty({ example: 'seat-2' })
  guestRef: string;

  @ApiProperty({ type: () => CustomerCardDto })
  card: CustomerCardDto;
}

export class EventResultDto implements EventResult {
  @ApiProperty({ example: 'evt_01JD7…' })
  eventId: string;

  @ApiProperty({ enum: EVENT_OUTCOMES, description: 'applied; duplicate (seen before, first result repeated); stale (older than what was applied)' })
  status: EventOutcome;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, example: [{ kind: 'tab', id: 'tab-123', version: 7, status: 'closed' }] })
  effects: EventEffect[];

  @ApiPropertyOptional({ type: () => CustomerCardDto, description: 'The customer card, answered when a customer_attached event is applied, and again to its duplicates.' })
  card?: CustomerCardDto;

  @ApiPropertyOptional({ type: () => [GuestCardDto], description: 'On a tab of several guests: each guest the attach recognised, with their card (in the first answer; a repeat answers `card`, the first guest’s).' })
  cards?: GuestCardDto[];
}
