import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';
import type { OutgoingEventType } from '../../../contract/events-out.js';

/** `skipped`: a message to a guest that is not to be sent (no consent, no contact); never retried. */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One event owed to one subscription, and how sending it went. A relay claims a due one
 * by setting `leased_until`; a crash before the outcome is written leaves the lease to
 * run out, and the delivery is sent again (at least once).
 */
@Entity('rc_webhook_deliveries')
@Index('rc_webhook_deliveries_due', ['tenantId', 'status', 'nextAttemptAt'])
@Index('rc_webhook_deliveries_order', ['tenantId', 'subscriptionId', 'customerId', 'status', 'eventId'])
@Index('rc_webhook_deliveries_log', ['tenantId', 'subscriptionId', 'id'])
@Index('rc_webhook_deliveries_event', ['tenantId', 'eventId', 'subscriptionId'], { unique: true })
export class WebhookDelivery {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('subscription_id', { length: 32 })
  subscriptionId: string;

  @KeyColumn('event_id', { length: 32 })
  eventId: string;

  @KeyColumn('event_type', { length: 64 })
  eventType: OutgoingEventType;

  /** The event's guest: a subscription gets one guest's deliveries one at a time, oldest event first. */
  @KeyColumn('customer_id', { length: 32, nullable: true })
  customerId: string | null;

  @KeyColumn('status', { length: 16 })
  status: DeliveryStatus;

  @Column({ name: 'attempts', type: 'integer' })
  attempts: number;

  @TimeColumn('next_attempt_at')
  nextAttemptAt: Date;

  /** Until when a relay is sending it; null when nobody is. */
  @TimeColumn('leased_until', { nullable: true })
  leasedUntil: Date | null;

  @Column({ name: 'last_status_code', type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @KeyColumn('last_error', { length: 500, nullable: true })
  lastError: string | null;

  /** Retries stop retryForHours after it; cleared by a retry by hand. */
  @TimeColumn('first_attempt_at', { nullable: true })
  firstAttemptAt: Date | null;

  @TimeColumn('delivered_at', { nullable: true })
  deliveredAt: Date | null;

  @TimeColumn('created_at')
  createdAt: Date;
}
