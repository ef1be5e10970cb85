import fc from 'fast-check';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { postEvent, startPlugin, type TestPlugin } from '../support/plugin.js';
import { balanceOf, enrolRegular, setUpRestaurant, visitsOf } from '../support/restaurant.js';

/** What a bill's story does to its tabs, drawn as numbers and read against the tabs open at that step. */
type Step = { kind: 'split'; tab: number; pick: number[] } | { kind: 'merge'; from: number; into: number };
/** A refund of some lines of a closed tab, by index into its lines. */
type Refund = { tab: number; pick: number[] };

interface Line {
  id: string;
  amount: number;
}

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('split' as const), tab: fc.nat(), pick: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('merge' as const), from: fc.nat(), into: fc.nat() }),
);

/**
 * The events a host sends for one bill: opened with every line, the steps' splits and merges
 * (each tab's versions growing), every tab left closed, then the refunds of some of their
 * lines; and the lines refunded.
 */
function story(prefix: string, customerId: string, lines: Line[], steps: Step[], refunds: Refund[]) {
  const tabs = new Map<string, { version: number; lines: Line[] }>([[`${prefix}-0`, { version: 1, lines }]]);
  let made = 1;
  const snapshot = (id: string, status = 'open') => {
    const tab = tabs.get(id)!;
    const items = tab.lines.map((line) => ({ id: line.id, productId: `p-${line.id}`, quantity: 1, amount: line.amount, taxAmount: 0 }));
    return tabEvent('guest_tab.updated', { tabId: id, version: tab.version, tab: { status, customer: { customerId }, orders: [{ id: 'o-1', categories: [], items }] } }).tab as unknown as Record<string, unknown>;
  };
  const envelope = (type: Parameters<typeof tabEvent>[0], id: string, status?: string, extra: Record<string, unknown> = {}) =>
    tabEvent(type, { id: `${prefix}:${type}:${id}:${tabs.get(id)!.version}`, tabId: id, version: tabs.get(id)!.version, tab: snapshot(id, status), ...extra });
  const events: object[] = [envelope('guest_tab.opened', `${prefix}-0`)];
  for (const drawn of steps) {
    const open = [...tabs.keys()];
    if (drawn.kind === 'split') {
      const id = open[drawn.tab % open.length];
      const source = tabs.get(id)!;
      const moving = new Set(drawn.pick.map((i) => source.lines[i % source.lines.length].id));
      if (moving.size === source.lines.length) continue;
      const part = `${prefix}-${made++}`;
      tabs.set(part, { version: 1, lines: source.lines.filter((line) => moving.has(line.id)) });
      source.lines = source.lines.filter((line) => !moving.has(line.id));
      source.version += 1;
      events.push(envelope('guest_tab.split', id, 'open', { parts: [snapshot(part)] }));
    } else {
      if (open.length < 2) continue;
      const from = open[drawn.from % open.length];
      const into = open.filter((candidate) => candidate !== from)[drawn.into % (open.length - 1)];
      const target = tabs.get(into)!;
      target.lines = [...target.lines, ...tabs.get(from)!.lines];
      target.version += 1;
      tabs.delete(from);
      events.push(envelope('guest_tab.merged', into, 'open', { mergedTabIds: [from] }));
    }
  }
  const closed = [...tabs.keys()];
  for (const id of closed) {
    tabs.get(id)!.version += 1;
    events.push(envelope('guest_tab.closed', id, 'closed', { tab: { ...snapshot(id, 'closed'), closedAt: '2026-11-22T19:00:00Z' } }));
  }
  const refunded: Line[] = [];
  for (const drawn of refunds) {
    const id = closed[drawn.tab % closed.length];
    const tab = tabs.get(id)!;
    const back = [...new Set(drawn.pick.map((i) => tab.lines[i % tab.lines.length]))].filter((line) => !refunded.includes(line));
    if (back.length === 0) continue;
    refunded.push(...back);
    tab.version += 1;
    // What the guest paid for each line: 10% off its price.
    const refundedItems = back.map((line) => ({ itemId: line.id, quantity: 1, amount: (line.amount * 9) / 10 }));
    events.push(envelope('guest_tab.refunded', id, 'closed', { tab: { ...snapshot(id, 'closed'), closedAt: '2026-11-22T19:00:00Z' }, refundedItems }));
  }
  return { events, refunded };
}

/** Each event once or more, in an order of the draw's. */
function delivered<T>(events: T[], copies: number[], order: number[]): T[] {
  const sent = events.flatMap((event, i) => Array.from({ length: 1 + (copies[i % copies.length] ?? 0) }, () => event));
  return sent.map((event, i) => ({ event, key: order[i % order.length] ?? 0, i })).sort((a, b) => a.key - b.key || a.i - b.i).map(({ event }) => event);
}

describe.each(TEST_ENGINES)('a bill split, merged, closed and refunded in any order (%s)', (engine) => {
  let plugin: TestPlugin;
  beforeAll(async () => {
    plugin = await startPlugin(engine);
    plugin.clock.current = new Date('2026-11-22T20:00:00Z');
    await setUpRestaurant(plugin.app);
  }, 60_000);
  afterAll(() => plugin.close());

  it('ends with the same balances as the same bill closed as one', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        // Prices in whole euros: 10% off and 10% of that in points are exact on any part of the bill, so only counting can differ.
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 2, maxLength: 6 }),
        fc.array(step, { maxLength: 5 }),
        fc.array(fc.record({ tab: fc.nat(), pick: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }) }), { maxLength: 2 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        async (euros, steps, refunds, copies, order) => {
          run += 1;
          const prefix = `bill-${engine}-${run}`;
          const lines = euros.map((amount, i) => ({ id: `l${i}`, amount: amount * 100 }));
          const split = await enrolRegular(plugin.app, `83${run}00001`);
          const whole = await enrolRegular(plugin.app, `83${run}00002`);

          const { events, refunded } = story(prefix, split.id, lines, steps, refunds);
          // Three at a time, as three tills and a retrying host would send them.
          const sent = delivered(events, copies, order);
          for (let i = 0; i < sent.length; i += 3) {
            for (const answer of await Promise.all(sent.slice(i, i + 3).map((event) => postEvent(plugin.app, event)))) {
              if (answer.status !== 200) throw new Error(`${answer.status}: ${JSON.stringify(answer.body)}`);
            }
          }

          const one = story(`${prefix}-one`, whole.id, lines, [], []);
          for (const event of one.events) await postEvent(plugin.app, event).expect(200);
          if (refunded.length > 0) {
            const refundedItems = refunded.map((line) => ({ itemId: line.id, quantity: 1, amount: (line.amount * 9) / 10 }));
            const snapshot = (one.events.at(-1) as { tab: Record<string, unknown> }).tab;
            await postEvent(plugin.app, tabEvent('guest_tab.refunded', { tabId: `${prefix}-one-0`, version: 3, tab: snapshot, refundedItems })).expect(200);
          }

          expect((await balanceOf(plugin.app, split.pointsAccountId)).total).toBe((await balanceOf(plugin.app, whole.pointsAccountId)).total);
          const spent = async (customerId: string) => (await visitsOf(plugin.app, customerId)).reduce((sum, visit) => sum + (visit.net as number) - (visit.refunded as number), 0);
          expect(await spent(split.id)).toBe(await spent(whole.id));
        },
      ),
      { numRuns: engine === 'sqlite' ? 24 : 10 },
    );
  }, 240_000);
});
