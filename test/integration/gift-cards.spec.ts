import { LotExpiry } from '../../src/modules/accounts/lot-expiry-job.js';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { MANAGER } from '../support/factories.js';
import { actorCall, freshKey, postEvent, startPlugin, TENANT, type TestPlugin } from '../support/plugin.js';
import { balanceOf, enrolRegular, setUpRestaurant, TILL } from '../support/restaurant.js';

describe.each(TEST_ENGINES)('gift cards (%s)', (engine) => {
  let plugin: TestPlugin;
  let tabs = 0;
  let sales = 0;
  const nextTab = () => `tab-gift-${engine}-${++tabs}`;
  const nextSale = () => `pos-3:receipt-${engine}-${++sales}`;
  const till = (method: 'post' | 'get', path: string, body?: object) => actorCall(plugin.app, method, path, TILL, body);
  const sell = (body: object) => till('post', '/terminal/gift-cards', body);
  const hold = (code: string, tabId: string, amount: number) => till('post', '/terminal/gift-card-holds', { code, tabId, amount, idempotencyKey: `${tabId}:gift:${amount}` });
  /** A tab of `amount` in one line, closed and paid: by the gift card's holds as listed, the rest by card. */
  const closeTab = async (tabId: string, amount: number, giftPayments: { holdId: string; amount: number }[], fields: Record<string, unknown> = {}) => {
    const byGift = giftPayments.reduce((sum, payment) => sum + payment.amount, 0);
    const payments = [...giftPayments.map((payment) => ({ method: 'gift_card', ...payment })), ...(amount > byGift ? [{ method: 'card', amount: amount - byGift }] : [])];
    const tab = {
      status: 'closed',
      closedAt: '2026-11-22T19:00:00Z',
      categories: { tab: [], division: [], table: [] },
      orders: [{ id: 'o-1', categories: [], items: [{ id: 'l-1', productId: 'p-1', quantity: 1, amount, taxAmount: 0, categories: [] }] }],
      payments,
      ...fields,
    };
    return (await postEvent(plugin.app, tabEvent('guest_tab.closed', { tabId, version: 5, tab })).expect(200)).body.effects as Record<string, unknown>[];
  };

  beforeAll(async () => {
    plugin = await startPlugin(engine, { timeZone: 'Europe/Stockholm' });
    plugin.clock.current = new Date('2026-11-22T18:00:00Z');
    await setUpRestaurant(plugin.app);
  });
  afterAll(() => plugin.close());

  it('needs a gift card account type before a card is sold, and names it among several', async () => {
    expect((await sell({ amount: 5000, saleId: nextSale() }).expect(422)).body.code).toBe('gift_card_type_needed');
    await actorCall(plugin.app, 'post', '/account-types', MANAGER, { code: 'gift', name: 'Gift card', kind: 'gift_card', unit: 'EUR' }, freshKey()).expect(201);
    expect((await sell({ amount: 5000, saleId: nextSale(), accountType: 'bonus' }).expect(422)).body.message).toContain('bonus is of kind bonus_money');
  });

  it('a 50.00 card pays 30.00, then 20.00, then is refused — on tabs with no guest', async () => {
    const card = (await sell({ amount: 5000, saleId: nextSale() }).expect(201)).body;
    expect(card).toMatchObject({ status: 'active', value: 5000, account: { total: 5000, available: 5000, holder: { type: 'gift_card' } }, nextExpiry: null });
    expect(card.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{11}$/);

    const first = nextTab();
    const thirty = (await hold(card.code, first, 3000).expect(201)).body;
    expect((await till('get', `/terminal/gift-cards/${card.code}`).expect(200)).body.account).toMatchObject({ total: 5000, held: 3000, available: 2000 });
    expect(await closeTab(first, 4500, [{ holdId: thirty.holdId, amount: 3000 }])).toContainEqual({ kind: 'hold_captured', id: thirty.holdId, amount: 3000, accountId: card.account.id });

    const second = nextTab();
    const twenty = (await hold(card.code.toLowerCase(), second, 2000).expect(201)).body;
    await closeTab(second, 2000, [{ holdId: twenty.holdId, amount: 2000 }]);
    expect(await balanceOf(plugin.app, card.account.id)).toEqual({ total: 0, held: 0, available: 0 });

    const refused = (await hold(card.code, nextTab(), 1).expect(409)).body;
    expect(refused).toMatchObject({ code: 'insufficient_balance', available: 0, requested: 1 });
  });

  it('lets one of two tills holding the same card at once have what is on it', async () => {
    const card = (await sell({ amount: 5000, saleId: nextSale() }).expect(201)).body;
    const answers = await Promise.all([hold(card.code, nextTab(), 3000), hold(card.code, nextTab(), 3000), hold(card.code, nextTab(), 3000)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409]);
    expect(await balanceOf(plugin.app, card.account.id)).toEqual({ total: 5000, held: 3000, available: 2000 });
  });

  it('sells once per sale, tops up once per sale, and refuses another card under a sale already used', async () => {
    const saleId = nextSale();
    const sold = (await sell({ code: '4000 1234-5678', amount: 2500, saleId }).expect(201)).body;
    expect(sold.code).toBe('400012345678');
    expect((await sell({ code: '4000 1234-5678', amount: 2500, saleId }).expect(201)).body).toEqual(sold);
    expect((await sell({ code: '4000 1234 5678', amount: 2500, saleId: nextSale() }).expect(409)).body.code).toBe('gift_card_exists');
    expect((await sell({ amount: 9900, saleId }).expect(422)).body.code).toBe('idempotency_key_reused');

    const topUpSale = nextSale();
    await till('post', `/terminal/gift-cards/${sold.code}/top-ups`, { amount: 1000, saleId: topUpSale }).expect(200);
    const again = (await till('post', `/terminal/gift-cards/${sold.code}/top-ups`, { amount: 1000, saleId: topUpSale }).expect(200)).body;
    expect(again.account.total).toBe(3500);
    expect((await till('post', `/terminal/gift-cards/${sold.code}/top-ups`, { amount: 1000, saleId }).expect(422)).body.code).toBe('idempotency_key_reused');
  });

  it('voids an unused card when its sale is refunded, after its top-ups, and refuses the refund of a used one', async () => {
    const saleId = nextSale();
    const unused = (await sell({ amount: 3000, saleId }).expect(201)).body;
    const topUp = nextSale();
    await till('post', `/terminal/gift-cards/${unused.code}/top-ups`, { amount: 500, saleId: topUp }).expect(200);
    expect((await till('post', `/terminal/gift-cards/${unused.code}/refunds`, { saleId }).expect(409)).body.code).toBe('gift_card_topped_up');
    expect((await till('post', `/terminal/gift-cards/${unused.code}/refunds`, { saleId: topUp }).expect(200)).body.account.total).toBe(3000);
    const voided = (await till('post', `/terminal/gift-cards/${unused.code}/refunds`, { saleId }).expect(200)).body;
    expect(voided).toMatchObject({ status: 'void', account: { total: 0 } });
    expect((await till('post', `/terminal/gift-cards/${unused.code}/refunds`, { saleId }).expect(200)).body.status).toBe('void');
    expect((await hold(unused.code, nextTab(), 100).expect(409)).body.code).toBe('gift_card_void');
    expect((await till('post', `/terminal/gift-cards/${unused.code}/top-ups`, { amount: 100, saleId: nextSale() }).expect(409)).body.code).toBe('gift_card_void');

    const usedSale = nextSale();
    const used = (await sell({ amount: 3000, saleId: usedSale }).expect(201)).body;
    const tabId = nextTab();
    const held = (await hold(used.code, tabId, 1000).expect(201)).body;
    expect((await till('post', `/terminal/gift-cards/${used.code}/refunds`, { saleId: usedSale }).expect(409)).body.code).toBe('gift_card_used');
    await closeTab(tabId, 1000, [{ holdId: held.holdId, amount: 1000 }]);
    expect((await till('post', `/terminal/gift-cards/${used.code}/refunds`, { saleId: usedSale }).expect(409)).body.code).toBe('gift_card_used');
    expect((await till('get', `/terminal/gift-cards/${used.code}`).expect(200)).body).toMatchObject({ status: 'active', account: { total: 2000 } });
    expect((await till('post', `/terminal/gift-cards/${used.code}/refunds`, { saleId: 'never-sold' }).expect(404)).body.code).toBe('not_found');
  });

  it('earns the guest no points on what a gift card paid, nor on a gift card bought, unless the tenant says so', async () => {
    const guest = await enrolRegular(plugin.app, `GIFT-${engine}`);
    const card = (await sell({ amount: 4000, saleId: nextSale() }).expect(201)).body;
    const tabId = nextTab();
    const held = (await hold(card.code, tabId, 4000).expect(201)).body;
    // 100.00 less REGULARS' 10% is 90.00: 40.00 by gift card, 50.00 by card earns 10% of 50.00.
    const effects = await closeTab(tabId, 10_000, [{ holdId: held.holdId, amount: 4000 }], { customer: { customerId: guest.id } });
    expect(effects.find((effect) => effect.kind === 'ledger_entry' && effect.accountId === guest.pointsAccountId)).toMatchObject({ amount: 500 });

    const giftSale = {
      customer: { customerId: guest.id },
      categories: { tab: [], division: [], table: [] },
      orders: [
        {
          id: 'o-1',
          categories: [],
          items: [
            { id: 'l-1', productId: 'p-1', quantity: 1, amount: 10_000, taxAmount: 0, categories: [] },
            { id: 'l-2', productId: 'gift-50', tags: ['gift_card'], quantity: 1, amount: 5000, taxAmount: 0, categories: [] },
          ],
        },
      ],
    };
    const priced = (await till('post', '/terminal/evaluate', { tab: tabEvent('guest_tab.updated', { tabId: nextTab(), tab: giftSale }).tab }).expect(200)).body;
    expect(priced.totals).toMatchObject({ before: 15_000, discount: 1000, after: 14_000 });
    expect(priced.lines.find((line: { lineId: string }) => line.lineId === 'l-2')).toMatchObject({ discountTotal: 0, amountAfter: 5000 });
    expect(priced.accrual).toEqual([expect.objectContaining({ accountType: 'points', points: 900 })]);

    await actorCall(plugin.app, 'put', '/settings', MANAGER, { accrueOnGiftCardPayments: true, giftCardSalesLikeAnyLine: true }).expect(200);
    const likeAny = (await till('post', '/terminal/evaluate', { tab: tabEvent('guest_tab.updated', { tabId: nextTab(), tab: giftSale }).tab }).expect(200)).body;
    expect(likeAny.totals).toMatchObject({ before: 15_000, discount: 1500, after: 13_500 });
    const second = (await sell({ amount: 4000, saleId: nextSale() }).expect(201)).body;
    const paidTab = nextTab();
    const paidHold = (await hold(second.code, paidTab, 4000).expect(201)).body;
    const earned = await closeTab(paidTab, 10_000, [{ holdId: paidHold.holdId, amount: 4000 }], { customer: { customerId: guest.id } });
    expect(earned.find((effect) => effect.kind === 'ledger_entry' && effect.accountId === guest.pointsAccountId)).toMatchObject({ amount: 900 });
    await actorCall(plugin.app, 'put', '/settings', MANAGER, { accrueOnGiftCardPayments: false, giftCardSalesLikeAnyLine: false }).expect(200);
  });

  it('keeps a gift card hold on the tab when the guest leaves it, and gives it back when the tab is cancelled', async () => {
    const guest = await enrolRegular(plugin.app, `LEAVER-${engine}`);
    const card = (await sell({ amount: 2000, saleId: nextSale() }).expect(201)).body;
    const tabId = nextTab();
    await postEvent(plugin.app, tabEvent('guest_tab.customer_attached', { tabId, version: 1, tab: { customer: { customerId: guest.id } } })).expect(200);
    const held = (await hold(card.code, tabId, 1500).expect(201)).body;
    const detached = (await postEvent(plugin.app, tabEvent('guest_tab.customer_detached', { tabId, version: 2, tab: { customer: null } })).expect(200)).body.effects;
    expect(detached.filter((effect: { kind: string }) => effect.kind === 'hold_released')).toEqual([]);
    const cancelled = (await postEvent(plugin.app, tabEvent('guest_tab.cancelled', { tabId, version: 3, tab: { status: 'cancelled', customer: null } })).expect(200)).body.effects;
    expect(cancelled).toContainEqual({ kind: 'hold_released', id: held.holdId, amount: 1500, accountId: card.account.id });
    expect(await balanceOf(plugin.app, card.account.id)).toEqual({ total: 2000, held: 0, available: 2000 });
  });

  it('expires what is on a card as the tenant’s gift card type says', async () => {
    await actorCall(plugin.app, 'post', '/account-types', MANAGER, { code: 'gift-year', name: 'Gift card, a year', kind: 'gift_card', unit: 'EUR', expiry: { kind: 'days_after_credit', days: 365 } }, freshKey()).expect(201);
    plugin.clock.current = new Date('2026-11-22T18:00:00Z');
    const card = (await sell({ amount: 1000, saleId: nextSale(), accountType: 'gift-year' }).expect(201)).body;
    expect(card.nextExpiry).toBe('2027-11-22T23:00:00.000Z');
    await plugin.app.get(LotExpiry).expireAll(TENANT, new Date('2027-11-24T01:00:00Z'));
    expect((await till('get', `/terminal/gift-cards/${card.code}`).expect(200)).body.account.total).toBe(0);
    expect((await till('get', '/terminal/gift-cards/NOSUCHCARD').expect(404)).body.code).toBe('not_found');
  });

  it('lists the cards sold in the back office, newest first, narrowed by the start of a code', async () => {
    const listed = (await actorCall(plugin.app, 'get', '/gift-cards?code=4000&limit=5', MANAGER).expect(200)).body;
    expect(listed.items.map((card: { code: string }) => card.code)).toEqual(['400012345678']);
    const all = (await actorCall(plugin.app, 'get', '/gift-cards?limit=2', MANAGER).expect(200)).body;
    expect(all.items).toHaveLength(2);
    expect(all.nextCursor).not.toBeNull();
    expect((await actorCall(plugin.app, 'post', '/gift-cards', { ...TILL }, { amount: 100, saleId: nextSale() }, freshKey()).expect(403)).body.code).toBe('forbidden');
  });
});
