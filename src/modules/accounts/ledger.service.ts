import { Inject, Injectable } from '@nestjs/common';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { MAX_BALANCE } from '../../common/validation/limits.js';
import { newId } from '../../common/ids.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { Account } from './entities/account.entity.js';
import { AccountsRepository, type AccountHolder } from './accounts.repository.js';
import { AccountTypesService } from './account-types.service.js';
import type { AccountType } from './entities/account-type.entity.js';
import type { EntryKind, LedgerEntry } from './entities/ledger-entry.entity.js';
import type { Lot } from './entities/lot.entity.js';
import type { AccountMoveReason } from '../../contract/events-out.js';
import { Outbox, type FactToRecord } from '../outbox/outbox.service.js';
import { available, canSpend, expiryOf, takeFromLots } from './purse.js';

/** Who and what an entry is about: the references every entry carries. */
export interface LedgerContext {
  tenantId: string;
  actorId: string | null;
  actorName?: string | null;
  customerId?: string | null;
  identifierId?: string | null;
  tabId?: string | null;
  visitId?: string | null;
  eventId?: string | null;
  holdId?: string | null;
  reason?: string | null;
  idempotencyKey?: string | null;
  reversesEntryId?: string | null;
  counterAccountId?: string | null;
  /** Why the balance moved, as the outbox tells it, where the entry's kind does not say (a birthday gift is an accrual). */
  moveReason?: AccountMoveReason;
}

/** What each kind of entry is to a subscriber; holds and releases move no total and send nothing. */
const MOVE_REASONS: Record<EntryKind, AccountMoveReason | null> = {
  accrual: 'accrual',
  deposit: 'deposit',
  redemption: 'redemption',
  capture: 'redemption',
  manual_credit: 'manual',
  manual_debit: 'manual',
  transfer_in: 'transfer',
  transfer_out: 'transfer',
  expiry: 'expiry',
  reversal: 'refund_reversal',
  reset: 'reset',
  hold: null,
  release: null,
  offline_spend: 'redemption',
  // A manager brought the guest's balance over from the system the restaurant left.
  import: 'manual',
  offline_debt: 'redemption',
};

/** An account under its row lock, with its type. */
export interface LockedAccount {
  account: Account;
  type: AccountType;
}

/** One entry to write: what it does to which locked account, and what it refers to. */
export interface LedgerWrite {
  locked: LockedAccount;
  kind: EntryKind;
  change: { amount: number; held: number };
  context: LedgerContext;
  extra?: { expiredLotId?: string };
}

/**
 * The one writer of the ledger. Every entry is written with the account row locked
 * (a row lock on MySQL, the writer lock on SQLite) and the cached balances change in
 * the same statement batch, so the cache can never drift from the entries.
 */
