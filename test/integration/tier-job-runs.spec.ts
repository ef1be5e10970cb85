import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { createCustomer, MANAGER } from '../support/factories.js';
import { actorCall, freshKey, postEvent, startPlugin, type TestPlugin } from '../support/plugin.js';

const DAY = 86_400_000;
const BLOCKED = 'tier changes are blocked for this test';

/**
 * The nightly tier run: the upgrades no close could make, and a run that fails half-way
 * (the database refuses to change a customer's tier) recorded as failed, having changed
 * nothing, so the next run makes every move as if the failed one had never happened.
 */
describe.each(TEST_ENGINES)('the nightly tier run (%s)', (engine) => {
  let plugin: TestPlugin;
  let dataSource: DataSource;
  let tabs = 0;
  const manage = (method: 'get' | 'post' | 'put', path: string, body?: object) => actorCall(plugin.app, method, path, MANAGER, body, freshKey());
  const runTiers = async () => (await manage('post', '/jobs/tiers/runs').expect(201)).body;
  const tierCodeOf = async (customerId: string) => {
    const tierId = (await manage('get', `/customers/${customerId}`).expect(200)).body.tierId as string | null;
    return ((await manage('get', '/tiers').expect(200)).body as { id: string; code: string }[]).find((tier) => tier.id === tierId)?.code ?? null;
  };
  const movesOf = async (customerId: string) =>
    ((await manage('get', `/customers/${customerId}/tier-moves`).expect(200)).body as Record<string, unknown>[]).map(({ fromTierCode, toTierCode, reason, metricValue, threshold, jobRunId, visitId }) => ({
      fromTierCode,
      toTierCode,
      reason,
      metricValue,
      threshold,
      byRun: jobRunId,
      byVisit: visitId !== null,
    }));

  /** A guest who closed one tab of `amount`. */
  async function guestWhoSpent(amount: number): Promise<string> {
    const guest = await createCustomer(plugin.app);
    tabs += 1;
    const event = tabEvent('guest_tab.closed', {
      tabId: `tab-night-${tabs}`,
      version: 2,
      tab: {
        status: 'closed',
        closedAt: plugin.clock.now().toISOString(),
        customer: { customerId: guest.id },
        categories: { tab: [], division: [], table: [] },
        orders: [{ id: 'o-1', categories: [], items: [{ id: 'l-1', productId: 'p-1', productGroupIds: [], tags: [], name: 'Banquet', quantity: 1, amount, taxAmount: 0, categories: [] }] }],
      },
    });
    await postEvent(plugin.app, event).expect(200);
    return guest.id;
  }

  /** The database itself refuses every change of a customer's tier, as a failing disk or a broken replica would. */
  async function blockTierChanges(): Promise<void> {
    if (engine === 'sqlite') {
      await dataSource.query(`CREATE TRIGGER rc_test_block_tiers BEFORE UPDATE OF tier_id ON rc_customers BEGIN SELECT RAISE(ABORT, '${BLOCKED}'); END`);
    } else {
      await dataSource.query(
        `CREATE TRIGGER rc_test_block_tiers BEFORE UPDATE ON rc_customers FOR EACH ROW BEGIN IF NOT (NEW.tier_id <=> OLD.tier_id) THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '${BLOCKED}'; END IF; END`,
      );
    }
  }
  const unblockTierChanges = () => dataSource.query('DROP TRIGGER rc_test_block_tiers');

  beforeAll(async () => {
    plugin = await startPlugin(engine, { timeZone: 'Europe/Stockholm' });
    plugin.clock.current = new Date('2026-11-22T12:00:00Z');
    dataSource = plugin.app.get(getDataSourceToken('regulars'));
    await manage('post', '/tiers', { code: 'SILVER', name: 'Silver', rank: 1, metric: 'spent', threshold: 50_000 }).expect(201);
  });
  afterAll(() => plugin.close());

  it('moves up at night a guest who reached a tier that opened after their close', async () => {
    const big = await guestWhoSpent(120_000);
    const modest = await guestWhoSpent(60_000);
    // The manager opens Gold in the afternoon: no close of theirs is left to take them in.
    await manage('post', '/tiers', { code: 'GOLD', name: 'Gold', rank: 2, metric: 'spent', threshold: 100_000 }).expect(201);
    expect([await tierCodeOf(big), await tierCodeOf(modest)]).toEqual(['SILVER', 'SILVER']);

    const run = await runTiers();
    expect(run).toMatchObject({ status: 'succeeded', error: null, rowsTouched: 1, outcome: { upgrades: 1, downgrades: 0 } });
    expect([await tierCodeOf(big), await tierCodeOf(modest)]).toEqual(['GOLD', 'SILVER']);
    expect(await movesOf(big)).toEqual([
      { fromTierCode: 'SILVER', toTierCode: 'GOLD', reason: 'threshold_reached', metricValue: 120_000, threshold: 100_000, byRun: run.id, byVisit: false },
      { fromTierCode: null, toTierCode: 'SILVER', reason: 'threshold_reached', metricValue: 120_000, threshold: 50_000, byRun: null, byVisit: true },
    ]);

    // The next night finds nothing left to do.
    plugin.clock.current = new Date(plugin.clock.current.getTime() + DAY);
    expect((await runTiers()).outcome).toMatchObject({ upgrades: 0, downgrades: 0 });
    expect(await movesOf(big)).toHaveLength(2);
  });

  it('records a run the database breaks as failed with its error, keeps none of its moves, and lets the next run make them all', async () => {
    await manage('put', '/tier-settings', { downgradePeriodDays: 30 }).expect(200);
    plugin.clock.current = new Date(plugin.clock.current.getTime() + 31 * DAY);
    const first = await guestWhoSpent(250_000);
    const second = await guestWhoSpent(250_000);
    const favoured = (await createCustomer(plugin.app)).id;
    await manage('put', `/customers/${favoured}/tier`, { tierCode: 'GOLD', note: 'Opening night guest' }).expect(200);
    await manage('post', '/tiers', { code: 'PLATINUM', name: 'Platinum', rank: 3, metric: 'spent', threshold: 200_000 }).expect(201);
    const checkedBefore = (await manage('get', '/tier-settings').expect(200)).body.lastDowngradeCheckAt;

    await blockTierChanges();
    let failed;
    try {
      failed = await runTiers();
    } finally {
      await unblockTierChanges();
    }
    expect(failed).toMatchObject({ status: 'failed', rowsTouched: 0, error: expect.stringContaining(BLOCKED), finishedAt: expect.any(String) });
    // Nothing of it stayed: no tier changed, no move recorded, the downgrade check not marked done.
    expect([await tierCodeOf(first), await tierCodeOf(second), await tierCodeOf(favoured)]).toEqual(['GOLD', 'GOLD', 'GOLD']);
    for (const guest of [first, second, favoured]) expect((await movesOf(guest)).filter((move) => move.byRun !== null)).toEqual([]);
    expect((await manage('get', '/tier-settings').expect(200)).body.lastDowngradeCheckAt).toBe(checkedBefore);
    expect((await manage('get', '/jobs/tiers/runs?limit=1').expect(200)).body).toEqual([failed]);
    expect(((await manage('get', '/jobs').expect(200)).body as { name: string; lastRun: unknown }[]).find((job) => job.name === 'tiers')!.lastRun).toEqual(failed);

    // The same night, run again by hand: it is not locked out, and does all the failed run meant to.
    const retried = await runTiers();
    expect(retried).toMatchObject({ status: 'succeeded', error: null, rowsTouched: 3, outcome: { upgrades: 2, downgrades: 1, downgradesChecked: 1 } });
    expect([await tierCodeOf(first), await tierCodeOf(second), await tierCodeOf(favoured)]).toEqual(['PLATINUM', 'PLATINUM', 'SILVER']);
    for (const guest of [first, second, favoured]) expect((await movesOf(guest)).filter((move) => move.byRun !== null).map((move) => move.byRun)).toEqual([retried.id]);
  });
});
