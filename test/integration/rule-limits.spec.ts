import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { createCustomer, MANAGER, WAITER } from '../support/factories.js';
import { actorCall, freshKey, postEvent, startPlugin, startSecondInstance, type TestPlugin } from '../support/plugin.js';

/**
 * The limits of sales rules as Talon.One and Voucherify have them — per rule, guest,
 * location and code, per day, week, month, year or in total, in redemptions or money, with a
 * partial reward when a money budget runs short — counted at each close, on every instance.
 */
describe.each(TEST_ENGINES)('limits of sales rules (%s)', (engine) => {
  let plugin: TestPlugin;
  let tabs = 0;
  const manage = (method: 'post' | 'get' | 'patch', path: string, body?: object) => actorCall(plugin.app, method, path, MANAGER, body, freshKey());
  const nextTab = () => `tab-limit-${engine}-${++tabs}`;
  /** A tab of one 100.00 line bringing the category. */
  const tab = (category: string, fields: Record<string, unknown> = {}) => ({
    categories: { tab: [category], division: [], table: [] },
    orders: [{ id: 'o-1', categories: [], items: [{ id: 'l-1', productId: 'p-1', quantity: 1, amount: 10_000, taxAmount: 0, categories: [] }] }],
    ...fields,
  });
  const evaluate = async (category: string, fields: Record<string, unknown> = {}, actor = WAITER) =>
    (await actorCall(plugin.app, 'post', '/terminal/evaluate', actor, { tab: tabEvent('guest_tab.updated', { tabId: nextTab(), tab: tab(category, fields) }).tab, language: 'en' }).expect(200)).body;
  const close = async (category: string, fields: Record<string, unknown> = {}, envelope: Record<string, unknown> = {}, app = plugin.app) =>
    (await postEvent(app, tabEvent('guest_tab.closed', { tabId: nextTab(), version: 3, ...envelope, tab: { ...tab(category, fields), status: 'closed', closedAt: (plugin.clock.current as Date).toISOString(), payments: [{ method: 'card', amount: 10_000 }] } })).expect(200)).body
      .effects as Record<string, unknown>[];
  const limitedRule = async (category: string, budget: object, percentBp = 1000) => {
    await manage('post', '/promotion-categories', { code: category, name: category }).expect(201);
    return (await manage('post', '/sales-rules', { categoryCode: category, name: `${category} offer`, effect: { kind: 'percent_off', percentBp }, budget }).expect(201)).body;
  };

  beforeAll(async () => {
    plugin = await startPlugin(engine, { timeZone: 'Europe/Stockholm' });
    plugin.clock.current = new Date('2026-11-23T12:00:00Z');
  });
  afterAll(() => plugin.close());

  it('gives a promotion to its first two tabs only, then says it has run out', async () => {
    const rule = await limitedRule('FIRST2', { limits: [{ per: 'rule', period: 'total', redemptions: 2 }] });
    expect(rule.budget).toEqual({ limits: [{ per: 'rule', period: 'total', redemptions: 2 }], partialReward: false });
    expect((await evaluate('FIRST2')).totals.discount).toBe(1000);
    await close('FIRST2');
    await close('FIRST2');
    const third = await evaluate('FIRST2');
    expect(third.totals.discount).toBe(0);
    expect(third.notApplied).toEqual([expect.objectContaining({ ruleId: rule.id, reason: 'limit_reached', per: 'rule', period: 'total', redemptions: 2, message: 'the offer has run out for good' })]);
  });

  it('gives a guest the offer once a day, and nothing to a tab without a guest', async () => {
    await limitedRule('DAILY', { limits: [{ per: 'guest', period: 'day', redemptions: 1 }] });
    const guest = await createCustomer(plugin.app);
    const theirs = { customer: { customerId: guest.id } };
    expect((await evaluate('DAILY', theirs)).totals.discount).toBe(1000);
    expect((await evaluate('DAILY', { customer: null })).notApplied[0]).toMatchObject({ reason: 'limit_reached', per: 'guest' });
    await close('DAILY', theirs);
    const again = await evaluate('DAILY', theirs);
    expect(again.totals.discount).toBe(0);
    expect(again.notApplied[0].message).toBe('the guest has had this offer as often as it allows today');
    expect((await evaluate('DAILY', { customer: { customerId: (await createCustomer(plugin.app)).id } })).totals.discount).toBe(1000);
    plugin.clock.current = new Date('2026-11-24T12:00:00Z');
    try {
      expect((await evaluate('DAILY', theirs)).totals.discount).toBe(1000);
    } finally {
      plugin.clock.current = new Date('2026-11-23T12:00:00Z');
    }
  });

  it('gives what is left of a money budget when the rule rewards partly, and nothing when it does not', async () => {
    await limitedRule('BUDGET', { limits: [{ per: 'rule', period: 'month', discount: 1500 }], partialReward: true });
    await limitedRule('STRICT', { limits: [{ per: 'rule', period: 'month', discount: 1500 }] });
    await close('BUDGET');
    await close('STRICT');
    const partly = await evaluate('BUDGET');
    expect(partly.totals.discount).toBe(500);
    expect(partly.lines[0].discounts).toEqual([expect.objectContaining({ amount: 500, categoryCode: 'BUDGET' })]);
    const strict = await evaluate('STRICT');
    expect(strict.totals.discount).toBe(0);
    expect(strict.notApplied[0]).toMatchObject({ reason: 'limit_reached', per: 'rule', period: 'month', discount: 1500, message: 'the offer has run out this month' });
    await close('BUDGET');
    expect((await evaluate('BUDGET')).totals.discount).toBe(0);
    plugin.clock.current = new Date('2026-12-01T12:00:00Z');
    try {
      expect((await evaluate('BUDGET')).totals.discount).toBe(1000);
    } finally {
      plugin.clock.current = new Date('2026-11-23T12:00:00Z');
    }
  });

  it('counts a limit per location apart, and a close sent twice once', async () => {
    await limitedRule('LOCAL', { limits: [{ per: 'location', period: 'week', redemptions: 1 }] });
    const event = tabEvent('guest_tab.closed', { tabId: nextTab(), version: 3, locationId: 'cafe-7', tab: { ...tab('LOCAL'), status: 'closed', closedAt: '2026-11-23T12:00:00Z', payments: [{ method: 'card', amount: 10_000 }] } });
    await postEvent(plugin.app, event).expect(200);
    await postEvent(plugin.app, { ...event, id: `${event.id}-again`, tab: { ...event.tab, version: 4 } }).expect(200);
    const cafe7 = { ...WAITER, locationId: 'cafe-7' };
    const cafe8 = { ...WAITER, locationId: 'cafe-8' };
    expect((await evaluate('LOCAL', {}, cafe7)).notApplied[0]).toMatchObject({ reason: 'limit_reached', per: 'location', period: 'week', message: 'the offer has run out here this week' });
    expect((await evaluate('LOCAL', {}, cafe8)).totals.discount).toBe(1000);
  });

  it('refuses limits on a rule that takes nothing off, and a limit without a number, naming the field', async () => {
    await manage('post', '/promotion-categories', { code: 'NOLIMIT', name: 'No limit' }).expect(201);
    const points = await manage('post', '/sales-rules', { categoryCode: 'NOLIMIT', effect: { kind: 'points_per_visit', accountType: 'points', points: 10 }, budget: { limits: [{ per: 'rule', period: 'day', redemptions: 5 }] } }).expect(400);
    expect(points.body.message).toEqual(['budget: a points_per_visit rule takes nothing off a tab, so it has no limits']);
    const empty = await manage('post', '/sales-rules', { categoryCode: 'NOLIMIT', effect: { kind: 'percent_off', percentBp: 500 }, budget: { limits: [{ per: 'rule', period: 'day' }] } }).expect(400);
    expect(JSON.stringify(empty.body.message)).toContain('budget.limits[0].redemptions');
    const bad = await manage('post', '/sales-rules', { categoryCode: 'NOLIMIT', effect: { kind: 'percent_off', percentBp: 500 }, budget: { limits: [{ per: 'table', period: 'day', redemptions: 1 }] } }).expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('budget.limits[0].per');
  });

  if (engine === 'mariadb') {
    it('keeps a cap of three across two instances closing eight pre-checked tabs at once', async () => {
      const second = await startSecondInstance(plugin, { timeZone: 'Europe/Stockholm' });
      try {
        await limitedRule('RACE3', { limits: [{ per: 'rule', period: 'day', redemptions: 3 }] });
        const guests = await Promise.all(Array.from({ length: 8 }, () => createCustomer(plugin.app)));
        const racing = guests.map((guest) => ({ tabId: nextTab(), customer: { customerId: guest.id } }));
        for (const { tabId, customer } of racing) {
          const prechecked = await postEvent(plugin.app, tabEvent('guest_tab.prechecked', { tabId, version: 2, tab: { ...tab('RACE3', { customer }), status: 'prechecked' } })).expect(200);
          expect(prechecked.body.effects).toContainEqual(expect.objectContaining({ kind: 'evaluation', discount: 1000 }));
        }
        const closed = await Promise.all(
          racing.map(({ tabId, customer }, i) =>
            postEvent(i % 2 === 0 ? plugin.app : second, tabEvent('guest_tab.closed', { tabId, version: 3, tab: { ...tab('RACE3', { customer }), status: 'closed', closedAt: '2026-11-23T12:00:00Z', payments: [{ method: 'card', amount: 10_000 }] } })),
          ),
        );
        expect(closed.map((answer) => answer.status)).toEqual(Array(8).fill(200));
        const nets = closed.map((answer) => (answer.body.effects as { kind: string; net?: number }[]).find((effect) => effect.kind === 'visit')!.net);
        expect(nets.sort()).toEqual([10_000, 10_000, 10_000, 10_000, 10_000, 9000, 9000, 9000].sort());
      } finally {
        await second.close();
      }
    });
  }
});
