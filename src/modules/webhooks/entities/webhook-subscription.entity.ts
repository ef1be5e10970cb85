import { Column, Entity, PrimaryColumn } from 'typeorm';
import { JsonColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';

/** A system outside the plugin that gets the tenant's events by webhook: its URL, the types it wants, its signing secret. */
@Entity('rc_webhook_subscriptions')
export class WebhookSubscription {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('url', { length: 2000 })
  url: string;

  /** Outgoing event types, or ['*'] for every type. */
  @JsonColumn('event_types')
  eventTypes: string[];

  /** `whsec_…`: signs every delivery; shown when it is made and when it is rotated, never listed. */
  @KeyColumn('secret', { length: 64 })
  secret: string;

  @KeyColumn('description', { length: 200, nullable: true })
  description: string | null;

  @Column({ name: 'active', type: 'boolean' })
  active: boolean;

  @TimeColumn('created_at')
  createdAt: Date;

  @TimeColumn('updated_at')
  updatedAt: Date;

  @KeyColumn('updated_by')
  updatedBy: string;
}
