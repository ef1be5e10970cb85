import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { MANAGER } from '../support/factories.js';
import { actorCall, freshKey, postEvent, startPlugin, TENANT, type TestPlugin } from '../support/plugin.js';
import { balanceOf, barcode, enrolRegular, setUpRestaurant, statsOf, TILL, visitsOf, type Regular, holdBonus as holdOnTab } from '../support/restaurant.js';

type Tab = Record<string, unknown>;
const CLOSED_AT = '2026-11-22T19:10:00.000Z';
/** Points on the whole two-line tab: 10% of what it comes to before tax (900 + 1388). */
const POINTS = 229;

describe.each(TEST_ENGINES)('the guest-tab lifecycle (%s)', (engine) => {
  let plugin: TestPlugin;
  let dataSource: DataSource;
  let cards = 0;
  let restaurant: { pointsRuleId: string };
  const manage = (method: 'get' | 'post' | 'patch' | 'put', path: string, body?: object) => actorCall(plugin.app, method, path, MANAGER, body, freshKey());
  const send = (type: string, tabId: string, version: number, tab: Tab = {}, envelope: Tab = {}) =>
    postEvent(plugin.app, tabEvent(type as never, { tabId, version, tab, ...envelope }));
  const regular = (bonus = 0) => enrolRegular(plugin.app, `20000${process.pid}${++cards}`.slice(0, 13), bonus);
  const evaluate = async (tabId: string, tab: Tab) => (await actorCall(plugin.app, 'post', '/terminal/evaluate', TILL, { tab: tabEvent('guest_tab.updated', { tabId, tab }).tab }).expect(200)).body;
  const holdBonus = async (tabId: string, guest: Regular, amount: number) =>
    (await holdOnTab(plugin.app, { tabId, accountId: guest.bonusAccountId, amount, idempotencyKey: `pay-${tabId}-${amount}` }).expect(201)).body.holdId as string;
  const rows = async (table: string, tabId: string) => (await dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE tenant_id = ? AND tab_id = ?`, [TENANT, tabId]))[0].n;
  const closedTab = (guest: Regular, payments: object[], extra: Tab = {}) => ({
    status: 'closed',
    closedAt: CLOSED_AT,
    customer: barcode(guest.card),
    payments,
    ...extra,
  });

  beforeAll(async () => {
    plugin = await startPlugin(engine, { timeZone: 'Europe/Stockholm' });
    plugin.clock.current = new Date('2026-11-22T19:30:00Z');
    dataSource = plugin.app.get(getDataSourceToken('regulars'));
    restaurant = await setUpRestaurant(plugin.app);
  });
  afterAll(() => plugin.close());

  describe('attaching a guest', () => {
    it('answers the customer card and starts the visit', async () => {
      const guest = await regular(700);
      const attached = await send('guest_tab.customer_attached', 'tab-att-1', 2, { customer: barcode(guest.card) }).expect(200);
      expect(attached.body).toMatchObject({ status: 'applied', card: { id: guest.id, greeting: expect.stringMatching(/^Welcome, /), categories: ['REGULARS'] } });
      expect(attached.body.card.balances).toEqual([
        expect.objectContaining({ accountType: 'points', available: 0 }),
        expect.objectContaining({ accountType: 'bonus', available: 700 }),
      ]);
      expect(attached.body.effects).toContainEqual(expect.objectContaining({ kind: 'visit', status: 'open', customerId: guest.id }));
      // A retried attach is answered as first, with the card the first answer carried.
      const retried = await postEvent(plugin.app, { ...tabEvent('guest_tab.customer_attached', { tabId: 'tab-att-1', version: 2, tab: { customer: barcode(guest.card) } }), id: attached.body.eventId }).expect(200);
      expect(retried.body).toEqual({ eventId: attached.body.eventId, status: 'duplicate', effects: attached.body.effects, card: attached.body.card });
    });

    it('refuses an unknown card, a blocked card, a terminated member and a guest past a daily limit, writing nothing', async () => {
      const refusedWith = async (tabId: string, customer: object, status: number) => {
        const answer = await send('guest_tab.customer_attached', tabId, 2, { customer }).expect(status);
        expect(await rows('rc_inbox', tabId)).toEqual(0);
        expect(await rows('rc_visits', tabId)).toEqual(0);
        return answer.body;
      };
      expect(await refusedWith('tab-ref-1', barcode('0000000000000'), 404)).toMatchObject({ code: 'unknown_identifier' });

      const blocked = await regular();
      const [identifier] = (await manage('get', `/customers/${blocked.id}/identifiers`).expect(200)).body;
      await manage('patch', `/identifiers/${identifier.id}`, { status: 'blocked', reason: 'Reported stolen' }).expect(200);
      expect(await refusedWith('tab-ref-2', barcode(blocked.card), 423)).toMatchObject({ code: 'identifier_blocked', reason: 'Reported stolen' });

      const leaving = await regular();
      await manage('post', `/customers/${leaving.id}/terminate`, { reason: 'Left the programme' }).expect(200);
      expect(await refusedWith('tab-ref-3', { customerId: leaving.id }, 423)).toMatchObject({ code: 'customer_terminated' });

      await manage('post', '/promotion-categories', { code: 'ONE_A_DAY', name: 'One tab a day' }).expect(201);
      await manage('post', '/sales-rules', { categoryCode: 'ONE_A_DAY', name: 'One tab a day', effect: { kind: 'daily_operations_limit', operation: 'closed_tabs', count: 1 } }).expect(201);
      const busy = await regular();
      await manage('post', `/customers/${busy.id}/categories`, { categoryCode: 'ONE_A_DAY' }).expect(201);
      await send('guest_tab.closed', 'tab-busy-1', 3, closedTab(busy, [{ method: 'card', amount: 2745 }])).expect(200);
      const limited = await refusedWith('tab-busy-2', barcode(busy.card), 409);
      expect(limited).toMatchObject({ code: 'daily_limit', customer: busy.id, limit: { subject: 'closed_tabs', limit: 1, used: 1 } });
      expect(limited.message).toContain("today's limit");
    });
  });

  describe('closing a tab', () => {
    it('captures the bonus payment, accrues only on what was paid with money, and records the visit', async () => {
      const guest = await regular(1000);
      await send('guest_tab.customer_attached', 'tab-close-1', 2, { customer: barcode(guest.card) }).expect(200);
      const priced = await evaluate('tab-close-1', { customer: barcode(guest.card) });
      // Wine 1200 and risotto 1850; 10% off their pre-tax amounts (1000, 1542); points on the pre-tax rest.
      expect(priced.totals).toMatchObject({ before: 3050, discount: 254, after: 2796 });
      expect(priced.accrual).toEqual([expect.objectContaining({ accountType: 'points', points: POINTS })]);
      const holdId = await holdBonus('tab-close-1', guest, 400);
      await send('guest_tab.prechecked', 'tab-close-1', 4, { status: 'prechecked', customer: barcode(guest.card), payments: [{ method: 'bonus', amount: 400, holdId }] }).expect(200);

      const closed = await send('guest_tab.closed', 'tab-close-1', 5, closedTab(guest, [{ method: 'bonus', amount: 400, holdId }, { method: 'card', amount: 2396 }])).expect(200);
      const earned = Math.round((POINTS * (2796 - 400)) / 2796);
      expect(closed.body.effects).toEqual([
        { kind: 'tab', id: 'tab-close-1', version: 5, status: 'closed' },
        expect.objectContaining({ kind: 'hold_captured', id: holdId, amount: 400 }),
        expect.objectContaining({ kind: 'ledger_entry', entryKind: 'accrual', accountId: guest.pointsAccountId, amount: earned }),
        expect.objectContaining({ kind: 'visit', status: 'closed', customerId: guest.id, net: 2796 }),
      ]);
      expect(await balanceOf(plugin.app, guest.bonusAccountId)).toEqual({ total: 600, held: 0, available: 600 });
      expect(await balanceOf(plugin.app, guest.pointsAccountId)).toMatchObject({ total: earned });

      const [visit] = await visitsOf(plugin.app, guest.id);
      expect(visit).toMatchObject({
        tabId: 'tab-close-1',
        status: 'closed',
        locationId: 'cafe-7',
        divisionId: 'hall-2',
        tableId: 't-14',
        waiterId: 'u-17',
        closedAt: CLOSED_AT,
        gross: 3050,
        discount: 254,
        net: 2796,
        tax: 508,
        serviceCharge: 0,
        bonusPaid: 400,
        earned: { points: earned },
        spent: { bonus: 400 },
        discounts: [expect.objectContaining({ categoryCode: 'REGULARS', amount: 254 })],
        refunded: 0,
      });
      expect(visit.lines).toEqual([
        expect.objectContaining({ lineId: 'l-1', productId: 'p-88', quantity: 1, amount: 1200, discount: 100 }),
        expect.objectContaining({ lineId: 'l-2', productId: 'p-12', quantity: 1, amount: 1850, discount: 154 }),
      ]);
      const card = (await actorCall(plugin.app, 'post', '/terminal/identify', TILL, barcode(guest.card)).expect(200)).body;
      expect(card).toMatchObject({ greeting: expect.stringMatching(/^Welcome back, /), history: { visits: 1, spent: 2796, averageCheck: 2796, lastVisitAt: CLOSED_AT } });

      // A second close of the same version is the same close; a late update changes nothing.
      const again = await send('guest_tab.closed', 'tab-close-1', 5, closedTab(guest, [{ method: 'bonus', amount: 400, holdId }, { method: 'card', amount: 2396 }])).expect(200);
      expect(again.body).toMatchObject({ status: 'duplicate', effects: closed.body.effects });
      expect((await send('guest_tab.updated', 'tab-close-1', 4, { customer: barcode(guest.card) }).expect(200)).body.status).toBe('stale');
      expect(await balanceOf(plugin.app, guest.pointsAccountId)).toMatchObject({ total: earned });
      expect((await statsOf(plugin.app, guest.id)).visits).toBe(1);
    });

    it('releases a hold the bill was not paid with, and what is left of one paid for less than it holds', async () => {
      const guest = await regular(2000);
      const unpaid = await holdBonus('tab-close-3', guest, 300);
      const partly = await holdBonus('tab-close-3', guest, 800);
      expect(await balanceOf(plugin.app, guest.bonusAccountId)).toEqual({ total: 2000, held: 1100, available: 900 });
      const payments = [{ method: 'bonus', amount: 500, holdId: partly }, { method: 'card', amount: 2296 }];
      const closed = await send('guest_tab.closed', 'tab-close-3', 4, closedTab(guest, payments)).expect(200);
      expect(closed.body.effects).toContainEqual({ kind: 'hold_captured', id: partly, amount: 500, accountId: guest.bonusAccountId });
      expect(closed.body.effects).toContainEqual({ kind: 'hold_released', id: unpaid, amount: 300, accountId: guest.bonusAccountId });
      expect(await balanceOf(plugin.app, guest.bonusAccountId)).toEqual({ total: 1500, held: 0, available: 1500 });
      const releases = (await manage('get', `/accounts/${guest.bonusAccountId}/entries?kind=release`).expect(200)).body.items;
      expect(releases.map((entry: { holdId: string; heldChange: number }) => [entry.holdId, entry.heldChange]).sort()).toEqual([[partly, -300], [unpaid, -300]].sort());
      expect(await balanceOf(plugin.app, guest.pointsAccountId)).toMatchObject({ total: Math.round((POINTS * 2296) / 2796) });
      const [visit] = await visitsOf(plugin.app, guest.id);
      expect(visit).toMatchObject({ bonusPaid: 500, spent: { bonus: 500 }, net: 2796 });
    });

    it('accrues on bonus payments too when the restaurant says so', async () => {
      await manage('put', '/settings', { accrueOnBonusPayments: true }).expect(200);
      try {
        const guest = await regular(1000);
        const holdId = await holdBonus('tab-close-2', guest, 1000);
        const closed = await send('guest_tab.closed', 'tab-close-2', 3, closedTab(guest, [{ method: 'bonus', amount: 1000, holdId }, { method: 'card', amount: 1796 }])).expect(200);
        expect(closed.body.effects).toContainEqual(expect.objectContaining({ entryKind: 'accrual', amount: POINTS }));
      } finally {
        await manage('put', '/settings', { accrueOnBonusPayments: false }).expect(200);
      }
    });

    it('accrues what the printed bill showed even after the rules change, and prices changed lines afresh', async () => {
      const guest = await regular();
      await send('guest_tab.prechecked', 'tab-frozen-1', 3, { status: 'prechecked', customer: barcode(guest.card) }).expect(200);
      await send('guest_tab.prechecked', 'tab-frozen-2', 3, { status: 'prechecked', customer: barcode(guest.card) }).expect(200);
      const { pointsRuleId } = restaurant;
      await manage('patch', `/sales-rules/${pointsRuleId}`, { effect: { kind: 'points_rate', accountType: 'points', rateBp: 2000 } }).expect(200);
      try {
        const same = await send('guest_tab.closed', 'tab-frozen-1', 4, closedTab(guest, [{ method: 'card', amount: 2796 }])).expect(200);
        expect(same.body.effects).toContainEqual(expect.objectContaining({ entryKind: 'accrual', amount: POINTS }));
        const orders = [{ id: 'o-1', categories: [], items: [{ id: 'l-2', productId: 'p-12', productGroupIds: ['food'], tags: [], name: 'Risotto', quantity: 1, amount: 1850, taxAmount: 308, categories: [] }] }];
        const changed = await send('guest_tab.closed', 'tab-frozen-2', 4, closedTab(guest, [{ method: 'card', amount: 1696 }], { orders })).expect(200);
        // The risotto alone, 1542 before tax less 154 off: 20% of 1388 now.
        expect(changed.body.effects).toContainEqual(expect.objectContaining({ entryKind: 'accrual', amount: 278 }));
      } finally {
        await manage('patch', `/sales-rules/${pointsRuleId}`, { effect: { kind: 'points_rate', accountType: 'points', rateBp: 1000 } }).expect(200);
      }
    });

    it('records the visit of a tab closed before its attach arrived, and ignores the late attach', async () => {
      const guest = await regular();
      const closed = await send('guest_tab.closed', 'tab-early-1', 6, closedTab(guest, [{ method: 'card', amount: 2796 }], { customer: { customerId: guest.id } })).expect(200);
      expect(closed.body.effects).toContainEqual(expect.objectContaining({ kind: 'visit', status: 'closed', customerId: guest.id }));
      expect((await send('guest_tab.customer_attached', 'tab-early-1', 2, { customer: barcode(guest.card) }).expect(200)).body.status).toBe('stale');
      expect(await visitsOf(plugin.app, guest.id)).toEqual([expect.objectContaining({ tabId: 'tab-early-1', status: 'closed', net: 2796 })]);
    });

    it('counts every one of a guest’s tabs closed at the same moment on different tills', async () => {
      const guest = await regular();
      const tabIds = Array.from({ length: 8 }, (_, i) => `tab-party-${i}`);
      const answers = await Promise.all(tabIds.map((tabId) => send('guest_tab.closed', tabId, 2, closedTab(guest, [{ method: 'card', amount: 2796 }]))));
      expect(answers.map((answer) => [answer.status, answer.body.status])).toEqual(tabIds.map(() => [200, 'applied']));
      expect(await balanceOf(plugin.app, guest.pointsAccountId)).toMatchObject({ total: 8 * POINTS });
      expect(await statsOf(plugin.app, guest.id)).toMatchObject({ visits: 8, spent: 8 * 2796, averageCheck: 2796 });
      const card = (await actorCall(plugin.app, 'post', '/terminal/identify', TILL, barcode(guest.card)).expect(200)).body;
      expect(card.history).toMatchObject({ visits: 8, spent: 8 * 2796 });
    });

    it('leaves nothing but the inbox row for a tab without a customer', async () => {
      const closed = await send('guest_tab.closed', 'tab-anon-1', 3, { status: 'closed', closedAt: CLOSED_AT, payments: [{ method: 'card', amount: 3050 }] }).expect(200);
      expect(closed.body.effects).toEqual([{ kind: 'tab', id: 'tab-anon-1', version: 3, status: 'closed' }]);
      expect([await rows('rc_inbox', 'tab-anon-1'), await rows('rc_visits', 'tab-anon-1'), await rows('rc_ledger_entries', 'tab-anon-1')]).toEqual([1, 0, 0]);
    });
  });

  describe('a tab that is not paid', () => {
    it('gives the bonus held on a cancelled tab back and counts no visit', async () => {
      const guest = await regular(500);
      await send('guest_tab.customer_attached', 'tab-void-1', 2, { customer: barcode(guest.card) }).expect(200);
      const holdId = await holdBonus('tab-void-1', guest, 300);
      expect(await balanceOf(plugin.app, guest.bonusAccountId)).toEqual({ total: 500, held: 300, available: 200 });
      const cancelled = await send('guest_tab.cancelled', 'tab-void-1', 4, { status: 'cancelled', customer: barcode(guest.card) }).expect(200);
      expect(cancelled.body.effects).toEqual([
        { kind: 'tab', id: 'tab-void-1', version: 4, status: 'cancelled' },
        expect.objectContaining({ kind: 'hold_released', id: holdId, amount: 300 }),
        expect.objectContaining({ kind: 'visit', status: 'cancelled', customerId: guest.id }),
      ]);
      expect(await balanceOf(plugin.app, guest.bonusAccountId)).toEqual({ total: 500, held: 0, available: 500 });
      expect(await visitsOf(plugin.app, guest.id)).toEqual([]);
      expect(await statsOf(plugin.app, guest.id)).toMatchObject({ visits: 0, spent: 0 });
    });

    it('gives the hold back when the guest is removed, and opens the visit again when they come back', async () => {
      const guest = await regular(500);
      const attached = await send('guest_tab.customer_attached', 'tab-away-1', 2, { customer: barcode(guest.card) }).expect(200);
      const visitId = attached.body.effects.find((effect: { kind: string }) => effect.kind === 'visit').id;
      await holdBonus('tab-away-1', guest, 250);
      const detached = await send('guest_tab.customer_detached', 'tab-away-1', 4, { customer: null }).expect(200);
      expect(detached.body.effects).toContainEqual(expect.objectContaining({ kind: 'hold_released', amount: 250 }));
      expect(detached.body.effects).toContainEqual({ kind: 'visit', id: visitId, status: 'cancelled', customerId: guest.id });
      expect(await balanceOf(plugin.app, guest.bonusAccountId)).toMatchObject({ held: 0, available: 500 });
      const back = await send('guest_tab.customer_attached', 'tab-away-1', 5, { customer: barcode(guest.card) }).expect(200);
      expect(back.body.effects).toContainEqual({ kind: 'visit', id: visitId, status: 'open', customerId: guest.id });
    });
  });

  describe('refunds', () => {
    it('reverse points and bonus spend in proportion, and a full refund leaves the totals as before the visit', async () => {
      const guest = await regular(1000);
      const before = await statsOf(plugin.app, guest.id);
      const holdId = await holdBonus('tab-refund-1', guest, 600);
      const payments = [{ method: 'bonus', amount: 600, holdId }, { method: 'card', amount: 2196 }];
      await send('guest_tab.closed', 'tab-refund-1', 3, closedTab(guest, payments)).expect(200);
      const earned = Math.round((POINTS * 2196) / 2796);
      expect(await balanceOf(plugin.app, guest.pointsAccountId)).toMatchObject({ total: earned });

      // The wine: 1100 of the 2796 paid.
      const wine = await send('guest_tab.refunded', 'tab-refund-1', 4, closedTab(guest, payments), { refundedItems: [{ itemId: 'l-1', quantity: 1, amount: 1100 }] }).expect(200);
      const pointsBack = Math.round((earned * 1100) / 2796);
      const bonusBack = Math.round((600 * 1100) / 2796);
      expect(wine.body.effects).toEqual([
        { kind: 'tab', id: 'tab-refund-1', version: 4, status: 'closed' },
        expect.objectContaining({ kind: 'ledger_entry', entryKind: 'reversal', accountId: guest.bonusAccountId, amount: bonusBack }),
        expect.objectContaining({ kind: 'ledger_entry', entryKind: 'reversal', accountId: guest.pointsAccountId, amount: -pointsBack }),
        expect.objectContaining({ kind: 'visit_refund', amount: 1100, full: false }),
      ]);
      expect(await balanceOf(plugin.app, guest.pointsAccountId)).toMatchObject({ total: earned - pointsBack });
      expect(await balanceOf(plugin.app, guest.bonusAccountId)).toMatchObject({ total: 400 + bonusBack });
      expect(await statsOf(plugin.app, guest.id)).toMatchObject({ visits: 1, spent: 2796 - 1100, pointsEarned: { points: earned - pointsBack }, pointsSpent: { bonus: 600 - bonusBack } });

      // More than is left is refused, and nothing moves.
      const tooMuch = await send('guest_tab.refunded', 'tab-refund-1', 5, closedTab(guest, payments), { refundedItems: [{ itemId: 'l-2', quantity: 1, amount: 1697 }] }).expect(422);
      expect(tooMuch.body).toMatchObject({ code: 'refund_exceeds_paid', paid: 2796, refundedBefore: 1100 });
      expect(await balanceOf(plugin.app, guest.pointsAccountId)).toMatchObject({ total: earned - pointsBack });

      const rest = await send('guest_tab.refunded', 'tab-refund-1', 5, closedTab(guest, payments), { refundedItems: [{ itemId: 'l-2', quantity: 1, amount: 1696 }] }).expect(200);
      expect(rest.body.effects).toContainEqual(expect.objectContaining({ kind: 'visit_refund', amount: 1696, full: true }));
      expect(await balanceOf(plugin.app, guest.pointsAccountId)).toMatchObject({ total: 0 });
      expect(await balanceOf(plugin.app, guest.bonusAccountId)).toEqual({ total: 1000, held: 0, available: 1000 });
      expect(await statsOf(plugin.app, guest.id)).toMatchObject({ ...before, from: expect.any(String), to: expect.any(String) });
      const card = (await actorCall(plugin.app, 'post', '/terminal/identify', TILL, barcode(guest.card)).expect(200)).body;
      expect(card.history).toEqual({ visits: 0, spent: 0, averageCheck: 0, lastVisitAt: null });
      const [visit] = await visitsOf(plugin.app, guest.id);
      expect(visit).toMatchObject({ refunded: 2796, earned: { points: 0 }, spent: { bonus: 0 } });
      expect(visit.lines).toEqual([expect.objectContaining({ lineId: 'l-1', refundedQuantity: 1, refundedAmount: 1100 }), expect.objectContaining({ lineId: 'l-2', refundedQuantity: 1, refundedAmount: 1696 })]);
    });

    it('refuses a line that was not on the tab, or more of a line than was bought', async () => {
      const guest = await regular();
      await send('guest_tab.closed', 'tab-refund-2', 3, closedTab(guest, [{ method: 'card', amount: 2796 }])).expect(200);
      const refund = (items: object[]) => send('guest_tab.refunded', 'tab-refund-2', 4, closedTab(guest, []), { refundedItems: items });
      expect((await refund([{ itemId: 'l-9', quantity: 1, amount: 10 }]).expect(422)).body.code).toBe('unknown_line');
      expect((await refund([{ itemId: 'l-1', quantity: 2, amount: 10 }]).expect(422)).body.code).toBe('refund_exceeds_line');
      expect(await balanceOf(plugin.app, guest.pointsAccountId)).toMatchObject({ total: POINTS });
    });
  });
});