@Injectable()
export class Ledger {
  constructor(
    private readonly repository: AccountsRepository,
    private readonly types: AccountTypesService,
    private readonly outbox: Outbox,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  async lock(tenantId: string, accountId: string): Promise<LockedAccount> {
    return (await this.lockAll(tenantId, [accountId])).get(accountId)!;
  }

  /**
   * Several accounts under one locking read, taken in ascending id order (the primary
   * key's order) so that two transfers, or a transfer and a batch job, cannot deadlock.
   */
  async lockAll(tenantId: string, accountIds: string[]): Promise<Map<string, LockedAccount>> {
    const ids = [...new Set(accountIds)].sort();
    const accounts = await this.repository.lockAccounts(tenantId, ids);
    const missing = ids.find((id) => !accounts.some((account) => account.id === id));
    if (missing) throw RegularsError.notFound('account', missing);
    const types = await Promise.all(accounts.map((account) => this.types.get(tenantId, account.accountTypeId)));
    return new Map(accounts.map((account, i) => [account.id, { account, type: types[i] }]));
  }

  /** A holder's account of a type under its row lock, found and locked in one read; null if it has none yet. */
  async lockOf(tenantId: string, holder: AccountHolder, type: AccountType): Promise<LockedAccount | null> {
    const account = await this.repository.lockHolderAccount(tenantId, holder, type.id);
    return account ? { account, type } : null;
  }

  /** The entry an idempotency key already wrote, if any. */
  written(tenantId: string, idempotencyKey: string): Promise<LedgerEntry | null> {
    return this.repository.entryWithKey(tenantId, idempotencyKey);
  }

  /** Writes one entry and moves the cached balances by it. */
  async write(
    locked: LockedAccount,
    kind: EntryKind,
    change: { amount: number; held: number },
    context: LedgerContext,
    extra: { expiredLotId?: string } = {},
  ): Promise<LedgerEntry> {
    const [entry] = await this.writeAll([{ locked, kind, change, context, extra }]);
    return entry;
  }

  /**
   * Writes entries in order, each numbered on from its account's last and carrying the
   * balance after it, then moves every account's cached balances once: a batch of a
   * thousand entries is a few statements, not two thousand. Every entry that moves a total
   * is an account.credited or account.debited event in the same unit of work.
   */
  async writeAll(writes: LedgerWrite[], accounts: 'update' | 'insert' = 'update'): Promise<LedgerEntry[]> {
    if (writes.length === 0) return [];
    requireWithinBalanceLimit(writes);
    const now = this.config.clock.now();
    const entries = writes.map(({ locked: { account }, kind, change, context, extra = {} }): LedgerEntry => {
      account.total += change.amount;
      account.held += change.held;
      account.entryCount += 1;
      account.updatedAt = now;
      return {
        tenantId: account.tenantId,
        id: newId('le', now),
        accountId: account.id,
        sequence: account.entryCount,
        kind,
        amount: change.amount,
        heldChange: change.held,
        balanceAfter: account.total,
        heldAfter: account.held,
        customerId: context.customerId ?? null,
        identifierId: context.identifierId ?? null,
        tabId: context.tabId ?? null,
        visitId: context.visitId ?? null,
        eventId: context.eventId ?? null,
        holdId: context.holdId ?? null,
        reversesEntryId: context.reversesEntryId ?? null,
        counterAccountId: context.counterAccountId ?? null,
        expiredLotId: extra.expiredLotId ?? null,
        idempotencyKey: context.idempotencyKey ?? null,
        reason: context.reason ?? null,
        actorId: context.actorId,
        actorName: context.actorName ?? null,
        createdAt: now,
      };
    });
    await this.repository.insertEntries(entries);
    const moved = [...new Map(writes.map(({ locked }) => [locked.account.id, locked.account])).values()];
    // Accounts an import opens are stored once, with the balances their first entries leave.
    if (accounts === 'insert') await this.repository.insertAccounts(moved);
    else await this.repository.saveBalances(moved, now);
    this.outbox.recordAll(
      writes[0].context.tenantId,
      writes.flatMap((write, i) => moveOf(write, entries[i])),
    );
    return entries;
  }

  /**
   * Brings an amount in: an entry, and a lot that expires by the account type's policy. What
   * pays back a debt (company credit used, points a refund took back after they were spent)
   * makes no lot, so the lots always hold exactly the positive balance. `expiresAt` is an
   * expiry the credit brings with it (an imported balance's), instead of the policy's.
   */
  async credit(locked: LockedAccount, kind: EntryKind, amount: number, context: LedgerContext, options: { expiresAt?: Date | null } = {}): Promise<LedgerEntry> {
    const [entry] = await this.creditAll([{ locked, kind, amount, context, expiresAt: options.expiresAt }]);
    return entry;
  }

  /**
   * Credits many accounts at once (an import's opening balances): the entries, the balances
   * and the lots in a few statements; `insert` for accounts not stored yet, stored with them.
   */
  async creditAll(credits: { locked: LockedAccount; kind: EntryKind; amount: number; context: LedgerContext; expiresAt?: Date | null }[], accounts: 'update' | 'insert' = 'update'): Promise<LedgerEntry[]> {
    for (const { locked } of credits) requireOpen(locked, false);
    const lotAmounts = credits.map(({ locked, amount }) => Math.min(amount, Math.max(0, locked.account.total + amount)));
    const entries = await this.writeAll(
      credits.map(({ locked, kind, amount, context }) => ({ locked, kind, change: { amount, held: 0 }, context })),
      accounts,
    );
    const lots = entries.flatMap((entry, i): Lot[] => {
      if (lotAmounts[i] <= 0) return [];
      const { locked, expiresAt } = credits[i];
      return [
        {
          tenantId: entry.tenantId,
          id: newId('lot', entry.createdAt),
          accountId: entry.accountId,
          entryId: entry.id,
          amount: lotAmounts[i],
          remaining: lotAmounts[i],
          expiresAt: expiresAt !== undefined ? expiresAt : expiryOf(locked.type.expiry, entry.createdAt, this.config.timeZone),
          createdAt: entry.createdAt,
          settledAt: null,
          expiryNoticedAt: null,
        },
      ];
    });
    await this.repository.insertLots(lots);
    return entries;
  }

  /**
   * Takes an amount out of the available balance, from the lots that expire first. Refused
   * with 409 when it would take the account below what its type allows.
   */
  async debit(locked: LockedAccount, kind: EntryKind, amount: number, context: LedgerContext, options: { force?: boolean } = {}): Promise<LedgerEntry> {
    if (!options.force) {
      requireOpen(locked, true);
      requireAvailable(locked, amount);
    }
    await this.consumeLots(locked.account, amount);
    return this.write(locked, kind, { amount: -amount, held: 0 }, context);
  }

  /**
   * Moves an account's whole positive balance to another of the same type: a transfer entry on
   * each side, and its lots with it, each keeping its expiry (a guest joining a family does
   * not gain time on points that were about to expire).
   */
  async moveBalance(from: LockedAccount, to: LockedAccount, context: LedgerContext): Promise<{ out: LedgerEntry; in: LedgerEntry } | null> {
    const amount = from.account.total;
    if (amount <= 0) return null;
    requireOpen(to, false);
    const lots = await this.repository.unspentLots(from.account.tenantId, from.account.id);
    const [out, into] = await this.writeAll([
      { locked: from, kind: 'transfer_out', change: { amount: -amount, held: 0 }, context: { ...context, counterAccountId: to.account.id } },
      { locked: to, kind: 'transfer_in', change: { amount, held: 0 }, context: { ...context, counterAccountId: from.account.id } },
    ]);
    const now = this.config.clock.now();
    for (const lot of lots) await this.repository.updateLot(lot.tenantId, lot.id, { remaining: 0, settledAt: now });
    await this.repository.insertLots(lots.map((lot) => ({ ...lot, id: newId('lot', now), accountId: to.account.id, entryId: into.id, amount: lot.remaining, createdAt: now, settledAt: null })));
    return { out, in: into };
  }

  /** Lots are spent first-expiring-first; on a credit account the part beyond them is simply owed. */
  async consumeLots(account: Account, amount: number): Promise<void> {
    const lots = await this.repository.unspentLots(account.tenantId, account.id);
    for (const { lotId, take } of takeFromLots(lots, amount)) {
      const lot = lots.find((candidate) => candidate.id === lotId)!;
      const remaining = lot.remaining - take;
      await this.repository.updateLot(account.tenantId, lotId, { remaining, ...(remaining === 0 ? { settledAt: this.config.clock.now() } : {}) });
    }
  }
}

/**
 * No balance may pass MAX_BALANCE either way, so every balance, and every sum of entries a
 * page shows, stays an exact integer: the write is refused with 422 and nothing moves.
 */
function requireWithinBalanceLimit(writes: LedgerWrite[]): void {
  const after = new Map<Account, { total: number; held: number }>();
  for (const { locked, change } of writes) {
    const { account } = locked;
    const balance = after.get(account) ?? { total: account.total, held: account.held };
    balance.total += change.amount;
    balance.held += change.held;
    after.set(account, balance);
    if (Math.abs(balance.total) > MAX_BALANCE || Math.abs(balance.held) > MAX_BALANCE) {
      throw new RegularsError('balance_limit', `account ${account.id} would hold more than ${MAX_BALANCE}; nothing was written`, {
        account: account.id,
        limit: MAX_BALANCE,
      });
    }
  }
}

/** Closed accounts take nothing; frozen ones take credits but give nothing out. */
export function requireOpen(locked: LockedAccount, spending: boolean): void {
  const { account } = locked;
  if (account.status === 'closed') {
    throw new RegularsError('account_closed', `account ${account.id} is closed`, { account: account.id });
  }
  if (spending && account.status === 'frozen') {
    throw new RegularsError('account_frozen', `account ${account.id} is frozen`, { account: account.id });
  }
}

export function requireAvailable(locked: LockedAccount, amount: number): void {
  if (!canSpend(locked.account, amount, locked.type)) {
    throw new RegularsError(
      'insufficient_balance',
      `the account has ${available(locked.account)} available, ${amount} was asked`,
      { account: locked.account.id, available: available(locked.account), requested: amount },
    );
  }
}

/** The account.credited or account.debited event of an entry, if it moved the total. */
function moveOf({ locked: { account, type }, kind, context }: LedgerWrite, entry: LedgerEntry): FactToRecord[] {
  const reason = context.moveReason ?? MOVE_REASONS[kind];
  if (reason === null || entry.amount === 0) return [];
  const guest = entry.customerId ?? (account.holderType === 'customer' ? account.holderId : null);
  return [
    {
      type: entry.amount > 0 ? 'account.credited' : 'account.debited',
      customerId: guest,
      data: {
        entryId: entry.id,
        accountId: account.id,
        accountTypeCode: type.code,
        holder: { type: account.holderType, id: account.holderId },
        customerId: entry.customerId,
        amount: Math.abs(entry.amount),
        balanceAfter: entry.balanceAfter,
        reason: { kind: reason, tabId: entry.tabId, visitId: entry.visitId, description: reason === 'manual' || reason === 'transfer' || reason === 'reset' ? entry.reason : null },
      },
    },
  ];
}
