import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { identify, MANAGER } from '../support/factories.js';
import { actorCall, freshKey, postEvent, startPlugin, type TestPlugin } from '../support/plugin.js';
import { balanceOf, barcode, enrolRegular, setUpRestaurant, TILL, visitsOf, type Regular, holdBonus } from '../support/restaurant.js';

type Tab = Record<string, unknown>;
const CLOSED_AT = '2026-11-22T19:10:00.000Z';
const PRICE = 400;

/**
 * Rewards at the till: the guest takes one on evaluate, the till holds its points, the
 * bill shows it and the close captures them; a reward not used goes back on offer.
 */
describe.each(TEST_ENGINES)('rewards at the till (%s)', (engine) => {
  let plugin: TestPlugin;
  let cards = 0;
  let rewardId: string;
  const manage = (method: 'get' | 'post' | 'patch', path: string, body?: object) => actorCall(plugin.app, method, path, MANAGER, body, freshKey());
  const send = (type: string, tabId: string, version: number, tab: Tab = {}) => postEvent(plugin.app, tabEvent(type as never, { tabId, version, tab }));
  const snapshotOf = (tabId: string, tab: Tab) => tabEvent('guest_tab.updated', { tabId, tab }).tab;
  const evaluate = (tabId: string, tab: Tab, benefits: string[] = []) => actorCall(plugin.app, 'post', '/terminal/evaluate', TILL, { tab: snapshotOf(tabId, tab), benefits });
  const holdReward = async (tabId: string, guest: Regular) =>
    (await holdBonus(plugin.app, { tabId, accountId: guest.pointsAccountId, amount: PRICE, idempotencyKey: `reward-${tabId}`, rewardId }).expect(201)).body.holdId as string;
  const rewardDiscount = (evaluation: { lines: { discounts: { categoryCode: string; amount: number }[] }[] }) =>
    evaluation.lines.flatMap((line) => line.discounts).filter((discount) => discount.categoryCode === 'REWARD:FIVE_OFF').reduce((sum, discount) => sum + discount.amount, 0);
  const closedTab = (guest: Regular, payments: object[]) => ({ status: 'closed', closedAt: CLOSED_AT, customer: barcode(guest.card), payments });

  /** A regular with points to spend. */
  async function regularWithPoints(points: number): Promise<Regular> {
    const guest = await enrolRegular(plugin.app, `30000${process.pid}${++cards}`.slice(0, 13));
    await manage('post', `/accounts/${guest.pointsAccountId}/entries`, { kind: 'manual_credit', amount: points, reason: 'Points from earlier visits' }).expect(201);
    return guest;
  }

  beforeAll(async () => {
    plugin = await startPlugin(engine, { timeZone: 'Europe/Stockholm' });
    plugin.clock.current = new Date('2026-11-22T19:30:00Z');
    await setUpRestaurant(plugin.app);
    rewardId = (await manage('post', '/rewards', { code: 'FIVE_OFF', name: 'Five euros off', benefit: { kind: 'amount_off', amount: 500 }, accountTypeCode: 'points', price: PRICE }).expect(201)).body.id;
  });
  afterAll(() => plugin.close());

  describe('taking a reward', () => {
    it('prices the tab with the reward again once its points are held, and a close without a printed bill captures them', async () => {
      const guest = await regularWithPoints(1000);
      const tab = { customer: barcode(guest.card) };
      await send('guest_tab.customer_attached', 'tab-rw-1', 2, tab).expect(200);
      const chosen = (await evaluate('tab-rw-1', tab, [rewardId]).expect(200)).body;
      expect(chosen.benefits).toEqual([expect.objectContaining({ rewardId, chosen: true, accountId: guest.pointsAccountId, price: PRICE, holdId: null })]);
      expect(rewardDiscount(chosen)).toBe(500);

      const holdId = await holdReward('tab-rw-1', guest);
      // Only 600 points are left to spend, yet the reward the 400 held pay for is still the guest's.
      const again = (await evaluate('tab-rw-1', tab, [rewardId]).expect(200)).body;
      expect(again.totals).toEqual(chosen.totals);
      expect(again.benefits).toEqual([expect.objectContaining({ rewardId, chosen: true, holdId })]);

      const closed = await send('guest_tab.closed', 'tab-rw-1', 5, closedTab(guest, [{ method: 'card', amount: again.totals.after }])).expect(200);
      expect(closed.body.effects).toContainEqual({ kind: 'hold_captured', id: holdId, amount: PRICE, accountId: guest.pointsAccountId });
      expect(closed.body.effects.filter((effect: { kind: string }) => effect.kind === 'hold_released')).toEqual([]);
      const [accrual] = again.accrual;
      expect(await balanceOf(plugin.app, guest.pointsAccountId)).toEqual({ total: 1000 - PRICE + accrual.points, held: 0, available: 1000 - PRICE + accrual.points });
      const [visit] = await visitsOf(plugin.app, guest.id);
      expect(visit).toMatchObject({ net: again.totals.after, discount: again.totals.discount, spent: { points: PRICE }, bonusPaid: 0 });
      expect(visit.discounts).toContainEqual(expect.objectContaining({ categoryCode: 'REWARD:FIVE_OFF', amount: 500 }));
    });

    it('captures the reward’s points on a close of the printed bill, and on one printed before the reward was taken', async () => {
      for (const [tabId, printedFirst] of [['tab-rw-2', false], ['tab-rw-3', true]] as const) {
        const guest = await regularWithPoints(1000);
        const tab = { customer: barcode(guest.card) };
        const priced = (await evaluate(tabId, tab, [rewardId]).expect(200)).body;
        if (printedFirst) await send('guest_tab.prechecked', tabId, 3, { ...tab, status: 'prechecked' }).expect(200);
        const holdId = await holdReward(tabId, guest);
        if (!printedFirst) {
          const printed = await send('guest_tab.prechecked', tabId, 3, { ...tab, status: 'prechecked' }).expect(200);
          expect(printed.body.effects).toContainEqual(expect.objectContaining({ kind: 'evaluation', discount: priced.totals.discount, total: priced.totals.after }));
        }
        const closed = await send('guest_tab.closed', tabId, 4, closedTab(guest, [{ method: 'card', amount: priced.totals.after }])).expect(200);
        expect(closed.body.effects).toContainEqual({ kind: 'hold_captured', id: holdId, amount: PRICE, accountId: guest.pointsAccountId });
        expect(closed.body.effects).toContainEqual(expect.objectContaining({ kind: 'visit', status: 'closed', net: priced.totals.after }));
        expect(await balanceOf(plugin.app, guest.pointsAccountId)).toMatchObject({ total: 1000 - PRICE + priced.accrual[0].points, held: 0 });
      }
    });

    it('captures the reward’s points once when the host lists them among the payments too', async () => {
      const guest = await regularWithPoints(1000);
      const tab = { customer: barcode(guest.card) };
      const priced = (await evaluate('tab-rw-4', tab, [rewardId]).expect(200)).body;
      const holdId = await holdReward('tab-rw-4', guest);
      const payments = [{ method: 'bonus', amount: PRICE, holdId }, { method: 'card', amount: priced.totals.after }];
      const closed = await send('guest_tab.closed', 'tab-rw-4', 4, closedTab(guest, payments)).expect(200);
      expect(closed.body.effects.filter((effect: { kind: string }) => effect.kind === 'hold_captured')).toEqual([{ kind: 'hold_captured', id: holdId, amount: PRICE, accountId: guest.pointsAccountId }]);
      // The points paid for the reward, not for the bill: everything else accrues in full.
      expect(await balanceOf(plugin.app, guest.pointsAccountId)).toMatchObject({ total: 1000 - PRICE + priced.accrual[0].points });
    });
  });

  describe('a reward held wrongly', () => {
    it('refuses to hold a reward for another amount or from another account, holding nothing', async () => {
      const guest = await regularWithPoints(1000);
      const tab = { customer: barcode(guest.card) };
      await send('guest_tab.customer_attached', 'tab-rw-wrong', 2, tab).expect(200);
      const held = (accountId: string, amount: number, key: string) => holdBonus(plugin.app, { tabId: 'tab-rw-wrong', accountId, amount, idempotencyKey: key, rewardId }).expect(422);
      expect((await held(guest.pointsAccountId, PRICE - 1, 'wrong-amount')).body).toMatchObject({ code: 'reward_mismatch', price: PRICE });
      expect((await held(guest.bonusAccountId, PRICE, 'wrong-account')).body).toMatchObject({ code: 'reward_mismatch', price: PRICE });
      expect(await balanceOf(plugin.app, guest.pointsAccountId)).toMatchObject({ total: 1000, held: 0 });
      expect(await balanceOf(plugin.app, guest.bonusAccountId)).toMatchObject({ held: 0 });
    });
  });

  describe('a reward not used', () => {
    it.each([
      ['the tab is cancelled', 'guest_tab.cancelled', { status: 'cancelled' }],
      ['the guest is taken off the tab', 'guest_tab.customer_detached', { customer: null }],
    ])('is offered again on the next visit with its points back when %s', async (_, type, change) => {
      const guest = await regularWithPoints(PRICE);
      const tab = { customer: barcode(guest.card) };
      const tabId = `tab-unused-${type}`;
      await send('guest_tab.customer_attached', tabId, 2, tab).expect(200);
      const holdId = await holdReward(tabId, guest);
      expect((await evaluate(`${tabId}-elsewhere`, tab).expect(200)).body.benefits).toEqual([]);

      const undone = await send(type, tabId, 3, { ...tab, ...change }).expect(200);
      expect(undone.body.effects).toContainEqual({ kind: 'hold_released', id: holdId, amount: PRICE, accountId: guest.pointsAccountId });
      expect(await balanceOf(plugin.app, guest.pointsAccountId)).toEqual({ total: PRICE, held: 0, available: PRICE });
      const card = (await identify(plugin.app, barcode(guest.card), TILL).expect(200)).body;
      expect(card.benefits).toEqual([expect.objectContaining({ rewardId, price: PRICE })]);
      const nextVisit = (await evaluate(`${tabId}-next`, tab, [rewardId]).expect(200)).body;
      expect(nextVisit.benefits).toEqual([expect.objectContaining({ rewardId, chosen: true, holdId: null })]);
    });
  });

  describe('availability windows', () => {
    it('offers a reward only within its dates, days and hours in the restaurant’s time zone', async () => {
      const window = async (code: string, fields: object) =>
        manage('post', '/rewards', { code, name: code, benefit: { kind: 'amount_off', amount: 100 }, accountTypeCode: 'points', price: 10, ...fields }).expect(201);
      await window('LUNCH', { timeFrom: '11:00', timeTo: '14:00' });
      await window('WEEKEND', { daysOfWeek: [6, 7] });
      await window('ADVENT', { availableFrom: '2026-12-01', availableTo: '2026-12-24' });
      await window('NOVEMBER', { availableTo: '2026-11-18' });
      const guest = await regularWithPoints(1000);
      const offeredAt = async (utc: string) => {
        plugin.clock.current = new Date(utc);
        const card = (await identify(plugin.app, barcode(guest.card), TILL).expect(200)).body;
        const codes = card.benefits.map((benefit: { code: string }) => benefit.code).filter((code: string) => code !== 'FIVE_OFF');
        return codes.sort();
      };
      try {
        // Wednesday 18 November, 13:30 in Stockholm.
        expect(await offeredAt('2026-11-18T12:30:00Z')).toEqual(['LUNCH', 'NOVEMBER']);
        // 14:30 in Stockholm, though still 13:30 in UTC.
        expect(await offeredAt('2026-11-18T13:30:00Z')).toEqual(['NOVEMBER']);
        // Already Thursday the 19th in Stockholm, though still the 18th in UTC.
        expect(await offeredAt('2026-11-18T23:30:00Z')).toEqual([]);
        // Saturday at noon: the weekend, and lunch.
        expect(await offeredAt('2026-11-21T11:00:00Z')).toEqual(['LUNCH', 'WEEKEND']);
        // Half past midnight on 1 December in Stockholm: Advent has begun.
        expect(await offeredAt('2026-11-30T23:30:00Z')).toEqual(['ADVENT']);

        const lunch = (await manage('get', '/rewards').expect(200)).body.find((reward: { code: string }) => reward.code === 'LUNCH');
        const refused = await evaluate('tab-late-lunch', { customer: barcode(guest.card) }, [lunch.id]).expect(422);
        expect(refused.body.code).toBe('unknown_benefit');
        const held = await holdBonus(plugin.app, { tabId: 'tab-late-lunch', accountId: guest.pointsAccountId, amount: 10, idempotencyKey: 'late-lunch', rewardId: lunch.id }).expect(422);
        expect(held.body.code).toBe('unknown_benefit');
        expect(await balanceOf(plugin.app, guest.pointsAccountId)).toMatchObject({ held: 0 });
      } finally {
        plugin.clock.current = new Date('2026-11-22T19:30:00Z');
      }
    });
  });
});
