import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { RetryableConflict } from '../../common/database/retryable-conflict.js';
import { ReadScope } from '../../common/database/read-scope.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { newId } from '../../common/ids.js';
import { decodeCursor, pageOf, type Page } from '../../common/pagination.js';
import type { PersonalDataHolder } from '../../common/personal-data/personal-data-holder.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { CustomersService } from '../customers/customers.service.js';
import { MembershipsService, type Holder } from '../memberships/memberships.service.js';
import { AccountsRepository, type AccountHolder } from './accounts.repository.js';
import { AccountTypesService, presentAccountType } from './account-types.service.js';
import type { AccountDto, AdjustAccountDto, EntryDto, ListEntriesQueryDto, TransferDto } from './dto/account.dto.js';
import type { Account, AccountStatus, HolderType } from './entities/account.entity.js';
import type { AccountType } from './entities/account-type.entity.js';
import type { LedgerEntry } from './entities/ledger-entry.entity.js';
import type { Lot } from './entities/lot.entity.js';
import { HoldsService } from './holds.service.js';
import { Ledger, requireOpen, type LedgerContext } from './ledger.service.js';
import { available, floorOf, roundedAccrual } from './purse.js';

export function presentEntry(entry: LedgerEntry): EntryDto {
  const { tenantId: _tenant, accountId: _account, expiredLotId: _lot, idempotencyKey: _key, createdAt, ...shown } = entry;
  return { ...shown, direction: entry.amount > 0 ? 'credit' : entry.amount < 0 ? 'debit' : 'none', createdAt: createdAt.toISOString() };
}

function actorContext(actor: RequestActor, reason: string | null = null): LedgerContext {
  return { tenantId: actor.tenantId, actorId: actor.id, actorName: actor.name ?? null, reason };
}

/**
 * Customers' and memberships' accounts: opening them, balances, history, manual
 * adjustments, transfers, accruals and reversals, and the reset at termination.
 */
