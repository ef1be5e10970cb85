import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { MAX_BALANCE } from '../../src/common/validation/limits.js';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { bindCard, createCustomer, MANAGER } from '../support/factories.js';
import { actorCall, postEvent, startPlugin, TENANT, type TestPlugin } from '../support/plugin.js';
import { statsOf, TILL, visitsOf } from '../support/restaurant.js';

const line = (id: string, productId: string, name: string, quantity: number, amount: number) => ({
  id,
  productId,
  productGroupIds: [],
  tags: [],
  name,
  quantity,
  amount,
  taxAmount: 0,
  categories: [],
});
const ESPRESSOS = line('l-1', 'p-espresso', 'Espresso', 5, 1500);
const RISOTTO = line('l-1', 'p-risotto', 'Risotto', 1, 1850);

describe.each(TEST_ENGINES)('visits and their statistics (%s)', (engine) => {
  let plugin: TestPlugin;
  let tabs = 0;
  /** A tab closed for the customer at a place and time, without a prior attach. */
  const visit = (customerId: string, locationId: string, closedAt: string, items: object[]) => {
    tabs += 1;
    return postEvent(
      plugin.app,
      tabEvent('guest_tab.closed', {
        tabId: `tab-visit-${tabs}`,
        version: 2,
        locationId,
        tab: { status: 'closed', openedAt: closedAt, closedAt, customer: { customerId }, categories: { tab: [], division: [], table: [] }, orders: [{ id: 'o-1', categories: [], items }] },
      }),
    ).expect(200);
  };

  beforeAll(async () => {
    plugin = await startPlugin(engine, { timeZone: 'Europe/Stockholm' });
    plugin.clock.current = new Date('2026-11-22T19:30:00Z');
  });
  afterAll(() => plugin.close());

  it('sums spend, visits, average check and favourites over the period asked for', async () => {
    const guest = await createCustomer(plugin.app);
    await bindCard(plugin.app, guest.id, `FAV-${process.pid}`);
    await visit(guest.id, 'cafe-7', '2026-11-10T12:00:00Z', [ESPRESSOS]);
    await visit(guest.id, 'cafe-7', '2026-08-01T12:00:00Z', [RISOTTO]);
    await visit(guest.id, 'cafe-9', '2026-02-01T12:00:00Z', [RISOTTO]);
    await visit(guest.id, 'cafe-9', '2025-06-01T12:00:00Z', [RISOTTO]);

    expect(await statsOf(plugin.app, guest.id, '?period=month')).toMatchObject({ visits: 1, spent: 1500, averageCheck: 1500 });
    expect(await statsOf(plugin.app, guest.id, '?period=half_year')).toMatchObject({ visits: 2, spent: 3350, averageCheck: 1675 });
    const year = await statsOf(plugin.app, guest.id, '?period=year');
    expect(year).toMatchObject({ from: '2025-11-22T19:30:00.000Z', to: '2026-11-22T19:30:00.000Z', visits: 3, spent: 5200, averageCheck: 1733 });
    // Five espressos on one visit, a risotto on each of two: "most ordered" depends on how you count.
    expect(year.favouritesByQuantity.map((f: { productId: string; quantity: number }) => [f.productId, f.quantity])).toEqual([
      ['p-espresso', 5],
      ['p-risotto', 2],
    ]);
    expect(year.favouritesByVisits.map((f: { productId: string; visits: number }) => [f.productId, f.visits])).toEqual([
      ['p-risotto', 2],
      ['p-espresso', 1],
    ]);
    expect(await statsOf(plugin.app, guest.id, '?period=custom&from=2025-01-01T00:00:00Z&to=2025-12-31T23:59:59Z')).toMatchObject({ visits: 1, spent: 1850 });
    expect(await statsOf(plugin.app, guest.id, '?period=year&locationId=cafe-9')).toMatchObject({ visits: 1, spent: 1850 });

    const card = (await actorCall(plugin.app, 'post', '/terminal/identify', TILL, { identifier: { type: 'barcode_card', value: `FAV-${process.pid}`, entryMethod: 'scan' } }).expect(200)).body;
    expect(card.preferences.favouriteProducts).toEqual([
      { productId: 'p-espresso', name: 'Espresso', quantity: 5, visits: 1 },
      { productId: 'p-risotto', name: 'Risotto', quantity: 1, visits: 1 },
    ]);
    expect(card.history).toEqual({ visits: 4, spent: 7050, averageCheck: 1763, lastVisitAt: '2026-11-10T12:00:00.000Z' });
  });

  it('lists visits newest first with their lines, by period and location, a page at a time', async () => {
    const guest = await createCustomer(plugin.app);
    await visit(guest.id, 'cafe-7', '2026-10-01T12:00:00Z', [RISOTTO]);
    await visit(guest.id, 'cafe-9', '2026-10-05T12:00:00Z', [ESPRESSOS]);
    await visit(guest.id, 'cafe-7', '2026-10-09T12:00:00Z', [ESPRESSOS]);

    const atCafe7 = await visitsOf(plugin.app, guest.id, '?period=half_year&locationId=cafe-7');
    expect(atCafe7.map((v) => v.closedAt)).toEqual(['2026-10-09T12:00:00.000Z', '2026-10-01T12:00:00.000Z']);
    expect(atCafe7[1]).toMatchObject({ locationId: 'cafe-7', net: 1850, lines: [{ lineId: 'l-1', productId: 'p-risotto', name: 'Risotto', quantity: 1, amount: 1850, discount: 0, refundedQuantity: 0, refundedAmount: 0 }] });
    const first = (await actorCall(plugin.app, 'get', `/customers/${guest.id}/visits?limit=2`, MANAGER).expect(200)).body;
    const rest = (await actorCall(plugin.app, 'get', `/customers/${guest.id}/visits?limit=2&cursor=${first.nextCursor}`, MANAGER).expect(200)).body;
    expect([...first.items, ...rest.items].map((v: { closedAt: string }) => v.closedAt.slice(0, 10))).toEqual(['2026-10-09', '2026-10-05', '2026-10-01']);
    expect(rest.nextCursor).toBeNull();
    expect((await actorCall(plugin.app, 'get', `/customers/${guest.id}/visits?period=fortnight`, MANAGER).expect(400)).body.message).toEqual(
      expect.arrayContaining([expect.stringContaining('period: must be one of')]),
    );
    expect((await actorCall(plugin.app, 'get', `/customers/${guest.id}/visits`, TILL).expect(403)).body.message).toContain('visits.read');
    await actorCall(plugin.app, 'get', '/customers/c_NOBODY/visits', MANAGER).expect(404);
  });

  it('keeps a guest’s running totals whatever order their visits close in, and refuses a close that would take them past the limit', async () => {
    const dataSource = plugin.app.get<DataSource>(getDataSourceToken('regulars'));
    const time = (value: unknown) => (value === null ? null : new Date(value instanceof Date ? value : `${String(value).replace(' ', 'T')}Z`).toISOString().slice(0, 10));
    const totals = async (customerId: string) => {
      const [row] = await dataSource.query(
        'SELECT spent, visits, first_visit_at AS first, second_visit_at AS second, last_visit_at AS last FROM rc_customer_totals WHERE tenant_id = ? AND customer_id = ?',
        [TENANT, customerId],
      );
      return { spent: Number(row.spent), visits: Number(row.visits), first: time(row.first), second: time(row.second), last: time(row.last) };
    };
    const guest = await createCustomer(plugin.app);
    await visit(guest.id, 'cafe-7', '2026-10-10T12:00:00Z', [RISOTTO]);
    expect(await totals(guest.id)).toEqual({ spent: 1850, visits: 1, first: '2026-10-10', second: null, last: '2026-10-10' });
    await visit(guest.id, 'cafe-7', '2026-10-20T12:00:00Z', [RISOTTO]);
    // Replayed offline closes: one before every other visit, one between the first two.
    await visit(guest.id, 'cafe-7', '2026-10-01T12:00:00Z', [RISOTTO]);
    await visit(guest.id, 'cafe-7', '2026-10-05T12:00:00Z', [ESPRESSOS]);
    expect(await totals(guest.id)).toEqual({ spent: 3 * 1850 + 1500, visits: 4, first: '2026-10-01', second: '2026-10-05', last: '2026-10-20' });

    await dataSource.query('UPDATE rc_customer_totals SET spent = ? WHERE tenant_id = ? AND customer_id = ?', [MAX_BALANCE - 1000, TENANT, guest.id]);
    tabs += 1;
    const refused = await postEvent(
      plugin.app,
      tabEvent('guest_tab.closed', {
        tabId: `tab-visit-${tabs}`,
        version: 2,
        locationId: 'cafe-7',
        tab: { status: 'closed', openedAt: '2026-11-01T12:00:00Z', closedAt: '2026-11-01T12:00:00Z', customer: { customerId: guest.id }, categories: { tab: [], division: [], table: [] }, orders: [{ id: 'o-1', categories: [], items: [RISOTTO] }] },
      }),
    ).expect(422);
    expect(refused.body.code).toBe('total_limit');
    expect(await totals(guest.id)).toEqual({ spent: MAX_BALANCE - 1000, visits: 4, first: '2026-10-01', second: '2026-10-05', last: '2026-10-20' });
    expect((await visitsOf(plugin.app, guest.id)).map((v) => String(v.closedAt).slice(0, 10))).not.toContain('2026-11-01');
  });

  it('tells new customers of a location from returning ones', async () => {
    const regular = await createCustomer(plugin.app);
    const newcomer = await createCustomer(plugin.app);
    const fromAnotherCafe = await createCustomer(plugin.app);
    await visit(regular.id, 'cafe-loc', '2026-09-15T12:00:00Z', [RISOTTO]);
    await visit(regular.id, 'cafe-loc', '2026-11-15T12:00:00Z', [RISOTTO]);
    await visit(newcomer.id, 'cafe-loc', '2026-11-16T12:00:00Z', [ESPRESSOS]);
    await visit(newcomer.id, 'cafe-loc', '2026-11-17T12:00:00Z', [ESPRESSOS]);
    await visit(fromAnotherCafe.id, 'cafe-other', '2026-03-01T12:00:00Z', [RISOTTO]);
    await visit(fromAnotherCafe.id, 'cafe-loc', '2026-11-18T12:00:00Z', [RISOTTO]);

    const month = (await actorCall(plugin.app, 'get', '/locations/cafe-loc/visits/stats?period=month', MANAGER).expect(200)).body;
    expect(month).toMatchObject({ locationId: 'cafe-loc', visits: 4, customers: 3, newCustomers: 2, returningCustomers: 1, spent: 1850 + 1500 + 1500 + 1850 });
    const year = (await actorCall(plugin.app, 'get', '/locations/cafe-loc/visits/stats?period=year', MANAGER).expect(200)).body;
    expect(year).toMatchObject({ visits: 5, customers: 3, newCustomers: 3, returningCustomers: 0 });
    expect((await actorCall(plugin.app, 'get', '/locations/nowhere/visits/stats', MANAGER).expect(200)).body).toMatchObject({ visits: 0, customers: 0, newCustomers: 0, spent: 0 });
  });
});
