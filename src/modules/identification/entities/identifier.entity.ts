import { Entity, Index, PrimaryColumn } from 'typeorm';
import { KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';
import type { EntryMethod, IdentifierType } from '../../../contract/contract-values.js';

export const IDENTIFIER_STATUSES = ['active', 'blocked', 'lost'] as const;
export type IdentifierStatus = (typeof IDENTIFIER_STATUSES)[number];

/**
 * A card, key, app account or phone number that recognises a guest. Personal when bound
 * to a customer, impersonal when issued and not yet handed out. `active_key` is
 * "type|value" while the identifier is active and NULL otherwise, so the unique key over
 * it makes (type, value) unique among active identifiers only: a lost card's number can
 * be issued again.
 */
@Entity('rc_identifiers')
@Index('rc_identifiers_lookup', ['tenantId', 'type', 'value'])
@Index('rc_identifiers_active', ['tenantId', 'activeKey'], { unique: true })
@Index('rc_identifiers_customer', ['tenantId', 'customerId'])
@Index('rc_identifiers_batch', ['tenantId', 'batchId', 'id'])
export class Identifier {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('type', { length: 16 })
  type: IdentifierType;

  @KeyColumn('value', { length: 128 })
  value: string;

  /** How the identifier is usually presented at the till. */
  @KeyColumn('entry_method', { length: 16, nullable: true })
  entryMethod: EntryMethod | null;

  @KeyColumn('status', { length: 16 })
  status: IdentifierStatus;

  @KeyColumn('status_reason', { length: 500, nullable: true })
  statusReason: string | null;

  @KeyColumn('active_key', { length: 150, nullable: true })
  activeKey: string | null;

  @KeyColumn('customer_id', { length: 32, nullable: true })
  customerId: string | null;

  @KeyColumn('batch_id', { length: 32, nullable: true })
  batchId: string | null;

  @TimeColumn('bound_at', { nullable: true })
  boundAt: Date | null;

  @KeyColumn('bound_by', { length: 128, nullable: true })
  boundBy: string | null;

  @TimeColumn('created_at')
  createdAt: Date;

  @KeyColumn('created_by', { length: 128 })
  createdBy: string;

  @TimeColumn('updated_at')
  updatedAt: Date;
}

export function activeKeyOf(type: IdentifierType, value: string): string {
  return `${type}|${value}`;
}
