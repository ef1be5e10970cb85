import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BigIntColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';

export const ENTRY_KINDS = [
  'accrual',
  'deposit',
  'redemption',
  'manual_credit',
  'manual_debit',
  'hold',
  'capture',
  'release',
  'expiry',
  'reversal',
  'transfer_in',
  'transfer_out',
  'reset',
  // A bonus payment a till took offline: what the account had, and the part beyond it the guest owes.
  'offline_spend',
  'offline_debt',
  // An opening balance brought from the system the restaurant moved from.
  'import',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** The entries a manager may make by hand, with a reason. */
export const MANUAL_ENTRY_KINDS = ['manual_credit', 'manual_debit'] as const satisfies readonly EntryKind[];
export type ManualEntryKind = (typeof MANUAL_ENTRY_KINDS)[number];

/**
 * An append-only ledger entry. `amount` is what it did to the total, `held_change` what it
 * did to the held part; a hold moves nothing out of the total, a capture takes from both.
 * Entries are never changed; a mistake is corrected by a reversal.
 */
@Entity('rc_ledger_entries')
@Index('rc_ledger_account', ['tenantId', 'accountId', 'sequence'], { unique: true })
@Index('rc_ledger_idempotency', ['tenantId', 'idempotencyKey'], { unique: true })
@Index('rc_ledger_expired_lot', ['tenantId', 'expiredLotId'], { unique: true })
@Index('rc_ledger_tab', ['tenantId', 'tabId'])
@Index('rc_ledger_created', ['tenantId', 'createdAt'])
export class LedgerEntry {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('account_id', { length: 32 })
  accountId: string;

  /** Position in the account's ledger, from 1. */
  @Column({ name: 'sequence', type: 'integer' })
  sequence: number;

  @KeyColumn('kind', { length: 16 })
  kind: EntryKind;

  @BigIntColumn('amount')
  amount: number;

  @BigIntColumn('held_change')
  heldChange: number;

  @BigIntColumn('balance_after')
  balanceAfter: number;

  @BigIntColumn('held_after')
  heldAfter: number;

  /** The customer (and card) that caused it, also when the account is a membership's. */
  @KeyColumn('customer_id', { length: 32, nullable: true })
  customerId: string | null;

  @KeyColumn('identifier_id', { length: 32, nullable: true })
  identifierId: string | null;

  @KeyColumn('tab_id', { nullable: true })
  tabId: string | null;

  @KeyColumn('visit_id', { length: 32, nullable: true })
  visitId: string | null;

  @KeyColumn('event_id', { nullable: true })
  eventId: string | null;

  @KeyColumn('hold_id', { length: 32, nullable: true })
  holdId: string | null;

  @KeyColumn('reverses_entry_id', { length: 32, nullable: true })
  reversesEntryId: string | null;

  /** The other account of a transfer. */
  @KeyColumn('counter_account_id', { length: 32, nullable: true })
  counterAccountId: string | null;

  /** Set on an expiry entry: a lot expires once, enforced by a unique key. */
  @KeyColumn('expired_lot_id', { length: 32, nullable: true })
  expiredLotId: string | null;

  /** A retried operation writes its entry once, enforced by a unique key. */
  @KeyColumn('idempotency_key', { length: 200, nullable: true })
  idempotencyKey: string | null;

  @KeyColumn('reason', { length: 500, nullable: true })
  reason: string | null;

  @KeyColumn('actor_id', { nullable: true })
  actorId: string | null;

  @KeyColumn('actor_name', { length: 255, nullable: true })
  actorName: string | null;

  @TimeColumn('created_at')
  createdAt: Date;
}
