import { Injectable } from '@nestjs/common';
import { Between, In, LessThan, LessThanOrEqual, MoreThanOrEqual, Not, type FindOptionsWhere } from 'typeorm';
import { bindable, hydrated, insertRows, lockRows, placeholders, selectRows, updateEach, updateRow, type RowUpdate } from '../../common/database/bulk-writes.js';
import { toExactInteger } from '../../common/money.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { Account, type AccountStatus } from './entities/account.entity.js';
import { AccountType } from './entities/account-type.entity.js';
import { Hold } from './entities/hold.entity.js';
import { LedgerEntry, type EntryKind } from './entities/ledger-entry.entity.js';
import { Lot } from './entities/lot.entity.js';

/** Whose an account is: a customer, or a membership pooling several. */
export interface AccountHolder {
  type: string;
  id: string;
}

/**
 * An expired lot as the batch read it, with its account's entry count at that moment:
 * every change to a purse (a payment taken from its lots, a hold, an expiry) writes an
 * entry, so an unchanged count under the lock means the lot is still as read.
 */
export type ExpiredLot = Lot & { accountEntries: number };

/** Which of an account's entries a page of its history shows, newest first. */
export interface EntryFilter {
  kind?: EntryKind;
  from?: Date;
  to?: Date;
  /** The id the previous page ended with. */
  before?: string;
  take: number;
}

