import { randomUUID } from 'node:crypto';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { GuestTabEvent, IdentifierType, TabSnapshot } from '../../src/index.js';
import { SANDBOX_CONFIG, SANDBOX_TENANT, type SandboxConfig } from '../sandbox-config.js';
import { includedVat, MENU } from './menu.js';

export interface PosLine {
  id: string;
  productId: string;
  name: string;
  quantity: number;
  amount: number;
  /** What the guest paid for the line once the bill was settled, discounts taken off. */
  paid?: number;
  refunded?: boolean;
  /** On a tab of several guests: whose line it is (none: shared by all of them). */
  guestRef?: string;
}

/** One of several guests at the tab, seated under a number. */
export interface PosGuest {
  ref: string;
  identifier: NonNullable<NonNullable<TabSnapshot['customer']>['identifier']>;
}

export interface PosTab {
  id: string;
  version: number;
  status: 'open' | 'prechecked' | 'closed' | 'cancelled';
  openedAt: string;
  closedAt: string | null;
  /** The printed bill: what each line costs after the plugin's discounts, for this version. */
  bill?: Bill;
  /** What the guest was charged, fixed at payment: a paid tab is never priced again. */
  receipt?: Receipt;
  tableId: string;
  guestCount: number;
  customer: TabSnapshot['customer'];
  /** Several guests at one tab (a couple, a business lunch), instead of `customer`. */
  guests?: PosGuest[];
  /** The tab this one was split from, for the waiter's list. */
  splitFrom?: string;
  /** How many lines the tab ever had: the next line's number. */
  lineSeq: number;
  /** The guest the till recognised from its offline pack, while it could not ask the plugin. */
  offlineGuest?: string;
  lines: PosLine[];
  /** Bonus payments: balance the plugin holds until the tab is paid, or, offline, spent from the account's allowance. */
  bonusPayments: BonusPayment[];
}

export type BonusPayment = { amount: number } & ({ holdId: string } | { accountId: string });

/** A line as the plugin priced it: what is left to pay and the discounts that took off the rest. */
export interface PricedLine {
  amountAfter: number;
  discounts: { reason: string; amount: number }[];
}

/** The tab as the plugin priced it at one version. */
export interface Priced {
  lines: Record<string, PricedLine>;
  before: number;
  discount: number;
}

export interface Bill extends Priced {
  version: number;
}

export interface Receipt extends Priced {
  /** What the guest paid in all, bonus included. */
  total: number;
  bonusPaid: number;
}

const WAITER = { id: 'waiter-anna', name: 'Anna', permissions: ['terminal.use'] };

/**
 * The sandbox POS keeps its tabs in memory, as a real POS keeps them in its own
 * database; every change bumps the tab's version and becomes a contract event.
 */
@Injectable()
export class TabStore {
  private readonly tabs = new Map<string, PosTab>();
  private nextTab = 1;

  constructor(@Inject(SANDBOX_CONFIG) private readonly config: SandboxConfig) {}

  list(): PosTab[] {
    return [...this.tabs.values()].reverse();
  }

  get(id: string): PosTab {
    const tab = this.tabs.get(id);
    if (!tab) throw new NotFoundException(`tab ${id} not found`);
    return tab;
  }

  open(tableId: string, guestCount: number, id = `tab-${Date.now().toString(36)}-${this.nextTab++}`, openedAt = this.config.clock.now()): PosTab {
    const tab: PosTab = {
      id,
      version: 1,
      status: 'open',
      openedAt: openedAt.toISOString(),
      closedAt: null,
      tableId,
      guestCount,
      customer: null,
      lines: [],
      lineSeq: 0,
      bonusPayments: [],
    };
    this.tabs.set(id, tab);
    return tab;
  }

