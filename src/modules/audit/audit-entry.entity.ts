import { Entity, Index, PrimaryColumn } from 'typeorm';
import { JsonColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../common/database/columns.js';

/** A value as the audit trail keeps it. */
export type AuditValue = string | number | boolean | null | string[];

export interface AuditChange {
  field: string;
  from: AuditValue;
  to: AuditValue;
}

/** Who changed what and when; values are scrubbed when the customer's data is erased. */
@Entity('rc_audit_log')
@Index('rc_audit_subject', ['tenantId', 'subjectType', 'subjectId', 'id'])
@Index('rc_audit_customer', ['tenantId', 'customerId', 'id'])
export class AuditEntry {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('subject_type', { length: 32 })
  subjectType: string;

  @KeyColumn('subject_id', { length: 64 })
  subjectId: string;

  /** The customer the change concerns, so erasure can find every entry about them. */
  @KeyColumn('customer_id', { length: 32, nullable: true })
  customerId: string | null;

  @KeyColumn('action', { length: 32 })
  action: string;

  @KeyColumn('actor_id', { length: 128 })
  actorId: string;

  @KeyColumn('actor_name', { length: 255, nullable: true })
  actorName: string | null;

  @JsonColumn('changes')
  changes: AuditChange[];

  @TimeColumn('at')
  at: Date;
}
