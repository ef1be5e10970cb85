import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { MANAGER } from '../support/factories.js';
import { actorCall, postEvent, startPlugin, type TestPlugin } from '../support/plugin.js';
import { balanceOf, barcode, enrolRegular, setUpRestaurant, statsOf, TILL, visitsOf, type Regular, holdBonus as holdOnTab } from '../support/restaurant.js';

const OPENED_AT = '2026-11-22T17:40:00.000Z';
const CLOSED_AT = '2026-11-22T19:05:00.000Z';
const BONUS_PAID = 500;
/** Both lines less 10%; 229 points before the bonus share is taken off. */
const NET = 2796;
const EARNED = Math.round((229 * (NET - BONUS_PAID)) / NET);
const WINE_REFUND = 1100;

/** The events a host sends for one guest's dinner, in the order it sends them. */
function dinner(tabId: string, guest: Regular, holdId: string): Record<string, unknown>[] {
  const customer = barcode(guest.card);
  const noLines = { orders: [] };
  const bonus = [{ method: 'bonus', amount: BONUS_PAID, holdId }];
  const paid = [...bonus, { method: 'card', amount: NET - BONUS_PAID }];
  const closed = { status: 'closed', closedAt: CLOSED_AT, customer, payments: paid };
  const at = (minutes: number) => new Date(Date.parse(OPENED_AT) + minutes * 60_000).toISOString();
  const event = (type: string, version: number, minutes: number, tab: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    tabEvent(type as never, { id: `${tabId}-v${version}`, tabId, version, occurredAt: at(minutes), tab: { openedAt: OPENED_AT, ...tab }, ...extra });
  return [
    event('guest_tab.opened', 1, 0, noLines),
    event('guest_tab.customer_attached', 2, 2, { ...noLines, customer }),
    event('guest_tab.updated', 3, 5, { customer }),
    event('guest_tab.updated', 4, 70, { customer, payments: bonus }),
    event('guest_tab.prechecked', 5, 72, { status: 'prechecked', customer, payments: bonus }),
    event('guest_tab.closed', 6, 85, closed),
    event('guest_tab.refunded', 7, 100, closed, { refundedItems: [{ itemId: 'l-1', quantity: 1, amount: WINE_REFUND }] }),
  ];
}

/** A small deterministic shuffle, so a failing order can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i -= 1) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

describe.each(TEST_ENGINES)('a guest’s dinner from the first event to the refund (%s)', (engine) => {
  let plugin: TestPlugin;
  let guests = 0;
  const send = (event: object) => postEvent(plugin.app, event).expect(200);
  const holdBonus = async (tabId: string, guest: Regular) =>
    (await holdOnTab(plugin.app, { tabId, accountId: guest.bonusAccountId, amount: BONUS_PAID, idempotencyKey: `pay-${tabId}` }).expect(201)).body
      .holdId as string;
  const tabRecord = async (tabId: string) => (await actorCall(plugin.app, 'get', `/guest-tabs/${tabId}`, MANAGER).expect(200)).body;
  const cardOf = async (guest: Regular) => (await actorCall(plugin.app, 'post', '/terminal/identify', TILL, barcode(guest.card)).expect(200)).body;
  const entries = async (accountId: string) =>
    ((await actorCall(plugin.app, 'get', `/accounts/${accountId}/entries`, MANAGER).expect(200)).body.items as Record<string, unknown>[]).map((entry) => [
      entry.kind,
      entry.amount,
      entry.heldChange,
      entry.balanceAfter,
      entry.heldAfter,
    ]);
  const newGuest = () => enrolRegular(plugin.app, `E2E${process.pid}-${++guests}`, 1000);

  /** What the waiter's card, the guest's purses and the tab's visit show while the tab is open. */
  async function glance(guest: Regular, tabId: string) {
    const card = await cardOf(guest);
    return {
      balances: card.balances.map((b: { accountType: string; total: number; held: number; available: number }) => [b.accountType, b.total, b.held, b.available]),
      history: card.history,
      pointsEntries: await entries(guest.pointsAccountId),
      bonusEntries: await entries(guest.bonusAccountId),
      visits: (await tabRecord(tabId)).visits.map((v: { status: string; net: number; earned: object }) => [v.status, v.net, v.earned]),
    };
  }

  /** Everything a guest or a manager can see of the dinner, without ids and clock readings. */
  async function endState(guest: Regular, tabId: string) {
    const [visit] = await visitsOf(plugin.app, guest.id);
    const { id: _id, updatedAt: _updated, customerId: _customer, tabId: _tab, ...visitShown } = visit;
    const card = await cardOf(guest);
    const record = await tabRecord(tabId);
    return {
      points: await balanceOf(plugin.app, guest.pointsAccountId),
      bonus: await balanceOf(plugin.app, guest.bonusAccountId),
      pointsEntries: await entries(guest.pointsAccountId),
      bonusEntries: await entries(guest.bonusAccountId),
      visit: visitShown,
      stats: await statsOf(plugin.app, guest.id),
      card: { history: card.history, balances: card.balances.map(({ accountId: _a, ...balance }: { accountId: string }) => balance), favourites: card.preferences.favouriteProducts },
      tab: { version: record.tab.version, status: record.tab.status, visits: record.visits.map((v: { status: string; net: number; refunded: number }) => [v.status, v.net, v.refunded]) },
    };
  }

  beforeAll(async () => {
    plugin = await startPlugin(engine, { timeZone: 'Europe/Stockholm' });
    plugin.clock.current = new Date('2026-11-22T19:30:00Z');
    await setUpRestaurant(plugin.app);
  });
  afterAll(() => plugin.close());

  let cleanRun: Awaited<ReturnType<typeof endState>>;

  it('opens, attaches by card, prices, holds bonus, pre-checks, closes and refunds a line, each step visible to guest and manager', async () => {
    const guest = await newGuest();
    const tabId = `tab-e2e-${guests}`;
    const noVisitYet = { visits: 0, spent: 0, averageCheck: 0 };

    const events = dinner(tabId, guest, 'h_PLACEHOLDER');
    expect((await send(events[0])).body.effects).toEqual([{ kind: 'tab', id: tabId, version: 1, status: 'open' }]);
    expect((await tabRecord(tabId)).visits).toEqual([]);
    expect(await statsOf(plugin.app, guest.id)).toMatchObject(noVisitYet);

    const attached = (await send(events[1])).body;
    expect(attached.card).toMatchObject({ id: guest.id, categories: ['REGULARS'], history: { visits: 0 } });
    expect(attached.card.balances.map((b: { accountType: string; available: number }) => [b.accountType, b.available])).toEqual([
      ['points', 0],
      ['bonus', 1000],
    ]);
    expect((await tabRecord(tabId)).visits).toEqual([expect.objectContaining({ status: 'open', customerId: guest.id, startedAt: OPENED_AT })]);
    expect(await statsOf(plugin.app, guest.id)).toMatchObject(noVisitYet);

    const seated = await glance(guest, tabId);
    expect(seated).toEqual({
      balances: [
        ['points', 0, 0, 0],
        ['bonus', 1000, 0, 1000],
      ],
      history: { visits: 0, spent: 0, averageCheck: 0, lastVisitAt: null },
      pointsEntries: [],
      bonusEntries: [['manual_credit', 1000, 0, 1000, 0]],
      visits: [['open', 0, {}]],
    });

    // Lines on the tab and their prices change nothing the guest owns.
    await send(events[2]);
    expect((await tabRecord(tabId)).tab).toMatchObject({ version: 3, status: 'open' });
    const snapshot = (events[2] as { tab: object }).tab;
    const priced = (await actorCall(plugin.app, 'post', '/terminal/evaluate', TILL, { tab: snapshot }).expect(200)).body;
    expect(priced.totals).toMatchObject({ before: 3050, discount: 254, after: NET });
    expect(priced.accrual).toEqual([expect.objectContaining({ accountType: 'points', points: 229 })]);
    expect(await glance(guest, tabId)).toEqual(seated);

    // The hold sets bonus aside on the ledger; the points and the visit wait for the close.
    const holdId = await holdBonus(tabId, guest);
    expect(await balanceOf(plugin.app, guest.bonusAccountId)).toEqual({ total: 1000, held: BONUS_PAID, available: 1000 - BONUS_PAID });
    const holding = await glance(guest, tabId);
    expect(holding).toEqual({
      ...seated,
      balances: [
        ['points', 0, 0, 0],
        ['bonus', 1000, BONUS_PAID, 1000 - BONUS_PAID],
      ],
      bonusEntries: [['hold', 0, BONUS_PAID, 1000, BONUS_PAID], ...seated.bonusEntries],
    });

    // Paying with the hold and printing the bill freeze the prices, and still move nothing.
    const withHold = dinner(tabId, guest, holdId);
    await send(withHold[3]);
    expect(await glance(guest, tabId)).toEqual(holding);
    await send(withHold[4]);
    const precheck = await tabRecord(tabId);
    expect(precheck.tab).toMatchObject({ version: 5, status: 'prechecked' });
    expect(precheck.frozenEvaluations).toEqual([expect.objectContaining({ version: 5, totals: expect.objectContaining({ after: NET }) })]);
    expect(await glance(guest, tabId)).toEqual(holding);

    const closed = (await send(withHold[5])).body;
    expect(closed.effects.map((e: { kind: string }) => e.kind)).toEqual(['tab', 'hold_captured', 'ledger_entry', 'visit']);
    expect(await balanceOf(plugin.app, guest.bonusAccountId)).toEqual({ total: 500, held: 0, available: 500 });
    expect(await balanceOf(plugin.app, guest.pointsAccountId)).toEqual({ total: EARNED, held: 0, available: EARNED });
    expect(await entries(guest.pointsAccountId)).toEqual([['accrual', EARNED, 0, EARNED, 0]]);
    expect(await visitsOf(plugin.app, guest.id)).toEqual([
      expect.objectContaining({ status: 'closed', startedAt: OPENED_AT, closedAt: CLOSED_AT, gross: 3050, discount: 254, net: NET, bonusPaid: BONUS_PAID, earned: { points: EARNED }, spent: { bonus: BONUS_PAID } }),
    ]);
    expect(await statsOf(plugin.app, guest.id)).toMatchObject({ visits: 1, spent: NET, averageCheck: NET, pointsEarned: { points: EARNED }, pointsSpent: { bonus: BONUS_PAID } });
    expect((await cardOf(guest)).history).toEqual({ visits: 1, spent: NET, averageCheck: NET, lastVisitAt: CLOSED_AT });

    const refunded = (await send(withHold[6])).body;
    const pointsBack = Math.round((EARNED * WINE_REFUND) / NET);
    const bonusBack = Math.round((BONUS_PAID * WINE_REFUND) / NET);
    expect(refunded.effects.map((e: { kind: string; amount?: number }) => [e.kind, e.amount])).toEqual([
      ['tab', undefined],
      ['ledger_entry', bonusBack],
      ['ledger_entry', -pointsBack],
      ['visit_refund', WINE_REFUND],
    ]);
    expect(await balanceOf(plugin.app, guest.pointsAccountId)).toMatchObject({ total: EARNED - pointsBack });
    expect(await balanceOf(plugin.app, guest.bonusAccountId)).toMatchObject({ total: 500 + bonusBack });
    expect(await statsOf(plugin.app, guest.id)).toMatchObject({ visits: 1, spent: NET - WINE_REFUND, pointsEarned: { points: EARNED - pointsBack } });
    const [visit] = await visitsOf(plugin.app, guest.id);
    expect(visit).toMatchObject({ refunded: WINE_REFUND, lines: [expect.objectContaining({ lineId: 'l-1', refundedQuantity: 1 }), expect.objectContaining({ lineId: 'l-2', refundedQuantity: 0 })] });
    expect((await cardOf(guest)).history).toMatchObject({ visits: 1, spent: NET - WINE_REFUND });

    cleanRun = await endState(guest, tabId);
  });

  it.each([1, 2, 3])('ends exactly as the clean run when every event arrives three times, shuffled and at once (seed %i)', async (seed) => {
    expect(cleanRun).toBeDefined();
    const guest = await newGuest();
    const tabId = `tab-e2e-${guests}`;
    const holdIds = await Promise.all([1, 2, 3].map(() => holdBonus(tabId, guest)));
    expect(new Set(holdIds).size).toBe(1);
    const storm = shuffled(
      dinner(tabId, guest, holdIds[0]).flatMap((event) => [event, event, event]),
      seed,
    );
    const answers = await Promise.all(storm.map((event) => postEvent(plugin.app, event)));
    expect(answers.map((answer) => answer.status)).toEqual(storm.map(() => 200));
    // Each event applied (or found stale) once; its repeats are answered as duplicates.
    expect(answers.filter((answer) => answer.body.status === 'duplicate')).toHaveLength(14);
    expect(await endState(guest, tabId)).toEqual(cleanRun);
  });
});