  addItem(id: string, productId: string, quantity: number, guestRef?: string): PosTab {
    const tab = this.changeable(id);
    const item = MENU.find((candidate) => candidate.productId === productId);
    if (!item) throw new NotFoundException(`no ${productId} on the menu`);
    const seated = guestRef !== undefined && tab.guests?.some((guest) => guest.ref === guestRef);
    // Line ids stay unique across the tabs a bill is split into: a moved line keeps its id, none is reused.
    tab.lineSeq += 1;
    tab.lines.push({ id: tab.splitFrom ? `${tab.id}-l${tab.lineSeq}` : `l-${tab.lineSeq}`, productId, name: item.name, quantity, amount: item.price * quantity, ...(seated ? { guestRef } : {}) });
    return this.bump(tab, 'open');
  }

  /**
   * Another guest sits at the tab: the tab names its guests by seat from now on, the one
   * already on it first.
   */
  addGuest(id: string, type: IdentifierType, value: string): PosTab {
    const tab = this.changeable(id);
    const guests = tab.guests ?? (tab.customer?.identifier ? [{ ref: '1', identifier: tab.customer.identifier }] : []);
    const ref = String(Math.max(0, ...guests.map((guest) => Number(guest.ref))) + 1);
    tab.guests = [...guests, { ref, identifier: { type, value, entryMethod: type === 'phone' ? 'manual' : 'scan' } }];
    tab.customer = null;
    return this.bump(tab, tab.status as PosTab['status']);
  }

  /** One guest leaves the table; their lines become shared by those who stay. */
  removeGuest(id: string, ref: string): PosTab {
    const tab = this.changeable(id);
    tab.guests = (tab.guests ?? []).filter((guest) => guest.ref !== ref);
    for (const line of tab.lines) if (line.guestRef === ref) delete line.guestRef;
    return this.bump(tab, tab.status as PosTab['status']);
  }

  /**
   * Lines move to a new tab of their own (a guest pays apart): it keeps the tab's guest, or
   * the guest whose lines they were.
   */
  splitOff(id: string, lineIds: string[]): { source: PosTab; part: PosTab } {
    const source = this.changeable(id);
    const moving = source.lines.filter((line) => lineIds.includes(line.id));
    if (moving.length === 0 || moving.length === source.lines.length) throw new ConflictException('a split moves some of the tab’s lines, not none or all');
    const part = this.open(source.tableId, 1, `${source.id}-${this.nextTab++}`);
    const owner = source.guests?.find((guest) => moving.every((line) => line.guestRef === guest.ref));
    part.customer = owner ? { identifier: owner.identifier } : source.customer;
    part.offlineGuest = source.offlineGuest;
    part.splitFrom = source.id;
    part.lines = moving.map(({ guestRef: _guestRef, ...line }) => line);
    source.lines = source.lines.filter((line) => !lineIds.includes(line.id));
    return { source: this.bump(source, source.status as PosTab['status']), part };
  }

  attachCard(id: string, type: IdentifierType, value: string): PosTab {
    const tab = this.changeable(id);
    tab.customer = { identifier: { type, value, entryMethod: type === 'phone' ? 'manual' : 'scan' } };
    return this.bump(tab, tab.status as PosTab['status']);
  }

  /** A refused guest leaves the tab as it was; the version stays bumped, as versions may skip. */
  restoreCustomer(id: string, customer: PosTab['customer']): void {
    this.get(id).customer = customer;
  }

  restoreGuests(id: string, kept: Pick<PosTab, 'customer' | 'guests'>): void {
    Object.assign(this.get(id), kept);
  }

  detach(id: string): PosTab {
    const tab = this.changeable(id);
    tab.customer = null;
    tab.offlineGuest = undefined;
    return this.bump(tab, tab.status as PosTab['status']);
  }

  payWithBonus(id: string, payment: BonusPayment): PosTab {
    const tab = this.changeable(id);
    tab.bonusPayments.push(payment);
    return this.bump(tab, tab.status as PosTab['status']);
  }

  /** The bill is printed with the prices the plugin gave each line. */
  precheck(id: string, priced: Priced): PosTab {
    const tab = this.bump(this.changeable(id), 'prechecked');
    tab.bill = { version: tab.version, ...priced };
    return tab;
  }

