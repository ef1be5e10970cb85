import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException, ConflictException } from '@nestjs/common';
import type { GuestTabEvent, IdentifierType, TabSnapshot } from '../../src/index.js';
import { SANDBOX_TENANT } from '../sandbox-config.js';
import { includedVat, MENU } from './menu.js';

export interface PosLine {
  id: string;
  productId: string;
  name: string;
  quantity: number;
  amount: number;
}

export interface PosTab {
  id: string;
  version: number;
  status: 'open' | 'prechecked' | 'closed' | 'cancelled';
  openedAt: string;
  closedAt: string | null;
  tableId: string;
  guestCount: number;
  customer: TabSnapshot['customer'];
  lines: PosLine[];
  /** Bonus payments: balance the plugin holds until the tab is paid. */
  bonusPayments: { amount: number; holdId: string }[];
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

  list(): PosTab[] {
    return [...this.tabs.values()].reverse();
  }

  get(id: string): PosTab {
    const tab = this.tabs.get(id);
    if (!tab) throw new NotFoundException(`tab ${id} not found`);
    return tab;
  }

  open(tableId: string, guestCount: number, id = `tab-${Date.now().toString(36)}-${this.nextTab++}`): PosTab {
    const tab: PosTab = {
      id,
      version: 1,
      status: 'open',
      openedAt: new Date().toISOString(),
      closedAt: null,
      tableId,
      guestCount,
      customer: null,
      lines: [],
      bonusPayments: [],
    };
    this.tabs.set(id, tab);
    return tab;
  }

  addItem(id: string, productId: string, quantity: number): PosTab {
    const tab = this.changeable(id);
    const item = MENU.find((candidate) => candidate.productId === productId);
    if (!item) throw new NotFoundException(`no ${productId} on the menu`);
    tab.lines.push({ id: `l-${tab.lines.length + 1}`, productId, name: item.name, quantity, amount: item.price * quantity });
    return this.bump(tab, 'open');
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

  detach(id: string): PosTab {
    const tab = this.changeable(id);
    tab.customer = null;
    return this.bump(tab, tab.status as PosTab['status']);
  }

  payWithBonus(id: string, holdId: string, amount: number): PosTab {
    const tab = this.changeable(id);
    tab.bonusPayments.push({ holdId, amount });
    return this.bump(tab, tab.status as PosTab['status']);
  }

  precheck(id: string): PosTab {
    return this.bump(this.changeable(id), 'prechecked');
  }

  close(id: string): PosTab {
    const tab = this.changeable(id);
    tab.closedAt = new Date().toISOString();
    return this.bump(tab, 'closed');
  }

  cancel(id: string): PosTab {
    return this.bump(this.changeable(id), 'cancelled');
  }

  snapshot(tab: PosTab): TabSnapshot {
    return snapshotOf(tab);
  }

  /** The contract event for the tab's current state. */
  event(tab: PosTab, type: GuestTabEvent['type'], id = `sbx-${randomUUID()}`): GuestTabEvent {
    return {
      id,
      type,
      occurredAt: new Date().toISOString(),
      tenantId: SANDBOX_TENANT,
      locationId: 'sandbox-cafe',
      terminalId: 'pos-1',
      actor: WAITER,
      tab: snapshotOf(tab),
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
  const payments = tab.bonusPayments.map((payment) => ({ method: 'bonus', amount: payment.amount, holdId: payment.holdId }));
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
    guestCount: tab.guestCount,
    waiterId: WAITER.id,
    customer: tab.customer,
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
          };
        }),
      },
    ],
    serviceCharge: 0,
    payments: tab.status === 'closed' ? [...payments, { method: 'card', amount: Math.max(0, total - bonus) }] : payments,
  };
}
