import { TierJob } from '../../src/modules/tiers/tier-job.js';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { bindCard, createCustomer, MANAGER } from '../support/factories.js';
import { actorCall, freshKey, OTHER_TENANT, postEvent, startPlugin, TENANT, TEST_SECRETS, type ActorOverrides, type TestPlugin } from '../support/plugin.js';
import { balanceOf, barcode, enrolRegular, setUpRestaurant, TILL, type Regular } from '../support/restaurant.js';

const DAY = 86_400_000;
/** 500.00 and 1000.00 in minor units: the "5%" and "10%" groups. */
const FIVE_AT = 50_000;
const TEN_AT = 100_000;
/** "Now" for every test: each test that moves the clock gets it back afterwards. */
const NOON = new Date('2026-11-22T12:00:00Z');

describe.each(TEST_ENGINES)('tiers (%s)', (engine) => {
  let plugin: TestPlugin;
  let tabs = 0;
  let cards = 0;
  const tiers: Record<string, string> = {};
  const manage = (method: 'get' | 'post' | 'patch' | 'put', path: string, body?: object, actor: ActorOverrides = MANAGER) => actorCall(plugin.app, method, path, actor, body, freshKey());

  /** A closed tab of one line of `amount` for the customer; answers the event's effects. */
  async function spend(customerId: string, amount: number, tenantId?: string) {
    tabs += 1;
    const closedAt = plugin.clock.now().toISOString();
    const event = tabEvent('guest_tab.closed', {
      tabId: `tab-tier-${tabs}`,
      version: 2,
      ...(tenantId ? { tenantId } : {}),
      tab: {
        status: 'closed',
        closedAt,
        customer: { customerId },
        categories: { tab: [], division: [], table: [] },
        orders: [{ id: 'o-1', categories: [], items: [{ id: 'l-1', productId: 'p-1', productGroupIds: [], tags: [], name: 'Dinner', quantity: 1, amount, taxAmount: 0, categories: [] }] }],
      },
    });
    const secret = TEST_SECRETS[(tenantId ?? TENANT) as keyof typeof TEST_SECRETS];
    return (await postEvent(plugin.app, event, secret).expect(200)).body.effects as { kind: string; toTierId?: string; reason?: string }[];
  }
  const tierOf = async (customerId: string) => (await manage('get', `/customers/${customerId}`).expect(200)).body.tierId as string | null;
  const moveByHand = (customerId: string, tierCode: string | null) => manage('put', `/customers/${customerId}/tier`, { tierCode, note: 'Owner’s friend' }).expect(200);
  const runJob = async () => (await manage('post', '/jobs/tiers/runs').expect(201)).body;
  const withTier = async (code: string, change: object, story: () => Promise<void>) => {
    const before = (await manage('get', '/tiers').expect(200)).body.find((tier: { code: string }) => tier.code === code);
    await manage('patch', `/tiers/${tiers[code]}`, change).expect(200);
    try {
      await story();
    } finally {
      const { id: _id, code: _code, ...restore } = before;
      await manage('patch', `/tiers/${tiers[code]}`, restore).expect(200);
    }
  };

  beforeAll(async () => {
    plugin = await startPlugin(engine, { timeZone: 'Europe/Stockholm' });
    plugin.clock.current = NOON;
    await manage('post', '/promotion-categories', { code: 'FIVE_OFF', name: '5% off' }).expect(201);
    await manage('post', '/sales-rules', { categoryCode: 'FIVE_OFF', name: 'Five', effect: { kind: 'percent_off', percentBp: 500 } }).expect(201);
    for (const [code, rank, threshold, categories] of [['FIVE', 1, FIVE_AT, ['FIVE_OFF']], ['TEN', 2, TEN_AT, []]] as const) {
      tiers[code] = (await manage('post', '/tiers', { code, name: `${code} group`, rank, metric: 'spent', threshold, categories }).expect(201)).body.id;
    }
  });
  afterAll(() => plugin.close());
  afterEach(() => {
    plugin.clock.current = NOON;
  });

  it('moves a customer to 5% once their orders reach 500, and to 10% at 1000, at the close that gets them there', async () => {
    const guest = await createCustomer(plugin.app);
    expect(await spend(guest.id, 30_000)).not.toContainEqual(expect.objectContaining({ kind: 'tier_move' }));
    expect(await spend(guest.id, 20_000)).toContainEqual(expect.objectContaining({ kind: 'tier_move', toTierId: tiers.FIVE, reason: 'threshold_reached' }));
    expect(await tierOf(guest.id)).toBe(tiers.FIVE);

    await bindCard(plugin.app, guest.id, `TIER-${process.pid}-${++cards}`);
    const card = (await actorCall(plugin.app, 'post', '/terminal/identify', TILL, { identifier: { type: 'barcode_card', value: `TIER-${process.pid}-${cards}`, entryMethod: 'scan' } }).expect(200)).body;
    expect(card.tier).toEqual({ code: 'FIVE', name: 'FIVE group', since: plugin.clock.now().toISOString() });
    expect(card.nextTier).toEqual({ code: 'TEN', name: 'TEN group', metric: 'spent', threshold: TEN_AT, value: FIVE_AT, missing: TEN_AT - FIVE_AT });
    // The tier brings its category to the guest's tabs.
    expect(card.categories).toEqual(['FIVE_OFF']);

    // The next dinner is 5% off now: 60,000 comes to 57,000, which takes them past 1000.
    expect(await spend(guest.id, 60_000)).toContainEqual(expect.objectContaining({ kind: 'tier_move', toTierId: tiers.TEN }));
    const moves = (await manage('get', `/customers/${guest.id}/tier-moves`).expect(200)).body;
    expect(moves.map((m: { fromTierCode: string | null; toTierCode: string; reason: string; metricValue: number; threshold: number }) => [m.fromTierCode, m.toTierCode, m.reason, m.metricValue, m.threshold])).toEqual([
      ['FIVE', 'TEN', 'threshold_reached', 107_000, TEN_AT],
      [null, 'FIVE', 'threshold_reached', 50_000, FIVE_AT],
    ]);
    expect(moves[0].visitId).toMatch(/^v_/);
    // Nothing is left for the nightly job to do.
    expect((await runJob()).outcome).toMatchObject({ upgrades: 0, downgrades: 0 });
  });

  it('moves a customer put into 10% by hand with under 500 spent down to 5% at the next run', async () => {
    const guest = await createCustomer(plugin.app);
    await spend(guest.id, 12_000);
    const manual = (await moveByHand(guest.id, 'TEN')).body;
    expect(manual).toMatchObject({ fromTierCode: null, toTierCode: 'TEN', reason: 'manual', actorId: 'manager-1', note: 'Owner’s friend' });
    const run = await runJob();
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'api', outcome: expect.objectContaining({ downgrades: 1 }) });
    expect(await tierOf(guest.id)).toBe(tiers.FIVE);
    const [down] = (await manage('get', `/customers/${guest.id}/tier-moves`).expect(200)).body;
    expect(down).toMatchObject({ fromTierCode: 'TEN', toTierCode: 'FIVE', reason: 'downgrade', metric: 'spent', metricValue: 12_000, threshold: TEN_AT, jobRunId: run.id });
    // A second run tonight changes nothing.
    expect((await runJob()).outcome).toMatchObject({ upgrades: 0, downgrades: 0 });
  });

  it('keeps a customer put into 10% by hand there when 10% never downgrades', async () => {
    await withTier('TEN', { neverDowngrade: true }, async () => {
      const guest = await createCustomer(plugin.app);
      await spend(guest.id, 12_000);
      await moveByHand(guest.id, 'TEN');
      await runJob();
      expect(await tierOf(guest.id)).toBe(tiers.TEN);
    });
  });

  it('moves a customer put into 10% by hand to a lower tier with a smaller threshold they reach', async () => {
    const two = (await manage('post', '/tiers', { code: 'TWO', name: 'TWO group', rank: 0, metric: 'spent', threshold: 10_000, autoEnter: false }).expect(201)).body;
    try {
      const guest = await createCustomer(plugin.app);
      await spend(guest.id, 12_000);
      await moveByHand(guest.id, 'TEN');
      await runJob();
      expect(await tierOf(guest.id)).toBe(two.id);
    } finally {
      await manage('patch', `/tiers/${two.id}`, { active: false }).expect(200);
    }
  });

  it('leaves a customer in 5% after they reach 1000 when 10% does not take customers in by itself', async () => {
    await withTier('TEN', { autoEnter: false }, async () => {
      const guest = await createCustomer(plugin.app);
      await spend(guest.id, 60_000);
      expect(await spend(guest.id, 60_000)).not.toContainEqual(expect.objectContaining({ kind: 'tier_move' }));
      await runJob();
      expect(await tierOf(guest.id)).toBe(tiers.FIVE);
    });
  });

  it('moves customers down only once per downgrade period, and to the named tier', async () => {
    await manage('put', '/tier-settings', { downgradePeriodDays: 30, downgradeTargetTierCode: 'FIVE' }).expect(200);
    // Earlier runs checked downgrades today; the period starts from the last check.
    plugin.clock.current = new Date(plugin.clock.current.getTime() + 30 * DAY);
    try {
      const guest = await createCustomer(plugin.app);
      await moveByHand(guest.id, 'TEN');
      await runJob();
      expect(await tierOf(guest.id)).toBe(tiers.FIVE);
      await moveByHand(guest.id, 'TEN');
      plugin.clock.current = new Date(plugin.clock.current.getTime() + 10 * DAY);
      expect((await runJob()).outcome).toMatchObject({ downgradesChecked: 0, downgrades: 0 });
      expect(await tierOf(guest.id)).toBe(tiers.TEN);
      plugin.clock.current = new Date(plugin.clock.current.getTime() + 20 * DAY);
      expect((await runJob()).outcome).toMatchObject({ downgradesChecked: 1, downgrades: 1 });
      expect(await tierOf(guest.id)).toBe(tiers.FIVE);
      expect((await manage('get', '/tier-settings').expect(200)).body).toMatchObject({ downgradePeriodDays: 30, downgradeTargetTierCode: 'FIVE', lastDowngradeCheckAt: plugin.clock.now().toISOString() });
    } finally {
      await manage('put', '/tier-settings', { downgradePeriodDays: 0, downgradeTargetTierCode: null }).expect(200);
    }
  });

  it('moves nobody down while downgrades are off', async () => {
    await manage('put', '/tier-settings', { downgradeEnabled: false }).expect(200);
    try {
      const guest = await createCustomer(plugin.app);
      await spend(guest.id, 12_000);
      await moveByHand(guest.id, 'TEN');
      expect((await runJob()).outcome).toMatchObject({ downgradesChecked: 0, downgrades: 0 });
      expect(await tierOf(guest.id)).toBe(tiers.TEN);
      expect((await manage('get', `/customers/${guest.id}/tier-moves`).expect(200)).body.map((m: { reason: string }) => m.reason)).toEqual(['manual']);
    } finally {
      await manage('put', '/tier-settings', { downgradeEnabled: true }).expect(200);
    }
  });

  it('moves a customer once a night by the move’s own key, whatever runs and however often', async () => {
    const guest = await createCustomer(plugin.app);
    await spend(guest.id, 12_000);
    await moveByHand(guest.id, 'TEN');
    // The job's work called twice at once for the same run, past the lease that normally keeps it to one.
    const job = plugin.app.get(TierJob);
    const context = { tenantId: TENANT, runId: 'jr_CALLEDTWICE', now: plugin.clock.now(), progress: async () => undefined };
    await Promise.all([job.run(context), job.run(context)]);
    expect(await tierOf(guest.id)).toBe(tiers.FIVE);
    expect((await manage('get', `/customers/${guest.id}/tier-moves`).expect(200)).body.map((m: { reason: string }) => m.reason)).toEqual(['downgrade', 'manual']);

    // The manager puts the guest back the same night: a second run started by hand leaves them there.
    await moveByHand(guest.id, 'TEN');
    expect((await runJob()).outcome).toMatchObject({ downgradesChecked: 1 });
    expect(await tierOf(guest.id)).toBe(tiers.TEN);

    plugin.clock.current = new Date(plugin.clock.current.getTime() + DAY);
    await runJob();
    expect(await tierOf(guest.id)).toBe(tiers.FIVE);
    const moves = (await manage('get', `/customers/${guest.id}/tier-moves`).expect(200)).body;
    expect(moves.map((m: { reason: string; toTierCode: string }) => [m.reason, m.toTierCode])).toEqual([
      ['downgrade', 'FIVE'],
      ['manual', 'TEN'],
      ['downgrade', 'FIVE'],
      ['manual', 'TEN'],
    ]);
    expect(moves[2].jobRunId).toBe('jr_CALLEDTWICE');
  });

  it('takes a customer out of their tier when their membership ends', async () => {
    const guest = await createCustomer(plugin.app);
    await spend(guest.id, 60_000);
    await manage('post', `/customers/${guest.id}/terminate`, { reason: 'Moved away' }).expect(200);
    expect(await tierOf(guest.id)).toBeNull();
    const [move] = (await manage('get', `/customers/${guest.id}/tier-moves`).expect(200)).body;
    expect(move).toMatchObject({ fromTierCode: 'FIVE', toTierCode: null, reason: 'terminated' });
    expect((await manage('put', `/customers/${guest.id}/tier`, { tierCode: 'FIVE' }).expect(423)).body.code).toBe('customer_terminated');
  });

  it('counts only the window a tier looks at', async () => {
    const other: ActorOverrides = { ...MANAGER, tenantId: OTHER_TENANT };
    await manage('post', '/tiers', { code: 'REGULAR', name: 'Came 3 times this month', rank: 1, metric: 'visits', threshold: 3, windowDays: 30 }, other).expect(201);
    const guest = (await actorCall(plugin.app, 'post', '/customers', other, { kind: 'individual', firstName: 'Window', lastName: 'Guest' }).expect(201)).body;
    // Two visits over two months ago, and one three weeks ago: each close counts its own last 30 days.
    for (const daysAgo of [70, 65, 20]) {
      plugin.clock.current = new Date(NOON.getTime() - daysAgo * DAY);
      await spend(guest.id, 1000, OTHER_TENANT);
    }
    plugin.clock.current = NOON;
    // Three weeks ago and today: two in the window, although four in all.
    expect(await spend(guest.id, 1000, OTHER_TENANT)).not.toContainEqual(expect.objectContaining({ kind: 'tier_move' }));
    expect(await spend(guest.id, 1000, OTHER_TENANT)).toContainEqual(expect.objectContaining({ kind: 'tier_move', reason: 'threshold_reached' }));
  });

  it('refuses bad tiers and moves with the field and the reason', async () => {
    expect((await manage('post', '/tiers', { code: 'FIVE', name: 'Again', rank: 9, metric: 'spent', threshold: 1 }).expect(409)).body.code).toBe('tier_exists');
    expect((await manage('post', '/tiers', { code: 'NEW', name: 'Same rank', rank: 1, metric: 'spent', threshold: 1 }).expect(409)).body.code).toBe('tier_exists');
    expect((await manage('post', '/tiers', { code: 'X', name: 'X', rank: 5, metric: 'minutes', threshold: 1 }).expect(400)).body).toMatchObject({ code: 'invalid_input', message: [expect.stringContaining('metric: must be one of')] });
    expect((await manage('post', '/tiers', { code: 'X', name: 'X', rank: 5, metric: 'spent', threshold: 1.5 }).expect(400)).body).toMatchObject({ code: 'invalid_input', message: [expect.stringContaining('threshold')] });
    expect((await manage('post', '/tiers', { code: 'X', name: 'X', rank: 5, metric: 'spent', threshold: 1, categories: ['NOPE'] }).expect(422)).body).toMatchObject({ code: 'unknown_category', message: 'categories: there is no category NOPE' });
    const guest = await createCustomer(plugin.app);
    expect((await manage('put', `/customers/${guest.id}/tier`, { tierCode: 'GOLDEN' }).expect(422)).body.code).toBe('unknown_tier');
    expect((await manage('put', '/customers/c_NOBODY/tier', { tierCode: 'FIVE' }).expect(404)).body.code).toBe('not_found');
    expect((await actorCall(plugin.app, 'put', `/customers/${guest.id}/tier`, TILL, { tierCode: 'FIVE' }).expect(403)).body.code).toBe('forbidden');
    expect(await tierOf(guest.id)).toBeNull();
  });
});

