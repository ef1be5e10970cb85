import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { GuestTabHooks, type GuestTabEvent } from '../../src/index.js';
import type { EventResult } from '../../src/flows/guest-tab/event-result.js';
import { GuestTabsService } from '../../src/modules/guest-tabs/guest-tabs.service.js';
import { appliedKey, isStale, statusAfter, type AppliedTabState } from '../../src/modules/guest-tabs/tab-versioning.js';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { createCustomer } from '../support/factories.js';
import { startPlugin, TENANT, type TestPlugin } from '../support/plugin.js';
import { setUpRestaurant } from '../support/restaurant.js';

/**
 * An opened or updated tab without a guest is recorded in one upsert that weighs the
 * versions itself (GuestTabsService.recordIfNewer) instead of under the tab's lock: these
 * hold it to the same answers, the same tab record and the same exactly-once as the rest.
 */

/** The tab record as the plugin's rules say the events leave it. */
interface ModelTab extends AppliedTabState {
  locationId: string | null;
  closedAt: string | null;
  snapshotVersion: number;
}

type Event = GuestTabEvent & Record<string, unknown>;

/** A small deterministic generator, so a failing order can be run again. */
function randomFrom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** A tab's events from open to close or cancel, with updates at new and at repeated versions, some after the end. */
function lifeOfTab(tabId: string, random: () => number): Event[] {
  const location = () => (random() < 0.3 ? { locationId: undefined } : { locationId: random() < 0.5 ? 'cafe-7' : 'terrace' });
  const events: Event[] = [tabEvent('guest_tab.opened', { tabId, version: 1, ...location() })];
  let version = 1;
  for (let i = 0; i < 5; i++) {
    if (random() < 0.7) version += 1;
    events.push(tabEvent('guest_tab.updated', { tabId, version, ...location(), tab: { status: random() < 0.2 ? 'prechecked' : 'open', orders: [{ id: 'o-1', items: [{ id: `l-${i}`, productId: 'p', quantity: 1, amount: 100 * version, taxAmount: 0 }] }] } }));
  }
  version += 1;
  const end = random() < 0.7 ? 'closed' : 'cancelled';
  events.push(tabEvent(`guest_tab.${end}`, { tabId, version, tab: { status: end, closedAt: end === 'closed' ? '2026-11-22T19:00:00.000Z' : null } }));
  // A late update at the version of the end, and one the host sent after reopening the tab.
  events.push(tabEvent('guest_tab.updated', { tabId, version, tab: { status: 'open' } }));
  if (random() < 0.5) events.push(tabEvent('guest_tab.updated', { tabId, version: version + 1, locationId: undefined, tab: { status: 'open' } }));
  return events;
}

/** Neighbours swapped, events re-sent under their id and under a new one, as hosts deliver them. */
function deliveredAsHostsDo(events: Event[], random: () => number): Event[] {
  const delivered = [...events];
  for (let i = 0; i + 1 < delivered.length; i++) if (random() < 0.3) [delivered[i], delivered[i + 1]] = [delivered[i + 1], delivered[i]];
  for (let i = 0; i < 4; i++) {
    const original = delivered[Math.floor(random() * delivered.length)];
    const again = random() < 0.5 ? original : { ...original, id: `${original.id}-again-${i}` };
    delivered.splice(Math.floor(random() * delivered.length) + 1, 0, again);
  }
  return delivered;
}

/** What the contract answers to each delivery, in turn, and the record it leaves (CONTRACT.md section 3). */
function expected(delivered: Event[]): { answers: Pick<EventResult, 'status' | 'effects'>[]; tab: ModelTab | null } {
  let tab: ModelTab | null = null;
  const byId = new Map<string, EventResult['effects']>();
  const byKey = new Map<string, EventResult['effects']>();
  const answers = delivered.map((event) => {
    // A repeated id gets its first answer, whatever it was; a stale change is stale before
    // it could be the same change as one applied under another id.
    const sameId = byId.get(event.id);
    if (sameId) return { status: 'duplicate' as const, effects: sameId };
    if (tab && isStale(tab, event)) {
      byId.set(event.id, []);
      return { status: 'stale' as const, effects: [] };
    }
    const sameChange = byKey.get(appliedKey(event));
    if (sameChange) {
      byId.set(event.id, sameChange);
      return { status: 'duplicate' as const, effects: sameChange };
    }
    const status = statusAfter(event);
    tab = {
      version: event.tab.version,
      status,
      locationId: (event.locationId as string | undefined) ?? tab?.locationId ?? null,
      closedAt: status === 'closed' ? (event.tab.closedAt ?? event.occurredAt) : (tab?.closedAt ?? null),
      snapshotVersion: event.tab.version,
    };
    const effects = [{ kind: 'tab' as const, id: event.tab.id, version: tab.version, status }];
    byId.set(event.id, effects);
    byKey.set(appliedKey(event), effects);
    return { status: 'applied' as const, effects };
  });
  return { answers, tab };
}