@Injectable()
export class AccountsService {
  /** What this module keeps about a guest: their export, their erasure and the tenant's purge ask it (PrivacyFlow). */
  readonly personalData: PersonalDataHolder = {
    name: 'accounts',
    export: (tenantId, customerId) => this.exportFor(tenantId, customerId),
    // Money history stays, tied to the customer id only; nothing personal is in it.
    erase: async () => 0,
    purge: async () => 0,
  };

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: AccountsRepository,
    private readonly ledger: Ledger,
    private readonly holds: HoldsService,
    private readonly types: AccountTypesService,
    private readonly memberships: MembershipsService,
    private readonly customers: CustomersService,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** Opens the customer's account of a type (their membership's, if they belong to one). */
  async open(actor: RequestActor, customerId: string, typeCode: string): Promise<AccountDto> {
    await this.customers.findServable(actor.tenantId, customerId);
    const holder = await this.memberships.holderOf(actor.tenantId, customerId);
    const account = await this.accountFor(actor.tenantId, holder, typeCode, true);
    return this.present(account!);
  }

  /** The holder's account of a type; opened on first use when `open` says so. */
  async accountFor(tenantId: string, holder: { type: HolderType; id: string }, typeCode: string, open: boolean): Promise<Account | null> {
    const type = await this.types.byCode(tenantId, typeCode);
    const key = { tenantId, holderType: holder.type, holderId: holder.id, accountTypeId: type.id };
    const found = await this.repository.holderAccountOfType(key);
    if (found || !open) return found;
    if (!type.active) throw new RegularsError('account_type_inactive', `account type ${typeCode} is not offered any more`);
    const now = this.config.clock.now();
    const account: Account = { ...key, id: newId('a', now), status: 'open', total: 0, held: 0, entryCount: 0, createdAt: now, updatedAt: now };
    try {
      await this.repository.insertAccount(account);
    } catch (error) {
      if (isUniqueViolation(error)) throw new RetryableConflict(`account of ${holder.id} opened concurrently`);
      throw error;
    }
    return account;
  }

  /** The balances staff see for a customer: their holder's accounts (404 for a customer the tenant has not got). */
  async forCustomer(tenantId: string, customerId: string): Promise<AccountDto[]> {
    await this.customers.find(tenantId, customerId);
    return this.ofHolderOf(tenantId, customerId);
  }

  /** The accounts of a known customer's holder (read, unless the caller knows it); the card and its rewards ask once per till call. */
  ofHolderOf(tenantId: string, customerId: string, known?: Holder): Promise<AccountDto[]> {
    const read = async () => {
      const holder = known ?? (await this.memberships.holderOf(tenantId, customerId));
      const { from, to } = this.expiringSoon();
      const { accounts, lots } = await this.repository.accountsOfHolderWithLotsExpiring(tenantId, holder, from, to);
      return this.presentWith(tenantId, accounts, lots);
    };
    return this.uow.inTransaction ? read() : ReadScope.once(`accounts:${tenantId}:${customerId}`, read);
  }

  withIds(tenantId: string, ids: string[]): Promise<Account[]> {
    return this.repository.accountsWithIds(tenantId, ids);
  }

  /** The accounts of these holders, each once, as staff see them. */
  async ofHolders(tenantId: string, holders: AccountHolder[]): Promise<AccountDto[]> {
    const distinct = [...new Map(holders.map((holder) => [`${holder.type}:${holder.id}`, holder])).values()];
    return this.presentAll(tenantId, await this.repository.accountsOfHolders(tenantId, distinct));
  }

  async get(tenantId: string, id: string): Promise<AccountDto> {
    return this.present(await this.require(tenantId, id));
  }

  typeOf(tenantId: string, accountTypeId: string): Promise<AccountType> {
    return this.types.get(tenantId, accountTypeId);
  }

  typeByCode(tenantId: string, code: string): Promise<AccountType> {
    return this.types.byCode(tenantId, code);
  }

  async typeOfAccount(tenantId: string, accountId: string): Promise<AccountType> {
    return this.typeOf(tenantId, (await this.require(tenantId, accountId)).accountTypeId);
  }

  /**
   * Whether the guest may pay from the account: it is theirs, or their membership's. A gift
   * card is nobody's: it pays through a hold its presented code made (`giftCardHold`).
   */
  async spendableBy(tenantId: string, customerId: string | null, account: Pick<Account, 'holderType' | 'holderId'>): Promise<boolean> {
    if (customerId === null || account.holderType === 'gift_card') return false;
    if (account.holderType === 'customer') return account.holderId === customerId;
    const holder = await this.memberships.holderOf(tenantId, customerId);
    return holder.type === 'membership' && holder.id === account.holderId;
  }

  /**
   * Refuses (422 `not_guest_account`) an account the tab's guest may not pay from: only
   * their own accounts and their membership's are theirs to spend, never another guest's
   * named by id, and nobody's for a tab without a guest.
   */
  async requireSpendableBy(tenantId: string, customerId: string | null, account: Pick<Account, 'id' | 'holderType' | 'holderId'>, what: string): Promise<void> {
    if (await this.spendableBy(tenantId, customerId, account)) return;
    throw new RegularsError(
      'not_guest_account',
      customerId === null
        ? `${what}: account ${account.id} cannot pay for a tab without a guest; attach the guest first`
        : `${what}: account ${account.id} is not the tab guest's, nor their membership's`,
      { account: account.id, customer: customerId },
    );
  }

  async require(tenantId: string, id: string): Promise<Account> {
    const account = await this.repository.account(tenantId, id);
    if (!account) throw RegularsError.notFound('account', id);
    return account;
  }

  async setStatus(actor: RequestActor, id: string, status: AccountStatus): Promise<AccountDto> {
    const locked = await this.ledger.lock(actor.tenantId, id);
    if (status === 'closed' && (locked.account.total !== 0 || locked.account.held !== 0)) {
      throw new RegularsError('account_not_empty', 'only an account with nothing on it and nothing held can be closed', {
        total: locked.account.total,
        held: locked.account.held,
      });
    }
    await this.repository.setAccountStatus(actor.tenantId, id, status, this.config.clock.now());
    return this.present({ ...locked.account, status });
  }

  async entries(tenantId: string, accountId: string, query: ListEntriesQueryDto): Promise<Page<EntryDto>> {
    await this.require(tenantId, accountId);
    const limit = query.limit ?? 50;
    const rows = await this.repository.entriesOfAccount(tenantId, accountId, {
      kind: query.kind,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      before: decodeCursor(query.cursor),
      take: limit + 1,
    });
    return pageOf(rows, limit, presentEntry);
  }

  /** A manager's credit or debit, with the reason the history shows. */
  async adjust(actor: RequestActor, accountId: string, input: AdjustAccountDto): Promise<EntryDto> {
    const locked = await this.ledger.lock(actor.tenantId, accountId);
    const context = actorContext(actor, input.reason);
    const entry =
      input.kind === 'manual_credit'
        ? await this.ledger.credit(locked, 'manual_credit', input.amount, context)
        : await this.ledger.debit(locked, 'manual_debit', input.amount, context);
    return presentEntry(entry);
  }

  /** Between two accounts of the same type and holder kind; both entries in one transaction. */
  async transfer(actor: RequestActor, fromId: string, input: TransferDto): Promise<{ out: EntryDto; in: EntryDto }> {
    if (fromId === input.toAccountId) throw new RegularsError('same_account', 'toAccountId: a transfer needs two accounts');
    const locked = await this.ledger.lockAll(actor.tenantId, [fromId, input.toAccountId]);
    const from = locked.get(fromId)!;
    const to = locked.get(input.toAccountId)!;
    if (from.account.accountTypeId !== to.account.accountTypeId || from.account.holderType !== to.account.holderType) {
      throw new RegularsError('incompatible_accounts', 'transfers go between accounts of the same type and holder kind');
    }
    const out = await this.ledger.debit(from, 'transfer_out', input.amount, { ...actorContext(actor, input.reason), counterAccountId: to.account.id });
    const into = await this.ledger.credit(to, 'transfer_in', input.amount, { ...actorContext(actor, input.reason), counterAccountId: from.account.id });
    return { out: presentEntry(out), in: presentEntry(into) };
  }

  /**
   * Points or bonus a closed tab earns, on the account of the customer's holder (opened
   * if needed), rounded down to the account type's step. The idempotency key makes a
   * repeated close accrue once.
   */
  async accrue(
    context: LedgerContext & { customerId: string; idempotencyKey: string },
    typeCode: string,
    amount: number,
    { keyUnused = false }: { keyUnused?: boolean } = {},
  ): Promise<LedgerEntry | null> {
    // A caller that knows the key is unused (a close whose visit was still open) spares the look-up; the key's unique index still stands behind it.
    const done = keyUnused ? null : await this.ledger.written(context.tenantId, context.idempotencyKey);
    if (done) return done;
    const holder = await this.memberships.holderOf(context.tenantId, context.customerId);
    const type = await this.types.byCode(context.tenantId, typeCode);
    // The account is found and locked in one read; the first accrual opens it.
    const locked = (await this.ledger.lockOf(context.tenantId, holder, type)) ?? (await this.ledger.lock(context.tenantId, (await this.accountFor(context.tenantId, holder, typeCode, true))!.id));
    const rounded = roundedAccrual(amount, locked.type.roundingStep);
    if (rounded <= 0 || locked.account.status === 'closed') return null;
    return this.ledger.credit(locked, 'accrual', rounded, context);
  }

  /**
   * Undoes (part of) an entry with a reversal: a credit's reversal takes back what is
   * still there, a debit's reversal gives back. Retried with the same key, once.
   */
  async reverse(context: LedgerContext & { idempotencyKey: string }, entryId: string, amount: number): Promise<LedgerEntry | null> {
    const done = await this.ledger.written(context.tenantId, context.idempotencyKey);
    if (done) return done;
    const original = await this.repository.entry(context.tenantId, entryId);
    if (!original) throw RegularsError.notFound('ledger_entry', entryId);
    if (amount <= 0 || original.amount === 0) return null;
    const locked = await this.ledger.lock(context.tenantId, original.accountId);
    const reversal = { ...context, reversesEntryId: original.id };
    return original.amount > 0
      ? this.ledger.debit(locked, 'reversal', Math.min(amount, original.amount), reversal, { force: true })
      : this.ledger.credit(locked, 'reversal', Math.min(amount, -original.amount), reversal);
  }

  /**
   * A bonus payment a till took while offline, replayed: what the account has available
   * (down to its floor) is spent as `offline_spend`, and the rest as `offline_debt`, taking
   * the balance below zero, so nothing the guest spent is lost; later credits pay the debt
   * back first. Once per key (`<key>` and `<key>:debt`), with the entries the first replay wrote.
   */
  async spendOffline(context: LedgerContext & { idempotencyKey: string }, accountId: string, amount: number): Promise<LedgerEntry[]> {
    const debtKey = `${context.idempotencyKey}:debt`;
    const done = (await Promise.all([this.ledger.written(context.tenantId, context.idempotencyKey), this.ledger.written(context.tenantId, debtKey)])).filter((entry) => entry !== null);
    if (done.length > 0) return done;
    const locked = await this.ledger.lock(context.tenantId, accountId);
    requireOpen(locked, false);
    const covered = Math.max(0, Math.min(amount, available(locked.account) - floorOf(locked.type)));
    const entries: LedgerEntry[] = [];
    if (covered > 0) entries.push(await this.ledger.debit(locked, 'offline_spend', covered, context, { force: true }));
    if (amount > covered) entries.push(await this.ledger.debit(locked, 'offline_debt', amount - covered, { ...context, idempotencyKey: debtKey }, { force: true }));
    return entries;
  }

  /**
   * Money paid onto an account at the till (a gift card's sale or top-up), once per key:
   * the entry the key wrote already is answered again.
   */
  async deposit(context: LedgerContext & { idempotencyKey: string }, accountId: string, amount: number): Promise<LedgerEntry> {
    const done = await this.ledger.written(context.tenantId, context.idempotencyKey);
    if (done) return done;
    return this.ledger.credit(await this.ledger.lock(context.tenantId, accountId), 'deposit', amount, context);
  }

  /**
   * An opening balance brought from another system: the account is brought to what the file
   * says by an `import` entry of the difference from what earlier imports brought (what the
   * guest did since is theirs and stays), so the same file again writes nothing and a
   * corrected one writes the correction. Its money expires when the file says, if it does.
   */
  async importBalance(context: LedgerContext, accountId: string, target: number, expiresAt: Date | null): Promise<LedgerEntry | null> {
    const locked = await this.ledger.lock(context.tenantId, accountId);
    const imported = await this.repository.sumOfKind(context.tenantId, accountId, 'import');
    const change = target - imported;
    if (change === 0) return null;
    const keyed = { ...context, idempotencyKey: `import:${accountId}:${imported}:${target}` };
    return change > 0 ? this.ledger.credit(locked, 'import', change, keyed, { expiresAt }) : this.ledger.debit(locked, 'import', -change, keyed, { force: true });
  }

  /**
   * The accounts of customers an import made, with their opening balances: an account per
   * customer and type, an `import` entry (keyed as importBalance keys it, so the row run again
   * writes nothing) and its lot, expiring when the file says, all in a few statements.
   */
  async openImported(context: Pick<LedgerContext, 'tenantId' | 'actorId' | 'actorName'>, balances: { customerId: string; typeCode: string; amount: number; expiresAt: Date | null; reason: string }[]): Promise<void> {
    if (balances.length === 0) return;
    const types = new Map<string, AccountType>();
    for (const { typeCode } of balances) {
      if (types.has(typeCode)) continue;
      const type = await this.types.byCode(context.tenantId, typeCode);
      if (!type.active) throw new RegularsError('account_type_inactive', `account type ${typeCode} is not offered any more`);
      types.set(typeCode, type);
    }
    const now = this.config.clock.now();
    const opened = balances.map(({ customerId, typeCode }) => {
      const type = types.get(typeCode)!;
      const account: Account = { tenantId: context.tenantId, holderType: 'customer', holderId: customerId, accountTypeId: type.id, id: newId('a', now), status: 'open', total: 0, held: 0, entryCount: 0, createdAt: now, updatedAt: now };
      return { account, type };
    });
    await this.repository.insertAccounts(opened.filter((_, i) => balances[i].amount === 0).map(({ account }) => account));
    await this.ledger.creditAll(
      balances.flatMap(({ customerId, amount, expiresAt, reason }, i) =>
        amount > 0 ? [{ locked: opened[i], kind: 'import' as const, amount, expiresAt, context: { ...context, customerId, reason, idempotencyKey: `import:${opened[i].account.id}:0:${amount}` } }] : [],
      ),
      'insert',
    );
  }

  /** What imports brought each account of these customers to, by customer and account type code: an import run again compares with it. */
  async importedOfCustomers(tenantId: string, customerIds: string[]): Promise<Map<string, Map<string, number>>> {
    const codes = new Map((await this.types.list(tenantId)).map((type) => [type.id, type.code]));
    const imported = new Map<string, Map<string, number>>();
    for (const row of await this.repository.importedOfCustomers(tenantId, customerIds)) {
      const own = imported.get(row.customerId) ?? new Map<string, number>();
      own.set(codes.get(row.accountTypeId) ?? row.accountTypeId, row.imported);
      imported.set(row.customerId, own);
    }
    return imported;
  }

  /** The entry an idempotency key wrote, if any. */
  written(tenantId: string, idempotencyKey: string): Promise<LedgerEntry | null> {
    return this.ledger.written(tenantId, idempotencyKey);
  }

  /** Whether the account ever paid for a tab, or is held for one now. */
  async everSpent(tenantId: string, accountId: string): Promise<boolean> {
    const account = await this.require(tenantId, accountId);
    if (account.held > 0) return true;
    return (await this.repository.entriesOfAccount(tenantId, accountId, { kind: 'capture', take: 1 })).length > 0;
  }

  /** When the first of the money on the account expires; null when none of it does. */
  async nextExpiry(tenantId: string, accountId: string): Promise<Date | null> {
    const expiries = (await this.repository.unspentLots(tenantId, accountId)).flatMap((lot) => (lot.expiresAt ? [lot.expiresAt.getTime()] : []));
    return expiries.length > 0 ? new Date(Math.min(...expiries)) : null;
  }

  /** What a tab did to the accounts: its accruals, captures and their reversals. */
  entriesOfTab(tenantId: string, tabId: string): Promise<LedgerEntry[]> {
    return this.repository.entriesOfTab(tenantId, tabId);
  }

  /**
   * A holder's programme ends (a customer's or a membership's termination): every hold
   * released, every balance brought to zero by a `reset` entry that says why, every account
   * closed. Runs inside the caller's unit of work.
   */
  async resetHolder(actor: RequestActor, holder: Holder, reason: string, customerId: string | null): Promise<void> {
    const accounts = await this.repository.accountsOfHolder(actor.tenantId, holder);
    const context = { ...actorContext(actor, reason), customerId };
    for (const { id } of accounts) {
      await this.holds.releaseAllOf(actor.tenantId, id, context);
      const locked = await this.ledger.lock(actor.tenantId, id);
      if (locked.account.total > 0) await this.ledger.debit(locked, 'reset', locked.account.total, context, { force: true });
      else if (locked.account.total < 0) await this.ledger.write(locked, 'reset', { amount: -locked.account.total, held: 0 }, context);
      await this.repository.setAccountStatus(actor.tenantId, id, 'closed', this.config.clock.now());
    }
  }

  /**
   * A guest joins a membership: what is on their own accounts moves into the membership's
   * account of the same type (opened if needed), with its lots and their expiry, by a
   * transfer entry on both sides. Refused while a hold is open on one (a tab is paying with
   * it) or while one owes (company credit used), so no money is ever left where nobody can
   * spend it. Runs inside the caller's unit of work.
   */
  async poolInto(actor: RequestActor, customerId: string, membershipId: string, membershipName: string): Promise<void> {
    const own = await this.repository.ownAccountsInUse(actor.tenantId, customerId);
    for (const account of own) {
      if (account.held > 0) {
        throw new RegularsError('open_holds', `account ${account.id} has bonus held for a tab; close or cancel the tab first`, { account: account.id, held: account.held });
      }
      if (account.total < 0) {
        throw new RegularsError('balance_owed', `account ${account.id} owes ${-account.total}; settle it first`, { account: account.id, total: account.total });
      }
      if (account.total === 0) continue;
      const type = await this.types.get(actor.tenantId, account.accountTypeId);
      const pool = (await this.accountFor(actor.tenantId, { type: 'membership', id: membershipId }, type.code, true))!;
      const locked = await this.ledger.lockAll(actor.tenantId, [account.id, pool.id]);
      await this.ledger.moveBalance(locked.get(account.id)!, locked.get(pool.id)!, { ...actorContext(actor, `joined the membership ${membershipName}`), customerId });
    }
  }

  /** What the accounts know of a customer: the accounts they use and every entry they caused. */
  private async exportFor(tenantId: string, customerId: string): Promise<unknown> {
    const holder = await this.memberships.holderOf(tenantId, customerId);
    const accounts = await this.repository.accountsOfHolder(tenantId, holder);
    const entries = await this.repository.entriesOfCustomer(tenantId, customerId);
    return {
      accounts: await this.presentAll(tenantId, accounts),
      entries: entries.map(presentEntry),
    };
  }

  async present(account: Account): Promise<AccountDto> {
    return (await this.presentAll(account.tenantId, [account]))[0];
  }

  /** Accounts as staff see them, with what expires soon: their types kept, their lots in one read. */
  async presentAll(tenantId: string, accounts: Account[]): Promise<AccountDto[]> {
    if (accounts.length === 0) return [];
    const { from, to } = this.expiringSoon();
    const lots = await this.repository.lotsExpiringBetween(
      tenantId,
      accounts.map((account) => account.id),
      from,
      to,
    );
    return this.presentWith(tenantId, accounts, lots);
  }

  /** What counts as expiring soon now: the next expiryNoticeDays. */
  private expiringSoon(): { from: Date; to: Date } {
    const from = this.config.clock.now();
    return { from, to: new Date(from.getTime() + this.config.expiryNoticeDays * 86_400_000) };
  }

  private async presentWith(tenantId: string, accounts: Account[], lots: Pick<Lot, 'accountId' | 'remaining' | 'expiresAt'>[]): Promise<AccountDto[]> {
    const types = await Promise.all(accounts.map((account) => this.types.get(tenantId, account.accountTypeId)));
    return accounts.map((account, i) => ({
      id: account.id,
      accountType: presentAccountType(types[i]),
      holder: { type: account.holderType, id: account.holderId },
      status: account.status,
      total: account.total,
      held: account.held,
      available: available(account),
      expiringSoon: lots.filter((lot) => lot.accountId === account.id).map((lot) => ({ amount: lot.remaining, expiresAt: lot.expiresAt!.toISOString() })),
    }));
  }

}