/** The purse's tables: account types, accounts, ledger entries, lots and holds. */
@Injectable()
export class AccountsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  accountTypesOf(tenantId: string): Promise<AccountType[]> {
    return this.uow.read((manager) => manager.find(AccountType, { where: { tenantId }, order: { code: 'ASC' } }));
  }

  accountType(tenantId: string, id: string): Promise<AccountType | null> {
    return this.uow.read((manager) => manager.findOneBy(AccountType, { tenantId, id }));
  }

  async insertAccountType(type: AccountType): Promise<void> {
    await this.uow.manager.insert(AccountType, type);
  }

  async saveAccountType(type: AccountType): Promise<void> {
    await this.uow.manager.save(AccountType, type);
  }

  account(tenantId: string, id: string): Promise<Account | null> {
    return this.uow.read(async (manager) => (await selectRows(manager, Account, 'tenant_id = ? AND id = ?', [tenantId, id]))[0] ?? null);
  }

  /** The holder's one account of a type, if it has been opened. */
  holderAccountOfType(key: Pick<Account, 'tenantId' | 'holderType' | 'holderId' | 'accountTypeId'>): Promise<Account | null> {
    return this.uow.read((manager) => manager.findOneBy(Account, key));
  }

  accountsWithIds(tenantId: string, ids: string[]): Promise<Account[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.uow.read((manager) => selectRows(manager, Account, `tenant_id = ? AND id IN (${placeholders(ids)})`, [tenantId, ...ids]));
  }

  accountsOfHolder(tenantId: string, holder: AccountHolder): Promise<Account[]> {
    return this.uow.read((manager) => selectRows(manager, Account, 'tenant_id = ? AND holder_type = ? AND holder_id = ?', [tenantId, holder.type, holder.id], { orderBy: 'id' }));
  }

  /**
   * A holder's accounts and their open lots expiring between two times, soonest first, in one
   * read: the till card shows both, and a look-up pays per statement.
   */
  async accountsOfHolderWithLotsExpiring(tenantId: string, holder: AccountHolder, from: Date, to: Date): Promise<{ accounts: Account[]; lots: Pick<Lot, 'accountId' | 'remaining' | 'expiresAt'>[] }> {
    return this.uow.read(async (manager) => {
      const at = (date: Date) => bindable(manager, Lot, 'expiresAt', date);
      const rows = await selectRows(manager, Account, 'a.tenant_id = ? AND a.holder_type = ? AND a.holder_id = ?', [at(from), at(to), tenantId, holder.type, holder.id], {
        alias: 'a',
        join: 'LEFT JOIN rc_lots l ON l.tenant_id = a.tenant_id AND l.account_id = a.id AND l.settled_at IS NULL AND l.remaining > 0 AND l.expires_at BETWEEN ? AND ?',
        extra: { lotRemaining: 'l.remaining', lotExpiresAt: 'l.expires_at' },
        orderBy: 'a.id, l.expires_at, l.id',
      });
      const accounts = new Map<string, Account>();
      const lots: Pick<Lot, 'accountId' | 'remaining' | 'expiresAt'>[] = [];
      for (const { lotRemaining, lotExpiresAt, ...account } of rows) {
        if (!accounts.has(account.id)) accounts.set(account.id, account);
        if (lotRemaining === null) continue;
        lots.push({
          accountId: account.id,
          remaining: hydrated(manager, Lot, 'remaining', lotRemaining) as number,
          expiresAt: hydrated(manager, Lot, 'expiresAt', lotExpiresAt) as Date,
        });
      }
      return { accounts: [...accounts.values()], lots };
    });
  }

  accountsOfHolders(tenantId: string, holders: AccountHolder[]): Promise<Account[]> {
    if (holders.length === 0) return Promise.resolve([]);
    // An IN list per kind of holder: MariaDB reads a long chain of (type AND id) pairs by scanning.
    const byType = new Map<AccountHolder['type'], string[]>();
    for (const holder of holders) byType.set(holder.type, [...(byType.get(holder.type) ?? []), holder.id]);
    const kinds = [...byType].map(([, ids]) => `(holder_type = ? AND holder_id IN (${placeholders(ids)}))`).join(' OR ');
    return this.uow.read((manager) => selectRows(manager, Account, `tenant_id = ? AND (${kinds})`, [tenantId, ...[...byType].flatMap(([type, ids]) => [type, ...ids])], { orderBy: 'id' }));
  }

  /** A customer's own accounts not closed yet (what joining a membership pools). */
  ownAccountsInUse(tenantId: string, customerId: string): Promise<Account[]> {
    return this.uow.read((manager) => manager.findBy(Account, { tenantId, holderType: 'customer', holderId: customerId, status: Not('closed') }));
  }

  async insertAccount(account: Account): Promise<void> {
    await this.uow.manager.insert(Account, account);
  }

  async insertAccounts(accounts: Account[]): Promise<void> {
    await insertRows(this.uow.manager, Account, accounts);
  }

  async setAccountStatus(tenantId: string, id: string, status: AccountStatus, at: Date): Promise<void> {
    await this.uow.manager.update(Account, { tenantId, id }, { status, updatedAt: at });
  }

  /** Accounts under one locking read, locked in id order (the primary key's): the caller's deadlock rule. */
  lockAccounts(tenantId: string, ids: string[]): Promise<Account[]> {
    return lockRows(this.uow.manager, Account, `tenant_id = ? AND id IN (${placeholders(ids)})`, [tenantId, ...ids], { orderBy: 'id' });
  }

  /** A holder's account of a type, found and locked in one read. */
  async lockHolderAccount(tenantId: string, holder: AccountHolder, accountTypeId: string): Promise<Account | null> {
    const [account] = await lockRows(this.uow.manager, Account, 'tenant_id = ? AND holder_type = ? AND holder_id = ? AND account_type_id = ?', [
      tenantId,
      holder.type,
      holder.id,
      accountTypeId,
    ]);
    return account ?? null;
  }

  /**
   * The cached balances of the accounts a batch of entries moved: one plain UPDATE for a
   * single account (the till's case), a CASE statement per hundred accounts for a batch.
   */
  async saveBalances(accounts: Account[], at: Date): Promise<void> {
    const manager = this.uow.manager;
    if (accounts.length === 1) {
      const [account] = accounts;
      await updateRow(manager, Account, { tenantId: account.tenantId, id: account.id }, { total: account.total, held: account.held, entryCount: account.entryCount, updatedAt: at });
    } else if (accounts.length > 1) {
      const rows = accounts.map((account) => ({ id: account.id, set: { total: account.total, held: account.held, entryCount: account.entryCount } }));
      await updateEach(manager, Account, accounts[0].tenantId, rows, { updatedAt: at });
    }
  }

  entry(tenantId: string, id: string): Promise<LedgerEntry | null> {
    return this.uow.read((manager) => manager.findOneBy(LedgerEntry, { tenantId, id }));
  }

  /** The entry an idempotency key already wrote, if any. */
  entryWithKey(tenantId: string, idempotencyKey: string): Promise<LedgerEntry | null> {
    return this.uow.read((manager) => manager.findOneBy(LedgerEntry, { tenantId, idempotencyKey }));
  }

  /** A batch of entries in a few multi-row INSERTs, not one per entry. */
  insertEntries(entries: LedgerEntry[]): Promise<void> {
    return insertRows(this.uow.manager, LedgerEntry, entries);
  }

  entriesOfAccount(tenantId: string, accountId: string, filter: EntryFilter): Promise<LedgerEntry[]> {
    const where: FindOptionsWhere<LedgerEntry> = { tenantId, accountId };
    if (filter.kind) where.kind = filter.kind;
    if (filter.from && filter.to) where.createdAt = Between(filter.from, filter.to);
    else if (filter.from) where.createdAt = MoreThanOrEqual(filter.from);
    else if (filter.to) where.createdAt = LessThanOrEqual(filter.to);
    if (filter.before) where.id = LessThan(filter.before);
    return this.uow.read((manager) => manager.find(LedgerEntry, { where, order: { id: 'DESC' }, take: filter.take }));
  }

  /** What the account's entries of one kind add up to. */
  /** Per customer account of these customers, what `import` entries brought it to (0 for an account without any). */
  async importedOfCustomers(tenantId: string, customerIds: string[]): Promise<{ customerId: string; accountTypeId: string; imported: number }[]> {
    const accounts = await this.accountsOfHolders(tenantId, customerIds.map((id) => ({ type: 'customer' as const, id })));
    if (accounts.length === 0) return [];
    // By account, on the ledger's own key: joined to the accounts, MariaDB reads the whole ledger.
    const sums: { account_id: string; imported: string | number }[] = await this.uow.read((manager) =>
      manager.query(
        `SELECT account_id, SUM(amount) AS imported FROM rc_ledger_entries WHERE tenant_id = ? AND account_id IN (${placeholders(accounts)}) AND kind = 'import' GROUP BY account_id`,
        [tenantId, ...accounts.map((account) => account.id)],
      ),
    );
    const imported = new Map(sums.map((row) => [row.account_id, toExactInteger(row.imported, 'sum of entries')]));
    return accounts.map((account) => ({ customerId: account.holderId, accountTypeId: account.accountTypeId, imported: imported.get(account.id) ?? 0 }));
  }

  async sumOfKind(tenantId: string, accountId: string, kind: LedgerEntry['kind']): Promise<number> {
    const [row]: { total: string | number | null }[] = await this.uow.read((manager) =>
      manager.query('SELECT SUM(amount) AS total FROM rc_ledger_entries WHERE tenant_id = ? AND account_id = ? AND kind = ?', [tenantId, accountId, kind]),
    );
    return toExactInteger(row?.total ?? 0, 'sum of entries');
  }

  entriesOfTab(tenantId: string, tabId: string): Promise<LedgerEntry[]> {
    return this.uow.read((manager) => manager.find(LedgerEntry, { where: { tenantId, tabId }, order: { id: 'ASC' } }));
  }

  entriesOfCustomer(tenantId: string, customerId: string): Promise<LedgerEntry[]> {
    return this.uow.read((manager) => manager.find(LedgerEntry, { where: { tenantId, customerId }, order: { id: 'ASC' } }));
  }

  /** The account's lots with something left on them. */
  unspentLots(tenantId: string, accountId: string): Promise<Lot[]> {
    return this.uow.read((manager) => selectRows(manager, Lot, 'tenant_id = ? AND account_id = ? AND remaining > 0', [tenantId, accountId]));
  }

  async insertLots(lots: Lot[]): Promise<void> {
    await insertRows(this.uow.manager, Lot, lots);
  }

  async updateLot(tenantId: string, id: string, changes: Partial<Pick<Lot, 'remaining' | 'settledAt'>>): Promise<void> {
    await updateRow<Lot>(this.uow.manager, Lot, { tenantId, id }, changes);
  }

  /** The accounts' open lots expiring between two times, soonest first (one read for a customer's card). */
  lotsExpiringBetween(tenantId: string, accountIds: string[], from: Date, to: Date): Promise<Lot[]> {
    return this.uow.read((manager) => {
      const at = (date: Date) => bindable(manager, Lot, 'expiresAt', date);
      return selectRows(manager, Lot, `tenant_id = ? AND account_id IN (${placeholders(accountIds)}) AND settled_at IS NULL AND remaining > 0 AND expires_at BETWEEN ? AND ?`, [tenantId, ...accountIds, at(from), at(to)], {
        orderBy: 'expires_at, id',
      });
    });
  }

  /**
   * The tenant's open lots expired by `now`, in keyset batches along the index of open
   * lots (expiry time, then id): each batch reads on from the last, and lots spent or
   * written off long ago are never read again.
   */
  expiredLots(tenantId: string, now: Date, after: Pick<Lot, 'expiresAt' | 'id'> | null, limit: number): Promise<ExpiredLot[]> {
    return this.uow.read(async (manager) => {
      const at = (date: Date | null) => bindable(manager, Lot, 'expiresAt', date);
      const parameters: unknown[] = [tenantId, at(now)];
      let where = 'l.tenant_id = ? AND l.settled_at IS NULL AND l.expires_at <= ? AND l.remaining > 0';
      if (after) {
        where += ' AND (l.expires_at > ? OR (l.expires_at = ? AND l.id > ?))';
        parameters.push(at(after.expiresAt), at(after.expiresAt), after.id);
      }
      const rows = await selectRows(manager, Lot, where, parameters, {
        alias: 'l',
        join: 'JOIN rc_accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id',
        extra: { accountEntries: 'a.entry_count' },
        orderBy: 'l.expires_at, l.id',
        limit,
      });
      return rows.map((row) => ({ ...row, accountEntries: Number(row.accountEntries) }));
    });
  }

  /** The accounts' open lots expired by `now`, as they are now. */
  expiredLotsOfAccounts(tenantId: string, accountIds: string[], now: Date): Promise<Lot[]> {
    return this.uow.read((manager) =>
      selectRows(manager, Lot, `tenant_id = ? AND account_id IN (${placeholders(accountIds)}) AND settled_at IS NULL AND expires_at <= ? AND remaining > 0`, [
        tenantId,
        ...accountIds,
        bindable(manager, Lot, 'expiresAt', now),
      ]),
    );
  }

  /** Settles written-off lots: `emptied` ones to nothing in one statement, `kept` ones (what a hold set aside) to what they keep. */
  async writeOffLots(tenantId: string, emptied: string[], kept: RowUpdate[], at: Date): Promise<void> {
    const manager = this.uow.manager;
    if (emptied.length > 0) {
      await manager.query(`UPDATE rc_lots SET remaining = 0, settled_at = ? WHERE tenant_id = ? AND id IN (${placeholders(emptied)})`, [bindable(manager, Lot, 'settledAt', at), tenantId, ...emptied]);
    }
    await updateEach(manager, Lot, tenantId, kept, { settledAt: at });
  }

  /** Tenants with an open lot expired by `now`: who the nightly expiry visits. */
  /** Tenants with lots expired by `now`, or expiring by `noticeUntil` with subscribers not yet told. */
  tenantsWithLotsToExpireOrAnnounce(now: Date, noticeUntil: Date): Promise<string[]> {
    return this.uow.read(async (manager) => {
      const at = (date: Date) => bindable(manager, Lot, 'expiresAt', date);
      const rows: { tenantId: string }[] = await manager.query(
        'SELECT DISTINCT tenant_id AS tenantId FROM rc_lots WHERE settled_at IS NULL AND remaining > 0 AND (expires_at <= ? OR (expires_at <= ? AND expiry_noticed_at IS NULL))',
        [at(now), at(noticeUntil)],
      );
      return rows.map((row) => row.tenantId);
    });
  }

  /**
   * Up to `limit` of the tenant's open lots that expire after `now` and by `until` and that
   * subscribers were not told of, soonest first, locked until the unit of work ends.
   */
  lockLotsToAnnounce(tenantId: string, now: Date, until: Date, limit: number): Promise<Lot[]> {
    const manager = this.uow.manager;
    const at = (date: Date) => bindable(manager, Lot, 'expiresAt', date);
    return lockRows(manager, Lot, 'tenant_id = ? AND settled_at IS NULL AND expires_at > ? AND expires_at <= ? AND remaining > 0 AND expiry_noticed_at IS NULL', [tenantId, at(now), at(until)], {
      orderBy: 'expires_at, id',
      limit,
    });
  }

  async markLotsAnnounced(tenantId: string, ids: string[], at: Date): Promise<void> {
    const manager = this.uow.manager;
    await manager.query(`UPDATE rc_lots SET expiry_noticed_at = ? WHERE tenant_id = ? AND id IN (${placeholders(ids)})`, [bindable(manager, Lot, 'expiryNoticedAt', at), tenantId, ...ids]);
  }

  hold(tenantId: string, id: string): Promise<Hold | null> {
    return this.uow.read((manager) => manager.findOneBy(Hold, { tenantId, id }));
  }

  holdWithKey(tenantId: string, idempotencyKey: string): Promise<Hold | null> {
    return this.uow.read((manager) => manager.findOneBy(Hold, { tenantId, idempotencyKey }));
  }

  /** The hold's row under its lock; a hold never changes account, so the account is part of the key. */
  async lockHold(tenantId: string, id: string, accountId: string): Promise<Hold | null> {
    const [hold] = await lockRows(this.uow.manager, Hold, 'tenant_id = ? AND id = ? AND account_id = ?', [tenantId, id, accountId]);
    return hold ?? null;
  }

  async insertHold(hold: Hold): Promise<void> {
    await this.uow.manager.insert(Hold, hold);
  }

  /** How the hold resolved: its status, what was captured and when. */
  async saveResolution(hold: Hold): Promise<void> {
    await updateRow(this.uow.manager, Hold, { tenantId: hold.tenantId, id: hold.id }, { status: hold.status, capturedAmount: hold.capturedAmount, resolvedAt: hold.resolvedAt });
  }

  openHoldsOfAccount(tenantId: string, accountId: string): Promise<Hold[]> {
    return this.uow.read((manager) => manager.find(Hold, { where: { tenantId, accountId, status: 'open' }, order: { id: 'ASC' } }));
  }

  /** The account's open holds made at `madeBy` or before. */
  openHoldsMadeBy(tenantId: string, accountId: string, madeBy: Date): Promise<Hold[]> {
    return this.uow.read((manager) =>
      manager.find(Hold, { where: { tenantId, accountId, status: 'open', createdAt: LessThanOrEqual(madeBy) }, order: { id: 'ASC' } }),
    );
  }

  /** What the customer has held on the account since a time and not settled yet. */
  openHoldsOfCustomerSince(tenantId: string, accountId: string, customerId: string, since: Date): Promise<Hold[]> {
    return this.uow.read((manager) => manager.find(Hold, { where: { tenantId, accountId, customerId, status: 'open', createdAt: MoreThanOrEqual(since) } }));
  }

  async moveHolds(tenantId: string, holdIds: string[], tabId: string): Promise<void> {
    if (holdIds.length > 0) await this.uow.manager.update(Hold, { tenantId, id: In(holdIds), status: 'open' }, { tabId });
  }

  openHoldsOfTab(tenantId: string, tabId: string): Promise<Hold[]> {
    return this.uow.read((manager) => selectRows(manager, Hold, "tenant_id = ? AND tab_id = ? AND status = 'open'", [tenantId, tabId], { orderBy: 'id' }));
  }

  /** The account's open holds past their time. */
  expiredHoldsOfAccount(tenantId: string, accountId: string, now: Date): Promise<Hold[]> {
    return this.uow.read((manager) => manager.find(Hold, { where: { tenantId, accountId, status: 'open', expiresAt: LessThan(now) } }));
  }

  /** The tenant's open holds past their time, oldest first. */
  expiredHolds(tenantId: string, now: Date, limit: number): Promise<Hold[]> {
    return this.uow.read((manager) =>
      manager.find(Hold, { where: { tenantId, status: 'open', expiresAt: LessThan(now) }, order: { expiresAt: 'ASC', id: 'ASC' }, take: limit }),
    );
  }

  /** Tenants with an open hold past its time: who the stale-hold job visits. */
  tenantsWithExpiredHolds(now: Date): Promise<string[]> {
    return this.uow.read(async (manager) => {
      const rows: { tenantId: string }[] = await manager.query("SELECT DISTINCT tenant_id AS tenantId FROM rc_holds WHERE status = 'open' AND expires_at < ?", [
        bindable(manager, Hold, 'expiresAt', now),
      ]);
      return rows.map((row) => row.tenantId);
    });
  }
}
