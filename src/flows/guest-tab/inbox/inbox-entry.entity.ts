import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { JsonColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';
import type { EventOutcome, GuestTabEventType } from '../../../contract/contract-values.js';
import type { CustomerCardDto } from '../../customer-card/customer-card.dto.js';

/**
 * One row per host event id ever received: the primary key makes a repeated id a
 * duplicate, and `applied_key` (tab, type, version) makes a re-sent event under a new id
 * a duplicate too, enforced by the database, not only by code.
 */
@Entity('rc_inbox')
@Index('rc_inbox_applied_key', ['tenantId', 'appliedKey'], { unique: true })
@Index('rc_inbox_tab', ['tenantId', 'tabId', 'tabVersion'])
@Index('rc_inbox_card_customer', ['tenantId', 'cardCustomerId'])
export class InboxEntry {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 128 })
  eventId: string;

  @KeyColumn('event_type', { length: 40 })
  eventType: GuestTabEventType;

  @KeyColumn('tab_id')
  tabId: string;

  @Column({ name: 'tab_version', type: 'integer' })
  tabVersion: number;

  @KeyColumn('status', { length: 16 })
  status: EventOutcome;

  @KeyColumn('applied_key', { length: 200, nullable: true })
  appliedKey: string | null;

  @KeyColumn('first_event_id', { nullable: true })
  firstEventId: string | null;

  /** The effects answered for the event (EventEffect[]; typed loosely for TypeORM's sake). */
  @JsonColumn('effects')
  effects: object[];

  /** The customer card an applied attach answered, repeated to its duplicates; null once the customer is erased. */
  @JsonColumn('card', { nullable: true })
  card: CustomerCardDto | null;

  @KeyColumn('card_customer_id', { length: 32, nullable: true })
  cardCustomerId: string | null;

  @TimeColumn('occurred_at')
  occurredAt: Date;

  @TimeColumn('received_at')
  receivedAt: Date;
}
