import { REPORT_SECTIONS } from '../../src/modules/reports/dto/report.dto.js';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { createCustomer, MANAGER } from '../support/factories.js';
import { actorCall, freshKey, OTHER_TENANT, postEvent, startPlugin, TEST_SECRETS, type ActorOverrides, type TestPlugin } from '../support/plugin.js';
import { barcode, enrolRegular, holdBonus, setUpRestaurant, visitsOf, type Regular } from '../support/restaurant.js';

type Cell = string | number | null;
interface Section {
  key: string;
  chart: string;
  columns: { key: string; unit: string }[];
  rows: Cell[][];
}
interface Visit {
  net: number;
  refunded: number;
  earned: Record<string, number>;
  discounts: { categoryCode: string; amount: number }[];
  closedAt: string;
}

const NOVEMBER = 'from=2026-11-01&to=2026-11-30';
const REWARD_PRICE = 400;

describe.each(TEST_ENGINES)('reports (%s)', (engine) => {
  let plugin: TestPlugin;
  let alice: Regular;
  let bob: Regular;
  let aliceVisits: Visit[];
  let bobVisits: Visit[];
  const at = (instant: string) => (plugin.clock.current = new Date(instant));
  const manage = (method: 'get' | 'post', path: string, body?: object, actor: ActorOverrides = MANAGER) => actorCall(plugin.app, method, path, actor, body, freshKey());
  const report = async (name: string, query = NOVEMBER) => (await actorCall(plugin.app, 'get', `/reports/${name}?${query}`, MANAGER).expect(200)).body;
  const sectionOf = (body: { sections: Section[] }, key: string) => body.sections.find((section) => section.key === key)!;
  const rowOf = (section: Section, first: Cell) => section.rows.find((row) => row[0] === first);
  /** A tab closed at the till at `closedAt` (the plugin's clock too), with a card payment of what is left. */
  const close = async (tabId: string, closedAt: string, tab: Record<string, unknown>, locationId = 'cafe-7') => {
    at(closedAt);
    await postEvent(plugin.app, tabEvent('guest_tab.closed', { tabId, version: 5, locationId, tab: { status: 'closed', openedAt: closedAt, closedAt, ...tab } })).expect(200);
  };

  beforeAll(async () => {
    plugin = await startPlugin(engine, { timeZone: 'Europe/Stockholm', defaultCurrency: 'EUR' });
    // Enrolled on Monday 2 November (local time), with a welcome gift of points for Alice.
    at('2026-11-02T09:00:00Z');
    await setUpRestaurant(plugin.app);
    const reward = (await manage('post', '/rewards', { code: 'FIVE_OFF', name: 'Five euros off', benefit: { kind: 'amount_off', amount: 500 }, accountTypeCode: 'points', price: REWARD_PRICE }).expect(201)).body;
    await manage('post', '/tiers', { code: 'GOLD', name: 'Gold', rank: 1, metric: 'spent', threshold: 2000 }).expect(201);
    await manage('post', '/promo-code-batches', { name: 'Autumn flyers', categoryCode: 'REGULARS', usage: 'single', count: 5 }).expect(201);
    alice = await enrolRegular(plugin.app, `4000${process.pid}1`.slice(0, 13));
    bob = await enrolRegular(plugin.app, `4000${process.pid}2`.slice(0, 13));
    await createCustomer(plugin.app);
    await manage('post', `/accounts/${alice.pointsAccountId}/entries`, { kind: 'manual_credit', amount: 1000, reason: 'Welcome' }).expect(201);
    await manage('post', `/accounts/${bob.bonusAccountId}/entries`, { kind: 'manual_credit', amount: 1250, reason: 'Sorry for the wait' }).expect(201);

    // Tuesday 3 November: Alice takes the reward at cafe-7, Bob eats at cafe-9 (both reach Gold), and a walk-in pays 3050 at cafe-7.
    at('2026-11-03T10:30:00Z');
    await holdBonus(plugin.app, { tabId: 'tab-alice-1', accountId: alice.pointsAccountId, amount: REWARD_PRICE, idempotencyKey: 'reward-alice-1', rewardId: reward.id }).expect(201);
    await close('tab-alice-1', '2026-11-03T11:00:00Z', { customer: barcode(alice.card) });
    await close('tab-bob-1', '2026-11-03T17:00:00Z', { customer: barcode(bob.card) }, 'cafe-9');
    // The walk-in's tab comes from a till that was offline until the 5th: it counts on the 3rd, when it closed.
    at('2026-11-05T08:00:00Z');
    const late = { status: 'closed', openedAt: '2026-11-03T17:40:00Z', closedAt: '2026-11-03T18:00:00Z', customer: null, payments: [{ method: 'card', amount: 3050 }] };
    await postEvent(plugin.app, tabEvent('guest_tab.closed', { tabId: 'tab-walk-in', version: 5, locationId: 'cafe-7', tab: late })).expect(200);
    // Alice comes back on 20 November, seventeen days after her first visit.
    await close('tab-alice-2', '2026-11-20T12:00:00Z', { customer: barcode(alice.card) });

    // Another restaurant's guest and tab on the same day never show.
    const other: ActorOverrides = { ...MANAGER, tenantId: OTHER_TENANT };
    at('2026-11-03T09:00:00Z');
    const stranger = await createCustomer(plugin.app, {}, other);
    const seat = tabEvent('guest_tab.closed', { tenantId: OTHER_TENANT, tabId: 'tab-stranger', version: 5, tab: { status: 'closed', closedAt: '2026-11-03T09:00:00Z', customer: { customerId: stranger.id } } });
    await postEvent(plugin.app, seat, TEST_SECRETS[OTHER_TENANT]).expect(200);

    at('2026-11-22T19:30:00Z');
    aliceVisits = (await visitsOf(plugin.app, alice.id)) as unknown as Visit[];
    bobVisits = (await visitsOf(plugin.app, bob.id)) as unknown as Visit[];
  });
  afterAll(() => plugin.close());

  const [aliceFirst, aliceSecond] = [() => aliceVisits.find((visit) => visit.closedAt.startsWith('2026-11-03'))!, () => aliceVisits.find((visit) => visit.closedAt.startsWith('2026-11-20'))!];
  const bobFirst = () => bobVisits[0];
  const revenue = (visit: Visit) => visit.net - visit.refunded;

  it('counts members enrolled and active per day, in the period and per cohort of first visit', async () => {
    const members = await report('members');
    expect(members).toMatchObject({ report: 'members', from: '2026-11-01', to: '2026-11-30', locationId: null, currency: 'EUR' });
    const byDay = sectionOf(members, 'by_day');
    expect(byDay.columns).toEqual([
      { key: 'day', unit: 'day' },
      { key: 'enrolled', unit: 'count' },
      { key: 'active', unit: 'count' },
    ]);
    expect(byDay.rows).toHaveLength(30);
    expect(rowOf(byDay, '2026-11-02')).toEqual(['2026-11-02', 3, 0]);
    expect(rowOf(byDay, '2026-11-03')).toEqual(['2026-11-03', 0, 2]);
    expect(rowOf(byDay, '2026-11-20')).toEqual(['2026-11-20', 0, 1]);
    expect(sectionOf(members, 'totals').rows).toEqual([[3, 2]]);
    expect(sectionOf(members, 'cohorts').rows).toEqual([['2026-11', 2, 1, 1, 1]]);

    const atCafe7 = await report('members', `${NOVEMBER}&locationId=cafe-7`);
    expect(rowOf(sectionOf(atCafe7, 'by_day'), '2026-11-03')).toEqual(['2026-11-03', 0, 1]);
    expect(sectionOf(atCafe7, 'totals').rows).toEqual([[3, 1]]);
  });

  it('sums identified revenue beside every tab the host sent, and the discounts by category and rule', async () => {
    const money = await report('money');
    const byDay = sectionOf(money, 'by_day');
    const tuesday = revenue(aliceFirst()) + revenue(bobFirst());
    expect(rowOf(byDay, '2026-11-03')).toEqual(['2026-11-03', 2, tuesday, Math.round(tuesday / 2), 3, tuesday + 3050, Math.round((tuesday + 3050) / 3)]);
    // On the 20th the host sent only Alice's tab: every tab is not known.
    expect(rowOf(byDay, '2026-11-20')).toEqual(['2026-11-20', 1, revenue(aliceSecond()), revenue(aliceSecond()), null, null, null]);
    expect(rowOf(byDay, '2026-11-04')).toEqual(['2026-11-04', 0, 0, null, null, null, null]);
    expect(rowOf(byDay, '2026-11-05')).toEqual(['2026-11-05', 0, 0, null, null, null, null]);

    const given = new Map<string, number>();
    for (const visit of [...aliceVisits, ...bobVisits]) for (const discount of visit.discounts) given.set(discount.categoryCode, (given.get(discount.categoryCode) ?? 0) + discount.amount);
    const discounts = sectionOf(money, 'discounts');
    expect(discounts.columns.map(({ key }) => key)).toEqual(['category', 'rule', 'amount', 'tabs']);
    expect(discounts.rows.find((row) => row[0] === 'REGULARS')).toEqual(['REGULARS', 'Regulars 10%', given.get('REGULARS'), 3]);
    expect(discounts.rows.find((row) => row[0] === 'REWARD:FIVE_OFF')).toEqual(['REWARD:FIVE_OFF', 'Five euros off', 500, 1]);

    const atCafe9 = sectionOf(await report('money', `${NOVEMBER}&locationId=cafe-9`), 'by_day');
    expect(rowOf(atCafe9, '2026-11-03')).toEqual(['2026-11-03', 1, revenue(bobFirst()), revenue(bobFirst()), null, null, null]);
  });

  it('shows points issued, redeemed and the outstanding balance at the end of the period', async () => {
    const earned = (visits: Visit[]) => visits.reduce((sum, visit) => sum + (visit.earned.points ?? 0), 0);
    const points = await report('points');
    const byDay = sectionOf(points, 'by_day');
    expect(byDay.rows).toContainEqual(['2026-11-02', 'points', 1000, 0, 0]);
    // Bonus kept in euros is money, in a section of its own: a column has one unit.
    expect(byDay.rows.some((row) => row[1] === 'bonus')).toBe(false);
    expect(sectionOf(points, 'money_by_day')).toMatchObject({ columns: [{ unit: 'day' }, { unit: 'text' }, { unit: 'money' }, { unit: 'money' }, { unit: 'money' }], rows: [['2026-11-02', 'bonus', 1250, 0, 0]] });
    expect(byDay.rows).toContainEqual(['2026-11-03', 'points', earned([aliceFirst(), bobFirst()]), REWARD_PRICE, 0]);
    expect(byDay.rows).toContainEqual(['2026-11-20', 'points', earned([aliceSecond()]), 0, 0]);
    const total = 1000 - REWARD_PRICE + earned([...aliceVisits, ...bobVisits]);
    expect(sectionOf(points, 'liability').rows).toEqual([
      ['bonus', null, 1250],
      ['points', total, null],
    ]);
    // At the end of the 10th, Alice's second visit had not earned yet.
    const tenth = await report('points', 'from=2026-11-01&to=2026-11-10');
    expect(sectionOf(tenth, 'liability').rows).toContainEqual(['points', total - earned([aliceSecond()]), null]);
  });

  it('counts guests per tier at each month end and the moves of the period', async () => {
    const tiers = await report('tiers', 'from=2026-10-01&to=2026-11-30');
    expect(sectionOf(tiers, 'by_month').rows).toEqual([
      ['2026-10', 'Gold', 0],
      ['2026-11', 'Gold', 2],
    ]);
    expect(sectionOf(tiers, 'moves').rows).toEqual([[null, 'Gold', 'up', 2]]);
    expect(sectionOf(await report('tiers', 'from=2026-10-01&to=2026-10-31'), 'moves').rows).toEqual([]);
  });

  it('counts rewards taken and codes used against those given out', async () => {
    const rewards = await report('rewards');
    expect(sectionOf(rewards, 'by_reward').rows).toEqual([['Five euros off', 1, 1, 50]]);
    expect(sectionOf(rewards, 'codes').rows).toEqual([['Autumn flyers', 5, 0, 0]]);
  });

  it('lists the top guests by spend and by visits', async () => {
    const top = await report('top-guests');
    const aliceSpent = revenue(aliceFirst()) + revenue(aliceSecond());
    expect(sectionOf(top, 'by_visits').rows).toEqual([
      [alice.id, expect.any(String), 2, aliceSpent],
      [bob.id, expect.any(String), 1, revenue(bobFirst())],
    ]);
    expect(sectionOf(top, 'by_spend').rows[0]).toEqual([aliceSpent > revenue(bobFirst()) ? alice.id : bob.id, expect.any(String), Math.max(aliceSpent, revenue(bobFirst())), expect.any(Number)]);
  });

  it('answers every section as CSV with the same rows as the JSON', async () => {
    for (const [name, key] of Object.entries(REPORT_SECTIONS).flatMap(([name, keys]) => keys.map((key) => [name, key]))) {
      const json = sectionOf(await report(name), key);
      const csv = await actorCall(plugin.app, 'get', `/reports/${name}?${NOVEMBER}&format=csv&section=${key}`, MANAGER).expect(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      const [header, ...lines] = csv.text.trimEnd().split('\r\n');
      expect(header).toBe(json.columns.map(({ key: column }) => column).join(','));
      expect(lines).toEqual(json.rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))).join(',')));
    }
  });

  it('answers the same from the nightly summaries as from the rows', async () => {
    const before = await Promise.all(['members', 'money', 'points'].map((name) => report(name)));
    expect((await manage('post', '/jobs/reports/runs').expect(201)).body).toMatchObject({ status: 'succeeded' });
    expect(await Promise.all(['members', 'money', 'points'].map((name) => report(name)))).toEqual(before);
    expect(await report('money', `${NOVEMBER}&locationId=cafe-9`)).toEqual(await report('money', `${NOVEMBER}&locationId=cafe-9`));

    // In March November's cohort can no longer change: it is read as the job stored it.
    at('2027-03-01T12:00:00Z');
    try {
      expect((await manage('post', '/jobs/reports/runs').expect(201)).body).toMatchObject({ status: 'succeeded' });
      expect(sectionOf(await report('members'), 'cohorts').rows).toEqual([['2026-11', 2, 1, 1, 1]]);
    } finally {
      at('2026-11-22T19:30:00Z');
    }
  });

  it('needs reports.read, and shows another restaurant none of these rows', async () => {
    const waiter = await actorCall(plugin.app, 'get', `/reports/members?${NOVEMBER}`, { permissions: ['visits.read'] }).expect(403);
    expect(waiter.body.code).toBe('forbidden');
    const theirs = (await actorCall(plugin.app, 'get', `/reports/members?${NOVEMBER}`, { ...MANAGER, tenantId: OTHER_TENANT }).expect(200)).body;
    expect(sectionOf(theirs, 'totals').rows).toEqual([[1, 1]]);
    const theirTop = (await actorCall(plugin.app, 'get', `/reports/top-guests?${NOVEMBER}`, { ...MANAGER, tenantId: OTHER_TENANT }).expect(200)).body;
    expect(sectionOf(theirTop, 'by_spend').rows.map((row: Cell[]) => row[0])).not.toContain(alice.id);
  });

  it.each([
    ['unknown', NOVEMBER, 'report'],
    ['members', 'from=2026-11-31&to=2026-12-01', 'from'],
    ['members', 'from=yesterday&to=2026-12-01', 'from'],
    ['members', 'from=2026-11-01', 'to'],
    ['members', 'from=2026-11-30&to=2026-11-01', 'to'],
    ['members', 'from=2025-11-01&to=2026-11-30', 'to'],
    ['money', `${NOVEMBER}&format=csv`, 'section'],
    ['money', `${NOVEMBER}&format=csv&section=cohorts`, 'section'],
    ['money', `${NOVEMBER}&format=xml`, 'format'],
  ])('refuses /reports/%s?%s naming %s', async (name, query, field) => {
    const refused = await actorCall(plugin.app, 'get', `/reports/${name}?${query}`, MANAGER).expect(400);
    expect(refused.body.code).toBe('invalid_input');
    expect(refused.body.message.some((line: string) => line.startsWith(`${field}:`))).toBe(true);
  });

  it('covers up to 366 days', async () => {
    const year = await report('money', 'from=2025-12-01&to=2026-11-30');
    expect(sectionOf(year, 'by_day').rows).toHaveLength(365);
  });
});