describe.each(TEST_ENGINES)('a tier on points (%s)', (engine) => {
  let plugin: TestPlugin;
  const tiers: Record<string, string> = {};
  const manage = (method: 'get' | 'post' | 'put', path: string, body?: object) => actorCall(plugin.app, method, path, MANAGER, body, freshKey());
  /** One dinner line of 150.00: 135.00 after the regulars' 10%, which earns 1,350 points. */
  const dinner = (guest: Regular) => ({
    status: 'closed',
    closedAt: plugin.clock.now().toISOString(),
    customer: barcode(guest.card),
    categories: { tab: [], division: [], table: [] },
    orders: [{ id: 'o-1', categories: [], items: [{ id: 'l-1', productId: 'p-1', productGroupIds: [], tags: [], name: 'Tasting menu', quantity: 1, amount: 15_000, taxAmount: 0, categories: [] }] }],
    payments: [{ method: 'card', amount: 13_500 }],
  });
  const close = async (tabId: string, guest: Regular) =>
    (await postEvent(plugin.app, tabEvent('guest_tab.closed', { tabId, version: 2, tab: dinner(guest) })).expect(200)).body.effects as { kind: string; toTierId?: string }[];
  const tierOf = async (customerId: string) => (await manage('get', `/customers/${customerId}`).expect(200)).body.tierId as string | null;

  beforeAll(async () => {
    plugin = await startPlugin(engine, { timeZone: 'Europe/Stockholm' });
    plugin.clock.current = NOON;
    await setUpRestaurant(plugin.app);
    tiers.FRIENDS = (await manage('post', '/tiers', { code: 'FRIENDS', name: 'Friends', rank: 0, metric: 'points', threshold: 0 }).expect(201)).body.id;
    tiers.CLUB = (await manage('post', '/tiers', { code: 'CLUB', name: 'Club', rank: 1, metric: 'points', threshold: 2_000 }).expect(201)).body.id;
  });
  afterAll(() => plugin.close());

  it('takes a guest into the club at the close that earns the points, and back out at the run after a refund takes them back', async () => {
    const guest = await enrolRegular(plugin.app, `POINTS-${process.pid}`);
    expect(await close('tab-points-1', guest)).toContainEqual(expect.objectContaining({ kind: 'tier_move', toTierId: tiers.FRIENDS }));
    const card = (await actorCall(plugin.app, 'post', '/terminal/identify', TILL, barcode(guest.card)).expect(200)).body;
    expect(card.nextTier).toEqual({ code: 'CLUB', name: 'Club', metric: 'points', threshold: 2_000, value: 1_350, missing: 650 });

    expect(await close('tab-points-2', guest)).toContainEqual(expect.objectContaining({ kind: 'tier_move', toTierId: tiers.CLUB }));
    expect(await balanceOf(plugin.app, guest.pointsAccountId)).toMatchObject({ total: 2_700 });

    const refund = tabEvent('guest_tab.refunded', { tabId: 'tab-points-2', version: 3, tab: dinner(guest), refundedItems: [{ itemId: 'l-1', quantity: 1, amount: 13_500 }] });
    const refunded = (await postEvent(plugin.app, refund).expect(200)).body.effects;
    // A refund never moves anyone at once: downgrades wait for the job.
    expect(refunded).not.toContainEqual(expect.objectContaining({ kind: 'tier_move' }));
    expect(await balanceOf(plugin.app, guest.pointsAccountId)).toMatchObject({ total: 1_350 });
    expect(await tierOf(guest.id)).toBe(tiers.CLUB);

    expect((await manage('post', '/jobs/tiers/runs').expect(201)).body.outcome).toMatchObject({ upgrades: 0, downgrades: 1 });
    expect(await tierOf(guest.id)).toBe(tiers.FRIENDS);
    const moves = (await manage('get', `/customers/${guest.id}/tier-moves`).expect(200)).body;
    expect(moves.map((m: { fromTierCode: string | null; toTierCode: string; reason: string; metric: string; metricValue: number; threshold: number }) => [m.fromTierCode, m.toTierCode, m.reason, m.metric, m.metricValue, m.threshold])).toEqual([
      ['CLUB', 'FRIENDS', 'downgrade', 'points', 1_350, 2_000],
      ['FRIENDS', 'CLUB', 'threshold_reached', 'points', 2_700, 2_000],
      [null, 'FRIENDS', 'threshold_reached', 'points', 1_350, 0],
    ]);
  });
});