describe.each(TEST_ENGINES)('the record of a tab without a guest, opened and updated (%s)', (engine) => {
  let plugin: TestPlugin;
  let hooks: GuestTabHooks;
  let dataSource: DataSource;

  beforeAll(async () => {
    plugin = await startPlugin(engine);
    plugin.clock.current = new Date('2026-11-22T20:00:00Z');
    await setUpRestaurant(plugin.app);
    hooks = plugin.app.get(GuestTabHooks);
    dataSource = plugin.app.get(getDataSourceToken('regulars'));
  }, 60_000);
  afterAll(() => plugin.close());

  const recorded = (tabId: string) => plugin.app.get(GuestTabsService).find(TENANT, tabId);
  /** The answer without the effects of a close beyond the tab's own. */
  const answerOf = (result: EventResult) => ({ status: result.status, effects: result.effects.slice(0, 1) });

  it('answers every delivery and keeps the record as the contract says, in any order, re-sent or not', async () => {
    const random = randomFrom(20);
    for (let t = 0; t < 30; t++) {
      const tabId = `tab-model-${t}`;
      const delivered = deliveredAsHostsDo(lifeOfTab(tabId, random), random);
      const answers: Pick<EventResult, 'status' | 'effects'>[] = [];
      for (const event of delivered) answers.push(answerOf(await hooks.handle(event)));
      const model = expected(delivered);
      expect({ tabId, answers }).toEqual({ tabId, answers: model.answers });
      const tab = await recorded(tabId);
      expect({ tabId, version: tab?.version, status: tab?.status, locationId: tab?.locationId, closedAt: tab?.closedAt?.toISOString() ?? null, snapshotVersion: tab?.snapshot?.version, customerId: tab?.customerId }).toEqual({
        tabId,
        version: model.tab!.version,
        status: model.tab!.status,
        locationId: model.tab!.locationId,
        closedAt: model.tab!.closedAt ? new Date(model.tab!.closedAt).toISOString() : null,
        snapshotVersion: model.tab!.snapshotVersion,
        customerId: null,
      });
    }
  }, 120_000);

  it('applies each change once when the deliveries of many tabs arrive together', async () => {
    const random = randomFrom(7);
    const lives = Array.from({ length: 12 }, (_, t) => lifeOfTab(`tab-rush-${t}`, random));
    const delivered = deliveredAsHostsDo(lives.flat(), random);
    const answers = await Promise.all(delivered.map((event) => hooks.handle(event)));
    expect(answers.every((answer) => ['applied', 'stale', 'duplicate'].includes(answer.status))).toBe(true);
    const ids = new Set(delivered.map((event) => event.id));
    const [{ n }] = await dataSource.query(`SELECT COUNT(*) AS n FROM rc_inbox WHERE tenant_id = ? AND tab_id LIKE 'tab-rush-%'`, [TENANT]);
    expect(Number(n)).toBe(ids.size);
    const twice = await dataSource.query(
      `SELECT applied_key FROM rc_inbox WHERE tenant_id = ? AND tab_id LIKE 'tab-rush-%' AND status = 'applied' GROUP BY applied_key HAVING COUNT(*) > 1`,
      [TENANT],
    );
    expect(twice).toEqual([]);
    // The newest change of each tab is applied whenever it arrives, so each ends as its newest event left it.
    for (const life of lives) {
      const newest = life.reduce((a, b) => (b.tab.version > a.tab.version || (b.tab.version === a.tab.version && b.type !== 'guest_tab.updated') ? b : a));
      expect(await recorded(newest.tab.id)).toMatchObject({ version: newest.tab.version, status: statusAfter(newest) });
    }
  }, 120_000);

  it('keeps the bill a split put the tab in, and what its close counted', async () => {
    await hooks.handle(tabEvent('guest_tab.opened', { tabId: 'tab-of-a-bill', version: 1 }));
    await dataSource.query('UPDATE rc_guest_tabs SET bill_id = ?, limits_counted = ? WHERE tenant_id = ? AND id = ?', ['bill-1', true, TENANT, 'tab-of-a-bill']);
    expect((await hooks.handle(tabEvent('guest_tab.updated', { tabId: 'tab-of-a-bill', version: 2, locationId: 'terrace' }))).status).toBe('applied');
    expect(await recorded('tab-of-a-bill')).toMatchObject({ version: 2, billId: 'bill-1', limitsCounted: true, locationId: 'terrace' });
  });

  it('ignores whatever comes for a tab merged into another', async () => {
    await hooks.handle(tabEvent('guest_tab.opened', { tabId: 'tab-merged-away', version: 1 }));
    await dataSource.query("UPDATE rc_guest_tabs SET status = 'merged' WHERE tenant_id = ? AND id = ?", [TENANT, 'tab-merged-away']);
    const late = await hooks.handle(tabEvent('guest_tab.updated', { tabId: 'tab-merged-away', version: 9 }));
    expect(late).toMatchObject({ status: 'stale', effects: [] });
    expect(await recorded('tab-merged-away')).toMatchObject({ version: 1, status: 'merged' });
  });

  it('detaches the guests a tab of several no longer names, though the update names no guest', async () => {
    const [anna, ben] = [await createCustomer(plugin.app), await createCustomer(plugin.app)];
    const guests = [
      { ref: 'seat-1', customerId: anna.id },
      { ref: 'seat-2', customerId: ben.id },
    ];
    const attached = await hooks.handle(tabEvent('guest_tab.customer_attached', { tabId: 'tab-left-by-guests', version: 1, tab: { guests } }));
    expect(attached.effects.filter((effect) => effect.kind === 'visit')).toHaveLength(2);
    const update = await hooks.handle(tabEvent('guest_tab.updated', { tabId: 'tab-left-by-guests', version: 2 }));
    expect(update.status).toBe('applied');
    const cancelled = update.effects.filter((effect) => effect.kind === 'visit' && effect.status === 'cancelled');
    expect(cancelled.map((effect) => (effect as unknown as { customerId: string }).customerId).sort()).toEqual([anna.id, ben.id].sort());
    expect(await recorded('tab-left-by-guests')).toMatchObject({ version: 2, customerId: null });
  });
});
