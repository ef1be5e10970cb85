import { Entity, PrimaryColumn } from 'typeorm';
import { KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';
import type { GuestMessageKind } from '../../../common/guest-messages.js';

/**
 * A fact a guest was told of: its key makes the message once per fact, however often its
 * delivery is handled. It keeps no personal value (no address, no text), so erasure has
 * nothing to take from it.
 */
@Entity('rc_sent_messages')
export class SentMessage {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 32 })
  eventId: string;

  @KeyColumn('kind', { length: 64 })
  kind: GuestMessageKind;

  @KeyColumn('customer_id', { length: 32 })
  customerId: string;

  @KeyColumn('channel', { length: 16 })
  channel: string;

  @KeyColumn('language', { length: 8 })
  language: string;

  @TimeColumn('sent_at')
  sentAt: Date;
}
