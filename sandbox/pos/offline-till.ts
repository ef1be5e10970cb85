import { createHmac, createPublicKey, verify } from 'node:crypto';
import { ConflictException, Injectable } from '@nestjs/common';
import { evaluate, type Evaluation, type RuleBook } from '../../src/engine.js';
import { GuestTabHooks, TerminalService, type GuestTabEvent, type IdentifierType, type OfflineGuest, type OfflinePack, type TabSnapshot } from '../../src/index.js';
import { handlingEvent } from '../logging/log-context.js';
import { SANDBOX_TENANT } from '../sandbox-config.js';

const AT_THE_CAFE = { tenantId: SANDBOX_TENANT, id: 'waiter-anna', name: 'Anna', permissions: ['terminal.use'], terminalId: 'pos-1', locationId: 'sandbox-cafe' };

/**
 * The till without the plugin, as a vendor builds it: while online it keeps the location's
 * offline pack (verified against the pinned key); offline it recognises guests by their
 * hashed identifiers, prices tabs with the published engine, lets bonus be spent up to each
 * account's allowance, and keeps its events; back online it sends them, marked offline.
 */
@Injectable()
export class OfflineTill {
  private pack: OfflinePack | null = null;
  private readonly kept: GuestTabEvent[] = [];
  /** What this till let each account spend since it went offline. */
  private readonly spent = new Map<string, number>();

  constructor(
    private readonly terminal: TerminalService,
    private readonly hooks: GuestTabHooks,
  ) {}

  get offline(): boolean {
    return this.pack !== null;
  }

  status() {
    return { offline: this.offline, kept: this.kept.length, guestsInPack: this.pack?.guests.length ?? 0 };
  }

  /** Takes the pack, every page, keeping only what verifies under the tenant's key, and stops calling the plugin. */
  async goOffline() {
    const key = await this.terminal.offlinePackKey(AT_THE_CAFE);
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey }, format: 'jwk' });
    const guests: OfflineGuest[] = [];
    let page: OfflinePack | null = null;
    let cursor: string | undefined;
    do {
      const signed = await this.terminal.offlinePack(AT_THE_CAFE, { cursor });
      const signature = Buffer.from(signed.signature.replace(/^ed25519=/, ''), 'base64url');
      if (!verify(null, Buffer.from(signed.body), publicKey, signature)) throw new ConflictException('the offline pack does not verify: not going offline with it');
      page = JSON.parse(signed.body) as OfflinePack;
      guests.push(...page.guests);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    this.pack = { ...page, guests };
    this.spent.clear();
    return this.status();
  }

  /** Sends what was kept, marked offline: twice each and in a shuffled order, as a till that is not sure what arrived might. */
  async backOnline() {
    const events = this.kept.splice(0);
    this.pack = null;
    const replay = [...events, ...events].map((event) => ({ event, order: Math.random() })).sort((a, b) => a.order - b.order);
    const answers = [];
    for (const { event } of replay) answers.push({ event: { id: event.id, type: event.type }, answer: await handlingEvent(event, () => this.hooks.handle(event)) });
    return { ...this.status(), replayed: events.length, answers };
  }

  keep(event: GuestTabEvent): GuestTabEvent {
    const offline = { ...event, offline: true };
    this.kept.push(offline);
    return offline;
  }

  /** The guest behind a presented card, found by its hash: the pack holds no card numbers. */
  recognise(type: IdentifierType, value: string): OfflineGuest {
    const pack = this.requirePack();
    const hash = createHmac('sha256', Buffer.from(pack.identifierHashing.salt, 'base64url')).update(`${type}:${value.trim()}`).digest('hex');
    const guest = pack.guests.find((candidate) => candidate.identifiers.some((identifier) => identifier.hash === hash));
    if (!guest) throw new ConflictException(`no guest in the offline pack has this ${type}`);
    return guest;
  }

  guest(customerId: string): OfflineGuest | null {
    return this.pack?.guests.find((candidate) => candidate.customerId === customerId) ?? null;
  }

  /** The card the till shows offline: the pack's guest, with what is left of each allowance. */
  card(customerId: string) {
    const guest = this.guest(customerId);
    if (!guest) return null;
    return {
      id: guest.customerId,
      displayName: guest.displayName,
      greeting: 'Offline',
      announcements: ['The till is offline: prices and allowances come from its pack'],
      balances: guest.accounts.map((account) => ({ accountId: account.accountId, name: account.accountTypeCode, unit: account.unit, held: 0, available: this.allowanceLeft(account.accountId) })),
      benefits: [],
      tier: guest.tierCode ? { name: guest.tierCode } : null,
      nextTier: null,
      preferences: { text: null, tags: [] },
      identifiedBy: { via: 'offline pack' },
    };
  }

  /** Lets the payment through if the account's allowance covers it. */
  spend(customerId: string, accountId: string, amount: number): void {
    if (!this.guest(customerId)?.accounts.some((account) => account.accountId === accountId)) throw new ConflictException('not an account of the guest on this tab');
    if (amount > this.allowanceLeft(accountId)) throw new ConflictException(`the offline allowance leaves ${this.allowanceLeft(accountId)} to spend`);
    this.spent.set(accountId, (this.spent.get(accountId) ?? 0) + amount);
  }

  /** The tab priced with the published engine and the pack's rule book, as the plugin would price it. */
  price(snapshot: TabSnapshot, customerId: string | null, at: Date): Evaluation {
    const pack = this.requirePack();
    const guest = customerId ? this.guest(customerId) : null;
    const tier = pack.tiers.find((candidate) => candidate.code === guest?.tierCode)?.categories ?? [];
    const lines = snapshot.orders.flatMap((order) =>
      order.items.map((item) => ({ ...item, productGroupIds: item.productGroupIds ?? [], tags: item.tags ?? [], categories: [...(order.categories ?? []), ...(item.categories ?? [])] })),
    );
    return evaluate(
      { currency: snapshot.currency, pricesIncludeTax: snapshot.pricesIncludeTax, serviceCharge: snapshot.serviceCharge ?? 0, guestCount: snapshot.guestCount ?? null, lines },
      { tab: snapshot.categories?.tab ?? [], division: snapshot.categories?.division ?? [], table: snapshot.categories?.table ?? [], personal: guest?.categories ?? [], tier },
      pack.ruleBook as RuleBook,
      at,
      { timeZone: pack.timeZone, discountBase: pack.settings.discountBase, accrualBase: pack.settings.accrualBase, usage: { identifications: 0, closedTabs: 0, bonusSpent: {} }, bonusPayments: {} },
    );
  }

  private allowanceLeft(accountId: string): number {
    const account = this.pack?.guests.flatMap((guest) => guest.accounts).find((candidate) => candidate.accountId === accountId);
    return Math.max(0, (account?.allowance ?? 0) - (this.spent.get(accountId) ?? 0));
  }

  private requirePack(): OfflinePack {
    if (!this.pack) throw new ConflictException('the till is online');
    return this.pack;
  }
}
