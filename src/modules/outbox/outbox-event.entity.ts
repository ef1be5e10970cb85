import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { JsonColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../common/database/columns.js';
import type { OutgoingEventType } from '../../contract/events-out.js';

/**
 * A fact to send out, written in the transaction of the change itself: it exists exactly
 * when the change committed. Its id sorts by the time it was recorded, which is the order a
 * subscriber gets one guest's events in. `fanned_out_at` is set once the relay has made a
 * delivery for each subscription that wants it; the row stays as the delivered log.
 */
@Entity('rc_outbox_events')
@Index('rc_outbox_events_to_fan_out', ['tenantId', 'fannedOutAt', 'id'])
@Index('rc_outbox_events_customer', ['tenantId', 'customerId', 'id'])
export class OutboxEvent {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('type', { length: 64 })
  type: OutgoingEventType;

  @Column({ name: 'version', type: 'integer' })
  version: number;

  @TimeColumn('occurred_at')
  occurredAt: Date;

  /** The guest the event is about: its ordering key. */
  @KeyColumn('customer_id', { length: 32, nullable: true })
  customerId: string | null;

  @JsonColumn('payload')
  payload: Record<string, unknown>;

  @TimeColumn('fanned_out_at', { nullable: true })
  fannedOutAt: Date | null;
}
