import type { GuestTabEvent } from '../../src/index.js';
import { TENANT } from './plugin.js';

let sequence = 0;

/** A guest-tab event as a host sends it, with a two-line tab; override what the story needs. */
export function tabEvent(
  type: GuestTabEvent['type'],
  overrides: { id?: string; tabId?: string; version?: number; tab?: Record<string, unknown>; [key: string]: unknown } = {},
): GuestTabEvent & Record<string, unknown> {
  const { id, tabId, version, tab, ...envelope } = overrides;
  sequence += 1;
  return {
    id: id ?? `evt-${process.pid}-${sequence}`,
    type,
    occurredAt: '2026-11-22T18:03:11.512Z',
    tenantId: TENANT,
    locationId: 'cafe-7',
    terminalId: 'pos-3',
    actor: { id: 'u-17', name: 'Anna', permissions: ['terminal.use'] },
    tab: {
      id: tabId ?? 'tab-123',
      version: version ?? 1,
      status: 'open',
      openedAt: '2026-11-22T17:40:00Z',
      closedAt: null,
      currency: 'EUR',
      pricesIncludeTax: true,
      divisionId: 'hall-2',
      tableId: 't-14',
      guestCount: 2,
      waiterId: 'u-17',
      customer: null,
      categories: { tab: [], division: ['TERRACE'], table: [] },
      orders: [
        {
          id: 'o-1',
          categories: [],
          items: [
            { id: 'l-1', productId: 'p-88', productGroupIds: ['wine', 'drinks'], tags: ['alcohol'], name: 'Cabernet Sauvignon 0.15', quantity: 1, amount: 1200, taxAmount: 200, categories: [] },
            { id: 'l-2', productId: 'p-12', productGroupIds: ['food'], tags: [], name: 'Risotto', quantity: 1, amount: 1850, taxAmount: 308, categories: [] },
          ],
        },
      ],
      serviceCharge: 0,
      payments: [],
      ...tab,
    },
    ...envelope,
  } as GuestTabEvent & Record<string, unknown>;
}
