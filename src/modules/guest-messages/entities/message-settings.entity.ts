import { Entity } from 'typeorm';
import { KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';

/** A tenant's own quiet hours, in place of the option's; both null for none at all. */
@Entity('rc_message_settings')
export class MessageSettings {
  @TenantIdColumn()
  tenantId: string;

  /** `HH:MM` on the tenant's wall clock. */
  @KeyColumn('quiet_from', { length: 5, nullable: true })
  quietFrom: string | null;

  @KeyColumn('quiet_until', { length: 5, nullable: true })
  quietUntil: string | null;

  @TimeColumn('updated_at')
  updatedAt: Date;

  @KeyColumn('updated_by')
  updatedBy: string;
}
