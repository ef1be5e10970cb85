import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { In, MoreThan } from 'typeorm';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { newId } from '../../common/ids.js';
import { REGULARS_CONFIG } from '../../config/regulars.constants.js';
import type { RegularsConfig } from '../../config/regulars-options.js';
import { Account } from './entities/account.entity.js';
import { AccountType } from './entities/account-type.entity.js';
import { LedgerEntry, type EntryKind } from './entities/ledger-entry.entity.js';
import { Lot } from './entities/lot.entity.js';
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
}

/** An account under its row lock, with its type. */
export interface LockedAccount {
  account: Account;
  type: AccountType;
}

/**
 * The one writer of the ledger. Every entry is written with the account row locked
 * (FOR UPDATE on MySQL, the writer lock on SQLite) and the cached balances change in
 * the same statement batch, so the cache can never drift from the entries.
 */
@Injectable()
export class Ledger {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  async lock(tenantId: string, accountId: string): Promise<LockedAccount> {
    const manager = this.uow.manager;
    const account = await manager.findOne(Account, { where: { tenantId, id: accountId }, lock: this.uow.rowLock });
    if (!account) throw RegularsError.notFound('account', accountId);
    const type = await manager.findOneByOrFail(AccountType, { tenantId, id: account.accountTypeId });
    return { account, type };
  }

  /** Several accounts, locked in ascending id order so two transfers cannot deadlock each other. */
  async lockAll(tenantId: string, accountIds: string[]): Promise<Map<string, LockedAccount>> {
    const locked = new Map<string, LockedAccount>();
    for (const id of [...new Set(accountIds)].sort()) locked.set(id, await this.lock(tenantId, id));
    return locked;
  }

  /** The entry an idempotency key already wrote, if any. */
  written(tenantId: string, idempotencyKey: string): Promise<LedgerEntry | null> {
    return this.uow.manager.findOneBy(LedgerEntry, { tenantId, idempotencyKey });
  }

  /** Writes one entry and moves the cached balances by it. */
  async write(
    locked: LockedAccount,
    kind: EntryKind,
    change: { amount: number; held: number },
    context: LedgerContext,
    extra: { expiredLotId?: string } = {},
  ): Promise<LedgerEntry> {
    const { account } = locked;
    const now = this.config.clock.now();
    account.total += change.amount;
    account.held += change.held;
    account.entryCount += 1;
    account.updatedAt = now;
    const entry: LedgerEntry = {
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
    const manager = this.uow.manager;
    await manager.insert(LedgerEntry, entry);
    await manager.update(
      Account,
      { tenantId: account.tenantId, id: account.id },
      { total: account.total, held: account.held, entryCount: account.entryCount, updatedAt: now },
    );
    return entry;
  }

  /**
   * Brings an amount in: an entry, and a lot that expires by the account type's policy. What
   * pays back a debt (company credit used, points a refund took back after they were spent)
   * makes no lot, so the lots always hold exactly the positive balance.
   */
  async credit(locked: LockedAccount, kind: EntryKind, amount: number, context: LedgerContext): Promise<LedgerEntry> {
    requireOpen(locked, false);
    const lotAmount = Math.min(amount, Math.max(0, locked.account.total + amount));
    const entry = await this.write(locked, kind, { amount, held: 0 }, context);
    if (lotAmount > 0) {
      await this.uow.manager.insert(Lot, {
        tenantId: entry.tenantId,
        id: newId('lot', entry.createdAt),
        accountId: entry.accountId,
        entryId: entry.id,
        amount: lotAmount,
        remaining: lotAmount,
        expiresAt: expiryOf(locked.type.expiry, entry.createdAt, this.config.timeZone),
        createdAt: entry.createdAt,
      });
    }
    return entry;
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

  /** Lots are spent first-expiring-first; on a credit account the part beyond them is simply owed. */
  async consumeLots(account: Account, amount: number): Promise<void> {
    const manager = this.uow.manager;
    const lots = await manager.find(Lot, { where: { tenantId: account.tenantId, accountId: account.id, remaining: MoreThan(0) } });
    for (const { lotId, take } of takeFromLots(lots, amount)) {
      const lot = lots.find((candidate) => candidate.id === lotId)!;
      await manager.update(Lot, { tenantId: account.tenantId, id: lotId }, { remaining: lot.remaining - take });
    }
  }

  /** Entries of some holds, for what a tab did to the accounts. */
  entriesOfHolds(tenantId: string, holdIds: string[]): Promise<LedgerEntry[]> {
    if (holdIds.length === 0) return Promise.resolve([]);
    return this.uow.manager.find(LedgerEntry, { where: { tenantId, holdId: In(holdIds) } });
  }
}

/** Closed accounts take nothing; frozen ones take credits but give nothing out. */
export function requireOpen(locked: LockedAccount, spending: boolean): void {
  const { account } = locked;
  if (account.status === 'closed') {
    throw new RegularsError('account_closed', `account ${account.id} is closed`, HttpStatus.CONFLICT, { account: account.id });
  }
  if (spending && account.status === 'frozen') {
    throw new RegularsError('account_frozen', `account ${account.id} is frozen`, HttpStatus.CONFLICT, { account: account.id });
  }
}

export function requireAvailable(locked: LockedAccount, amount: number): void {
  if (!canSpend(locked.account, amount, locked.type)) {
    throw new RegularsError(
      'insufficient_balance',
      `the account has ${available(locked.account)} available, ${amount} was asked`,
      HttpStatus.CONFLICT,
      { account: locked.account.id, available: available(locked.account), requested: amount },
    );
  }
}