  /** Paid: the bill as the plugin priced it, line by line, is what the guest paid. */
  close(id: string, priced: Priced, closedAt = this.config.clock.now()): PosTab {
    const tab = this.changeable(id);
    for (const line of tab.lines) line.paid = priced.lines[line.id]?.amountAfter ?? line.amount;
    const total = tab.lines.reduce((sum, line) => sum + line.paid!, 0);
    tab.receipt = { ...priced, total, bonusPaid: tab.bonusPayments.reduce((sum, payment) => sum + payment.amount, 0) };
    tab.closedAt = closedAt.toISOString();
    return this.bump(tab, 'closed');
  }

  /** A line of a paid tab is given back: the guest gets what they paid for it. */
  refund(id: string, lineId: string): { tab: PosTab; line: PosLine } {
    const tab = this.get(id);
    if (tab.status !== 'closed') throw new ConflictException(`tab ${id} is not paid`);
    const line = tab.lines.find((candidate) => candidate.id === lineId);
    if (!line) throw new NotFoundException(`no line ${lineId} on tab ${id}`);
    if (line.refunded) throw new ConflictException(`line ${lineId} was refunded already`);
    line.refunded = true;
    return { tab: this.bump(tab, 'closed'), line };
  }

  cancel(id: string): PosTab {
    return this.bump(this.changeable(id), 'cancelled');
  }

  snapshot(tab: PosTab): TabSnapshot {
    return snapshotOf(tab);
  }

  /** The contract event for the tab's current state; `extra` sets a fixed id or refunded lines. */
  event(tab: PosTab, type: GuestTabEvent['type'], extra: Partial<GuestTabEvent> = {}): GuestTabEvent {
    return {
      id: `sbx-${randomUUID()}`,
      type,
      occurredAt: this.config.clock.now().toISOString(),
      tenantId: SANDBOX_TENANT,
      locationId: 'sandbox-cafe',
      terminalId: 'pos-1',
      actor: WAITER,
      tab: snapshotOf(tab),
      ...extra,
    };
  }

  private changeable(id: string): PosTab {
    const tab = this.get(id);
    if (tab.status === 'closed' || tab.status === 'cancelled') throw new ConflictException(`tab ${id} is ${tab.status}`);
    return tab;
  }

  private bump(tab: PosTab, status: PosTab['status']): PosTab {
    tab.version += 1;
    tab.status = status;
    return tab;
  }
}

function snapshotOf(tab: PosTab): TabSnapshot {
  const total = tab.lines.reduce((sum, line) => sum + line.amount, 0);
  const bonus = tab.bonusPayments.reduce((sum, payment) => sum + payment.amount, 0);
  const payments = tab.bonusPayments.map((payment) => ({ method: 'bonus', ...payment }));
  return {
    id: tab.id,
    version: tab.version,
    status: tab.status,
    openedAt: tab.openedAt,
    closedAt: tab.closedAt,
    currency: 'EUR',
    pricesIncludeTax: true,
    divisionId: 'main-hall',
    tableId: tab.tableId,
    guestCount: tab.guests?.length || tab.guestCount,
    waiterId: WAITER.id,
    customer: tab.guests ? null : tab.customer,
    ...(tab.guests ? { guests: tab.guests.map((guest) => ({ ref: guest.ref, identifier: guest.identifier })) } : {}),
    // The café's POS puts its happy-hour category on every tab; the rule knows the hours.
    categories: { tab: ['HAPPY'], division: [], table: [] },
    orders: [
      {
        id: 'o-1',
        categories: [],
        items: tab.lines.map((line) => {
          const item = MENU.find((candidate) => candidate.productId === line.productId)!;
          return {
            id: line.id,
            productId: line.productId,
            productGroupIds: item.productGroupIds,
            tags: item.tags,
            name: line.name,
            quantity: line.quantity,
            amount: line.amount,
            taxAmount: includedVat(line.amount),
            categories: [],
            ...(line.guestRef !== undefined && tab.guests ? { guestRef: line.guestRef } : {}),
          };
        }),
      },
    ],
    serviceCharge: 0,
    payments: tab.status === 'closed' ? [...payments, { method: 'card', amount: Math.max(0, (tab.receipt?.total ?? total) - bonus) }] : payments,
  };
}
