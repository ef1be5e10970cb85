import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { MANAGER } from '../support/factories.js';
import { actorCall, freshKey, postEvent, startPlugin, TENANT, type TestPlugin } from '../support/plugin.js';
import { barcode, enrolRegular, holdBonus, setUpRestaurant, type Regular } from '../support/restaurant.js';

const CLOSED_AT = '2026-11-22T19:05:00.000Z';
const BONUS_PAID = 500;
/** Both lines less 10%. */
const NET = 2796;
/** 10% of the net in points, less the share paid with bonus. */
const EARNED = Math.round((229 * (NET - BONUS_PAID)) / NET);
const REWARD_PRICE = 150;

/** The facts this file follows: those of the purse and the close (events-out.spec.ts follows the others). */
const FOLLOWED = ['account.credited', 'account.debited', 'visit.recorded', 'reward.reachable', 'points.expiring'];

interface Recorded {
  type: string;
  customerId: string | null;
  data: Record<string, unknown>;
}

/**
 * What a guest's evening tells subscribers, written with the change it reports: the
 * bonus spent, the points earned, the visit and the reward the points now reach — each
 * once, however often the host sends the close again.
 */
describe.each(TEST_ENGINES)('the events of a close (%s)', (engine) => {
  let plugin: TestPlugin;
  let dataSource: DataSource;
  let guest: Regular;
  let rewardId: string;

  const tabId = 'tab-evening';
  const customer = () => barcode(guest.card);
  const closed = () => ({ status: 'closed', closedAt: CLOSED_AT, customer: customer(), payments: [{ method: 'bonus', amount: BONUS_PAID, holdId }, { method: 'card', amount: NET - BONUS_PAID }] });
  let holdId: string;

  async function eventsOf(customerId: string): Promise<Recorded[]> {
    const rows: { type: string; customer_id: string | null; payload: string | object }[] = await dataSource.query(
      `SELECT type, customer_id, payload FROM rc_outbox_events WHERE tenant_id = ? AND customer_id = ? AND type IN (${FOLLOWED.map(() => '?').join(', ')}) ORDER BY id`,
      [TENANT, customerId, ...FOLLOWED],
    );
    return rows.map((row) => ({ type: row.type, customerId: row.customer_id, data: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload }));
  }

  beforeAll(async () => {
    plugin = await startPlugin(engine);
    dataSource = plugin.app.get(getDataSourceToken('regulars'));
    await setUpRestaurant(plugin.app);
    rewardId = (
      await actorCall(plugin.app, 'post', '/rewards', MANAGER, { code: 'DESSERT', name: 'A dessert', benefit: { kind: 'amount_off', amount: 600 }, accountTypeCode: 'points', price: REWARD_PRICE }, freshKey()).expect(201)
    ).body.id;
    guest = await enrolRegular(plugin.app, '7700000000123', 2000);
    holdId = (await holdBonus(plugin.app, { tabId, accountId: guest.bonusAccountId, amount: BONUS_PAID, idempotencyKey: 'evening-bonus' }).expect(201)).body.holdId;
  });
  afterAll(() => plugin.close());

  it('tells of the welcome bonus a manager credited, with the balance after it and the manager’s words', async () => {
    expect(await eventsOf(guest.id)).toEqual([
      {
        type: 'account.credited',
        customerId: guest.id,
        data: {
          entryId: expect.stringMatching(/^le_/),
          accountId: guest.bonusAccountId,
          accountTypeCode: 'bonus',
          holder: { type: 'customer', id: guest.id },
          customerId: null,
          amount: 2000,
          balanceAfter: 2000,
          reason: { kind: 'manual', tabId: null, visitId: null, description: 'Welcome bonus' },
        },
      },
    ]);
  });

  it('tells of the bonus spent, the points earned, the visit and the reward now within reach, once for a close sent twice', async () => {
    const close = tabEvent('guest_tab.closed', { id: 'evening-closed', tabId, version: 2, tab: closed() });
    await postEvent(plugin.app, close).expect(200);
    await postEvent(plugin.app, close).expect(200);
    await postEvent(plugin.app, { ...close, id: 'evening-closed-again' }).expect(200);

    const events = (await eventsOf(guest.id)).slice(1);
    expect(events.map((event) => event.type)).toEqual(['account.debited', 'account.credited', 'visit.recorded', 'reward.reachable']);
    const [spent, earned, visit, reachable] = events;
    const visitId = visit.data.visitId as string;
    expect(spent.data).toMatchObject({ accountId: guest.bonusAccountId, amount: BONUS_PAID, balanceAfter: 2000 - BONUS_PAID, reason: { kind: 'redemption', tabId, description: null } });
    expect(earned.data).toMatchObject({ accountId: guest.pointsAccountId, accountTypeCode: 'points', customerId: guest.id, amount: EARNED, balanceAfter: EARNED, reason: { kind: 'accrual', visitId } });
    expect(visit.data).toEqual({
      visitId,
      customerId: guest.id,
      tabId,
      locationId: 'cafe-7',
      closedAt: CLOSED_AT,
      currency: 'EUR',
      gross: 3050,
      discount: 3050 - NET,
      net: NET,
      earned: { points: EARNED },
      spent: { bonus: BONUS_PAID },
    });
    expect(reachable.data).toEqual({
      customerId: guest.id,
      rewardId,
      rewardCode: 'DESSERT',
      rewardName: 'A dessert',
      accountId: guest.pointsAccountId,
      accountTypeCode: 'points',
      price: REWARD_PRICE,
      balance: EARNED,
    });
  });

  it('does not tell of a reward again when a later visit only adds to a balance already past its price', async () => {
    const next = tabEvent('guest_tab.closed', { id: 'second-closed', tabId: 'tab-second', version: 1, tab: { status: 'closed', closedAt: CLOSED_AT, customer: customer(), payments: [{ method: 'card', amount: NET }] } });
    await postEvent(plugin.app, next).expect(200);
    const types = (await eventsOf(guest.id)).map((event) => event.type);
    expect(types.filter((type) => type === 'reward.reachable')).toHaveLength(1);
    expect(types.filter((type) => type === 'visit.recorded')).toHaveLength(2);
  });

  it('tells of what a refund takes back, as a refund reversal', async () => {
    const before = (await eventsOf(guest.id)).length;
    await postEvent(plugin.app, tabEvent('guest_tab.refunded', { id: 'evening-refund', tabId, version: 3, tab: closed(), refundedItems: [{ itemId: 'l-1', quantity: 1, amount: 1100 }] })).expect(200);
    const reversals = (await eventsOf(guest.id)).slice(before);
    expect(reversals.length).toBeGreaterThan(0);
    for (const reversal of reversals) expect(reversal.data).toMatchObject({ reason: { kind: 'refund_reversal', tabId } });
    expect(reversals.map((event) => [event.type, (event.data as { accountTypeCode: string }).accountTypeCode])).toContainEqual(['account.debited', 'points']);
  });

  it('writes nothing when a manual entry is refused or repeated under its key', async () => {
    const before = (await eventsOf(guest.id)).length;
    const key = freshKey();
    const credit = { kind: 'manual_credit', amount: 300, reason: 'Sorry for the wait' };
    await actorCall(plugin.app, 'post', `/accounts/${guest.bonusAccountId}/entries`, MANAGER, credit, key).expect(201);
    await actorCall(plugin.app, 'post', `/accounts/${guest.bonusAccountId}/entries`, MANAGER, credit, key).expect(201);
    await actorCall(plugin.app, 'post', `/accounts/${guest.bonusAccountId}/entries`, MANAGER, { kind: 'manual_debit', amount: 10_000_000, reason: 'Too much' }, freshKey()).expect(409);
    const added = (await eventsOf(guest.id)).slice(before);
    expect(added.map((event) => [event.type, event.data.amount, (event.data.reason as { description: string }).description])).toEqual([['account.credited', 300, 'Sorry for the wait']]);
  });

  it('tells of a reward a manager’s credit or a transfer brings within reach, once under its key, and not for a debit or a credit already past the price', async () => {
    const anna = await enrolRegular(plugin.app, '7700000000456');
    const boris = await enrolRegular(plugin.app, '7700000000789');
    const entry = (accountId: string, body: object, key = freshKey()) => actorCall(plugin.app, 'post', `/accounts/${accountId}/entries`, MANAGER, body, key).expect(201);
    const reached = async (customerId: string) => (await eventsOf(customerId)).filter((event) => event.type === 'reward.reachable').map((event) => event.data);

    await entry(anna.pointsAccountId, { kind: 'manual_credit', amount: REWARD_PRICE - 1, reason: 'Almost' });
    expect(await reached(anna.id)).toEqual([]);
    const key = freshKey();
    await entry(anna.pointsAccountId, { kind: 'manual_credit', amount: 1, reason: 'There' }, key);
    await entry(anna.pointsAccountId, { kind: 'manual_credit', amount: 1, reason: 'There' }, key);
    await entry(anna.pointsAccountId, { kind: 'manual_credit', amount: 10, reason: 'More' });
    expect(await reached(anna.id)).toEqual([
      { customerId: anna.id, rewardId, rewardCode: 'DESSERT', rewardName: 'A dessert', accountId: anna.pointsAccountId, accountTypeCode: 'points', price: REWARD_PRICE, balance: REWARD_PRICE },
    ]);

    await entry(anna.pointsAccountId, { kind: 'manual_debit', amount: REWARD_PRICE + 10, reason: 'Taken back' });
    await actorCall(plugin.app, 'post', `/accounts/${anna.pointsAccountId}/transfers`, MANAGER, { toAccountId: boris.pointsAccountId, amount: 0 }, freshKey()).expect(400);
    await entry(anna.pointsAccountId, { kind: 'manual_credit', amount: REWARD_PRICE, reason: 'For Boris' });
    await actorCall(plugin.app, 'post', `/accounts/${anna.pointsAccountId}/transfers`, MANAGER, { toAccountId: boris.pointsAccountId, amount: REWARD_PRICE, reason: 'A gift' }, freshKey()).expect(201);
    expect(await reached(boris.id)).toEqual([expect.objectContaining({ customerId: boris.id, accountId: boris.pointsAccountId, balance: REWARD_PRICE })]);
    // Anna reached it again with the credit after the debit took her below it.
    expect(await reached(anna.id)).toHaveLength(2);
  });

  it('tells of points about to expire once per lot, then of their expiry', async () => {
    const DAY = 86_400_000;
    const start = plugin.clock.current;
    const manage = (path: string, body?: object) => actorCall(plugin.app, 'post', path, MANAGER, body, freshKey()).expect(201);
    await manage('/account-types', { code: 'stars', name: 'Stars', kind: 'points', unit: 'points', expiry: { kind: 'days_after_credit', days: 60 } });
    const stars = (await manage(`/customers/${guest.id}/accounts`, { accountTypeCode: 'stars' })).body.id as string;
    await manage(`/accounts/${stars}/entries`, { kind: 'manual_credit', amount: 40, reason: 'Opening night' });
    const starEvents = async () => (await eventsOf(guest.id)).filter((event) => event.data.accountId === stars).map((event) => [event.type, event.data.amount, (event.data as { reason?: { kind: string } }).reason?.kind ?? null]);
    const night = async (days: number) => {
      plugin.clock.current = new Date(start.getTime() + days * DAY);
      await manage('/jobs/lot-expiry/runs');
    };

    await night(10);
    expect(await starEvents()).toEqual([['account.credited', 40, 'manual']]);
    await night(31);
    await night(32);
    expect(await starEvents()).toEqual([
      ['account.credited', 40, 'manual'],
      ['points.expiring', 40, null],
    ]);
    const [expiring] = (await eventsOf(guest.id)).filter((event) => event.type === 'points.expiring');
    expect(expiring.data).toEqual({ accountId: stars, accountTypeCode: 'stars', holder: { type: 'customer', id: guest.id }, lotId: expect.stringMatching(/^lot_/), amount: 40, expiresAt: expect.any(String) });
    expect(Date.parse(expiring.data.expiresAt as string)).toBeGreaterThan(plugin.clock.current.getTime());
    await night(61);
    expect((await starEvents()).slice(2)).toEqual([['account.debited', 40, 'expiry']]);
    plugin.clock.current = start;
  });
});
