import { Entity, Index, PrimaryColumn } from 'typeorm';
import { KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';
import type { ContactType } from '../contact-normaliser.js';

/**
 * A typed contact. `primary_slot` is 'primary' on the one primary contact of its type and
 * NULL on the others, so a unique key over it allows exactly one primary per type.
 */
@Entity('rc_customer_contacts')
@Index('rc_contacts_value', ['tenantId', 'value'])
@Index('rc_contacts_customer', ['tenantId', 'customerId'])
@Index('rc_contacts_primary', ['tenantId', 'customerId', 'type', 'primarySlot'], { unique: true })
export class CustomerContact {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('customer_id', { length: 32 })
  customerId: string;

  @KeyColumn('type', { length: 16 })
  type: ContactType;

  /** E.164 for phones, lower case for e-mail. */
  @KeyColumn('value', { length: 255 })
  value: string;

  /** The messenger or network ("telegram", "whatsapp", "instagram"). */
  @KeyColumn('label', { length: 50, nullable: true })
  label: string | null;

  @KeyColumn('primary_slot', { length: 8, nullable: true })
  primarySlot: 'primary' | null;

  @TimeColumn('created_at')
  createdAt: Date;
}
