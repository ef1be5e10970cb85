import { MAX_AMOUNT, MAX_BALANCE, MAX_QUANTITY } from '../../src/common/validation/limits.js';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { bindCard, createCustomer, MANAGER } from '../support/factories.js';
import { actorCall, freshKey, postEvent, startPlugin, type TestPlugin } from '../support/plugin.js';
import { barcode, TILL } from '../support/restaurant.js';
import { tableFingerprints } from '../support/tables.js';

/** The most one tab can earn: a tab of MAX_AMOUNT at 1,000 points per unit is exactly MAX_BALANCE. */
const WHALE_LINE = { id: 'l-1', productId: 'p-caviar', productGroupIds: ['food'], tags: [], name: 'Caviar by the kilo', quantity: MAX_QUANTITY, amount: MAX_AMOUNT, taxAmount: 0, categories: [] };

/**
 * Numbers at the documented maxima are stored, summed and shown exactly; one past them is
 * refused before anything is written, and a guest at the maximum is still served.
 */
describe.each(TEST_ENGINES)('the maxima (%s)', (engine) => {
  let plugin: TestPlugin;
  let guest: { id: string };
  let pointsAccountId: string;
  const CARD = `MAX-${engine}-${process.pid}`;
  const manage = (method: 'get' | 'post', path: string, body?: object) => actorCall(plugin.app, method, path, MANAGER, body, freshKey());
  const closedTab = (tabId: string, version: number, items: object[]) =>
    tabEvent('guest_tab.closed', {
      tabId,
      version,
      tab: {
        status: 'closed',
        closedAt: '2026-11-22T20:00:00Z',
        customer: barcode(CARD),
        categories: { tab: ['WHALES'] },
        orders: [{ id: 'o-1', items }],
        payments: [{ method: 'card', amount: items.reduce((sum: number, item) => sum + (item as { amount: number }).amount, 0) }],
      },
    });

  beforeAll(async () => {
    plugin = await startPlugin(engine);
    await manage('post', '/account-types', { code: 'points', name: 'Points', kind: 'points', unit: 'points' }).expect(201);
    await manage('post', '/promotion-categories', { code: 'WHALES', name: 'Whales' }).expect(201);
    // 10 points per unit, times 100: the most any stack of rules can give.
    await manage('post', '/sales-rules', { categoryCode: 'WHALES', name: 'Ten per unit', stacking: 'stack', effect: { kind: 'points_rate', accountType: 'points', rateBp: 100_000 } }).expect(201);
    await manage('post', '/sales-rules', { categoryCode: 'WHALES', name: 'Times a hundred', stacking: 'stack', effect: { kind: 'points_multiplier', accountType: 'points', multiplierBp: 1_000_000 } }).expect(201);
    guest = await createCustomer(plugin.app, { firstName: 'Moby', lastName: 'Whale' });
    await bindCard(plugin.app, guest.id, CARD);
    pointsAccountId = (await manage('post', `/customers/${guest.id}/accounts`, { accountTypeCode: 'points' }).expect(201)).body.id;
  });
  afterAll(() => plugin.close());

  it('refuses an amount one past the maximum, and 2^53 − 1, with 400 before writing anything', async () => {
    const before = await tableFingerprints(plugin.app);
    for (const amount of [MAX_AMOUNT + 1, Number.MAX_SAFE_INTEGER]) {
      const refused = await manage('post', `/accounts/${pointsAccountId}/entries`, { kind: 'manual_credit', amount, reason: 'Too much' }).expect(400);
      expect(refused.body.message).toEqual([`amount: must be a whole number of minor units (12550 is 125.50) from 0 to ${MAX_AMOUNT}, not a float or a string`]);
    }
    expect(await tableFingerprints(plugin.app)).toEqual(before);
  });

  it('prices a tab at the maximum exactly', async () => {
    const { tab } = closedTab(`tab-price-${engine}`, 1, [WHALE_LINE]);
    const evaluation = (await actorCall(plugin.app, 'post', '/terminal/evaluate', TILL, { tab: { ...tab, status: 'open', closedAt: null } }).expect(200)).body;
    expect(evaluation.totals).toMatchObject({ before: MAX_AMOUNT, discount: 0, after: MAX_AMOUNT });
    expect(evaluation.accrual).toEqual([expect.objectContaining({ accountType: 'points', points: MAX_BALANCE })]);
  });

  it('closes a tab at the maximum, and shows the guest at the maximum everywhere, exactly', async () => {
    const tabId = `tab-whale-${engine}`;
    const closed = await postEvent(plugin.app, closedTab(tabId, 2, [WHALE_LINE])).expect(200);
    expect(closed.body.effects).toContainEqual(expect.objectContaining({ kind: 'ledger_entry', entryKind: 'accrual', amount: MAX_BALANCE }));

    const account = (await manage('get', `/accounts/${pointsAccountId}`).expect(200)).body;
    expect(account).toMatchObject({ total: MAX_BALANCE, held: 0, available: MAX_BALANCE });
    expect((await manage('get', `/customers/${guest.id}/accounts`).expect(200)).body).toEqual([expect.objectContaining({ total: MAX_BALANCE })]);
    expect((await manage('get', `/accounts/${pointsAccountId}/entries`).expect(200)).body.items[0]).toMatchObject({ amount: MAX_BALANCE, balanceAfter: MAX_BALANCE });
    const card = (await actorCall(plugin.app, 'post', '/terminal/identify', TILL, barcode(CARD)).expect(200)).body;
    expect(card.balances).toEqual([expect.objectContaining({ total: MAX_BALANCE, available: MAX_BALANCE })]);
    expect(card.history).toMatchObject({ visits: 1, spent: MAX_AMOUNT, averageCheck: MAX_AMOUNT });
    expect(card.preferences.favouriteProducts).toEqual([expect.objectContaining({ productId: 'p-caviar', quantity: MAX_QUANTITY })]);
    const [visit] = (await manage('get', `/customers/${guest.id}/visits`).expect(200)).body.items;
    expect(visit).toMatchObject({ gross: MAX_AMOUNT, net: MAX_AMOUNT, lines: [expect.objectContaining({ quantity: MAX_QUANTITY, amount: MAX_AMOUNT })] });
    expect((await manage('get', `/customers/${guest.id}/visits/stats`).expect(200)).body).toMatchObject({ spent: MAX_AMOUNT, visits: 1 });
    expect((await manage('get', '/locations/cafe-7/visits/stats').expect(200)).body).toMatchObject({ visits: 1 });
    await manage('get', `/customers/${guest.id}`).expect(200);
    await manage('get', `/customers/${guest.id}/tier-moves`).expect(200);
    const exported = (await manage('get', `/customers/${guest.id}/export`).expect(200)).body;
    expect(JSON.stringify(exported)).toContain(String(MAX_BALANCE));
    const record = (await manage('get', `/guest-tabs/${tabId}`).expect(200)).body;
    expect(record.tab.snapshot.orders[0].items[0]).toMatchObject({ quantity: MAX_QUANTITY, amount: MAX_AMOUNT });
  });

  it('serves a guest at the maximum balance: attached, refused a credit past it with 422, and repaired by a debit', async () => {
    const attached = await postEvent(plugin.app, tabEvent('guest_tab.customer_attached', { tabId: `tab-next-${engine}`, tab: { customer: barcode(CARD) } })).expect(200);
    expect(attached.body.card.balances[0].total).toBe(MAX_BALANCE);

    const before = await tableFingerprints(plugin.app);
    const credit = await manage('post', `/accounts/${pointsAccountId}/entries`, { kind: 'manual_credit', amount: 1, reason: 'One more' }).expect(422);
    expect(credit.body).toMatchObject({ code: 'balance_limit', limit: MAX_BALANCE });
    const accrual = await postEvent(plugin.app, closedTab(`tab-next-${engine}`, 5, [{ ...WHALE_LINE, quantity: 1, amount: 100 }])).expect(422);
    expect(accrual.body.code).toBe('balance_limit');
    expect(await tableFingerprints(plugin.app)).toEqual(before);

    await manage('post', `/accounts/${pointsAccountId}/entries`, { kind: 'manual_debit', amount: 1, reason: 'Repair' }).expect(201);
    expect((await manage('get', `/accounts/${pointsAccountId}`).expect(200)).body.total).toBe(MAX_BALANCE - 1);
  });
});
