import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { MANAGER } from '../support/factories.js';
import { actorCall, freshKey, postEvent, startPlugin, type TestPlugin } from '../support/plugin.js';
import { balanceOf, enrolRegular, holdBonus, setUpRestaurant, TILL, visitsOf, type Regular } from '../support/restaurant.js';

const HOUR_START = Date.parse('2026-11-20T17:00:00Z');
const GUESTS = 10;
const TABS = 200;

/** Tab `i` of the hour: its guest, till, bill and bonus payment, the same on every run. */
function tabOf(i: number) {
  const closedAt = new Date(HOUR_START + Math.floor((i * 3_600_000) / TABS)).toISOString();
  const amount = 1000 + ((i * 379) % 5000);
  return { i, guest: i % GUESTS, till: `pos-${(i % 3) + 1}`, tabId: `tab-hour-${i}`, closedAt, amount, bonus: i % 4 === 0 ? 100 + ((i * 7) % 400) : 0 };
}

function closeEvent(tab: ReturnType<typeof tabOf>, customerId: string, payments: object[], extra: Record<string, unknown> = {}) {
  return tabEvent('guest_tab.closed', {
    id: `close-${tab.tabId}`,
    tabId: tab.tabId,
    version: 5,
    occurredAt: tab.closedAt,
    terminalId: tab.till,
    ...extra,
    tab: {
      status: 'closed',
      openedAt: new Date(Date.parse(tab.closedAt) - 40 * 60_000).toISOString(),
      closedAt: tab.closedAt,
      customer: { customerId },
      categories: { tab: [], division: [], table: [] },
      orders: [{ id: 'o-1', categories: [], items: [{ id: 'l-1', productId: 'p-1', quantity: 1, amount: tab.amount, taxAmount: 0, categories: [] }] }],
      payments,
    },
  });
}

/** A fixed shuffle, so a failure can be run again exactly. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe.each(TEST_ENGINES)('tills offline, replayed (%s)', (engine) => {
  let online: TestPlugin;
  let offline: TestPlugin;
  const onlineGuests: Regular[] = [];
  const offlineGuests: Regular[] = [];
  const manage = (plugin: TestPlugin, method: 'post' | 'put' | 'get' | 'patch', path: string, body?: object) => actorCall(plugin.app, method, path, MANAGER, body, freshKey());
  const standing = async (plugin: TestPlugin, guest: Regular) => ({
    points: (await balanceOf(plugin.app, guest.pointsAccountId)).total,
    bonus: (await balanceOf(plugin.app, guest.bonusAccountId)).total,
    visits: (await visitsOf(plugin.app, guest.id, '?limit=200')).map((visit) => [visit.tabId, visit.net, visit.discount]).sort(),
  });

  beforeAll(async () => {
    [online, offline] = await Promise.all([startPlugin(engine, { timeZone: 'Europe/Stockholm' }), startPlugin(engine, { timeZone: 'Europe/Stockholm' })]);
    for (const plugin of [online, offline]) {
      plugin.clock.current = new Date(HOUR_START - 3_600_000);
      await setUpRestaurant(plugin.app);
      await manage(plugin, 'put', '/settings', { offlineAllowance: 5000 }).expect(200);
    }
    for (let g = 0; g < GUESTS; g++) {
      onlineGuests.push(await enrolRegular(online.app, `71000000${g}`, 20_000));
      offlineGuests.push(await enrolRegular(offline.app, `71000000${g}`, 20_000));
    }
  }, 120_000);
  afterAll(() => Promise.all([online.close(), offline.close()]));

  it('ends an hour of 200 tabs on 3 tills, replayed shuffled and duplicated, exactly as the same tabs closed online', async () => {
    const tabs = Array.from({ length: TABS }, (_, i) => tabOf(i));
    for (const tab of tabs) {
      online.clock.current = new Date(tab.closedAt);
      const guest = onlineGuests[tab.guest];
      const payments: object[] = [{ method: 'card', amount: tab.amount - tab.bonus }];
      if (tab.bonus > 0) {
        const hold = (await holdBonus(online.app, { tabId: tab.tabId, accountId: guest.bonusAccountId, amount: tab.bonus, idempotencyKey: `${tab.tabId}:bonus` }).expect(201)).body;
        payments.push({ method: 'bonus', amount: tab.bonus, holdId: hold.holdId });
      }
      await postEvent(online.app, closeEvent(tab, guest.id, payments)).expect(200);
    }

    // The tills come back two hours later and send what they kept: each close once, some twice or three times, in any order, three at a time.
    offline.clock.current = new Date(HOUR_START + 3 * 3_600_000);
    const kept = tabs.flatMap((tab) => {
      const guest = offlineGuests[tab.guest];
      const payments: object[] = [{ method: 'card', amount: tab.amount - tab.bonus }];
      if (tab.bonus > 0) payments.push({ method: 'bonus', amount: tab.bonus, accountId: guest.bonusAccountId });
      const event = closeEvent(tab, guest.id, payments, { offline: true });
      return Array.from({ length: 1 + (tab.i % 3 === 0 ? 1 : 0) + (tab.i % 7 === 0 ? 1 : 0) }, () => event);
    });
    const replay = shuffled(kept, 20261203);
    for (let i = 0; i < replay.length; i += 3) {
      const answers = await Promise.all(replay.slice(i, i + 3).map((event) => postEvent(offline.app, event)));
      for (const answer of answers) expect(answer.status).toBe(200);
    }

    for (let g = 0; g < GUESTS; g++) {
      expect(await standing(offline, offlineGuests[g])).toEqual(await standing(online, onlineGuests[g]));
    }
    const risk = (await manage(offline, 'get', '/offline-risk?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z').expect(200)).body;
    expect(risk.locations).toEqual([{ locationId: 'cafe-7', offlineTabs: 50, spent: tabs.reduce((sum, tab) => sum + tab.bonus, 0), debt: 0, guestsInDebt: 0, owedNow: 0 }]);
  }, 300_000);

  it('records what a guest spent on two tills at once past their allowance as debt, loses none of it, and lets later credits pay it back', async () => {
    const guest = await enrolRegular(offline.app, '7200000001', 1500);
    const packGuest = async () =>
      ((await actorCall(offline.app, 'get', '/terminal/offline-pack', { ...TILL, locationId: 'cafe-7' }).expect(200)).body.guests as { customerId: string; accounts: { accountId: string; allowance: number }[] }[]).find(
        (candidate) => candidate.customerId === guest.id,
      )!;
    expect((await packGuest()).accounts.find((account) => account.accountId === guest.bonusAccountId)!.allowance).toBe(1500);

    // Both tills trusted the same allowance while offline.
    const spend = (n: number) => {
      const tab = { ...tabOf(n), guest: 0, tabId: `tab-both-${n}`, closedAt: '2026-11-21T12:00:00.000Z', amount: 4000, bonus: 1500 };
      const payments = [
        { method: 'bonus', amount: 1500, accountId: guest.bonusAccountId },
        { method: 'card', amount: 2500 },
      ];
      return closeEvent(tab, guest.id, payments, { offline: true, terminalId: `pos-${n}` });
    };
    offline.clock.current = new Date('2026-11-21T14:00:00Z');
    const answers = await Promise.all([postEvent(offline.app, spend(1)), postEvent(offline.app, spend(2))]);
    for (const answer of answers) expect(answer.status).toBe(200);
    const kinds = answers.flatMap((answer) => (answer.body.effects as { kind: string; entryKind?: string; amount?: number }[]).filter((effect) => effect.kind === 'ledger_entry' && effect.entryKind?.startsWith('offline')));
    expect(kinds.map((effect) => [effect.entryKind, effect.amount]).sort()).toEqual([
      ['offline_debt', -1500],
      ['offline_spend', -1500],
    ]);
    // Replayed again: nothing more moves.
    await postEvent(offline.app, spend(1)).expect(200);
    expect(await balanceOf(offline.app, guest.bonusAccountId)).toEqual({ total: -1500, held: 0, available: -1500 });

    const card = (await actorCall(offline.app, 'get', `/terminal/cards/${guest.id}`, TILL).expect(200)).body;
    expect(card.balances.find((balance: { accountId: string }) => balance.accountId === guest.bonusAccountId)).toMatchObject({ total: -1500, owed: 1500 });
    expect((await packGuest()).accounts.find((account) => account.accountId === guest.bonusAccountId)!.allowance).toBe(0);
    const report = async () => (await manage(offline, 'get', '/offline-risk?from=2026-11-21T00:00:00Z&to=2026-11-22T00:00:00Z').expect(200)).body.locations;
    expect(await report()).toEqual([{ locationId: 'cafe-7', offlineTabs: 2, spent: 3000, debt: 1500, guestsInDebt: 1, owedNow: 1500 }]);

    await manage(offline, 'post', `/accounts/${guest.bonusAccountId}/entries`, { kind: 'manual_credit', amount: 1000, reason: 'Paid at the counter' }).expect(201);
    expect((await balanceOf(offline.app, guest.bonusAccountId)).total).toBe(-500);
    expect((await report())[0].owedNow).toBe(500);
  });

  it('prices a replayed tab with the rules its till had, not the ones changed since', async () => {
    const guest = await enrolRegular(offline.app, '7200000002');
    offline.clock.current = new Date('2026-11-22T09:00:00Z');
    const rules = (await manage(offline, 'get', '/sales-rules').expect(200)).body as { id: string; effect: { kind: string } }[];
    const tenPercent = rules.find((rule) => rule.effect.kind === 'percent_off')!;
    // At 10:00 the till goes offline and closes a 50.00 tab at 10% off; at 11:00 the manager makes it 20%.
    offline.clock.current = new Date('2026-11-22T11:00:00Z');
    await manage(offline, 'patch', `/sales-rules/${tenPercent.id}`, { effect: { kind: 'percent_off', percentBp: 2000 } }).expect(200);
    offline.clock.current = new Date('2026-11-22T12:00:00Z');
    const tab = { ...tabOf(0), tabId: 'tab-before-change', closedAt: '2026-11-22T10:00:00.000Z', amount: 5000, bonus: 0 };
    await postEvent(offline.app, closeEvent(tab, guest.id, [{ method: 'card', amount: 4500 }], { offline: true })).expect(200);
    const [visit] = await visitsOf(offline.app, guest.id);
    expect(visit).toMatchObject({ tabId: 'tab-before-change', discount: 500, net: 4500 });
    // The same tab closed online now is priced by today's rule.
    const now = { ...tab, tabId: 'tab-after-change', closedAt: '2026-11-22T12:00:00.000Z' };
    await postEvent(offline.app, closeEvent(now, guest.id, [{ method: 'card', amount: 4000 }])).expect(200);
    expect((await visitsOf(offline.app, guest.id)).find((candidate) => candidate.tabId === 'tab-after-change')).toMatchObject({ discount: 1000 });
  });

  it('keeps what a guest spent offline when their card was blocked before the till came back', async () => {
    const guest = await enrolRegular(offline.app, '7200000003', 1000);
    const card = (await manage(offline, 'get', `/customers/${guest.id}/identifiers`).expect(200)).body.find((identifier: { value: string }) => identifier.value === '7200000003');
    const tab = { ...tabOf(2), tabId: 'tab-card-blocked', closedAt: '2026-11-22T14:00:00.000Z', amount: 2000, bonus: 600 };
    const event = closeEvent(tab, guest.id, [{ method: 'card', amount: 1400 }, { method: 'bonus', amount: 600, accountId: guest.bonusAccountId }], { offline: true });
    const presented = { ...event, tab: { ...event.tab, customer: { identifier: { type: 'barcode_card', value: '7200000003', entryMethod: 'scan' } } } };
    await manage(offline, 'patch', `/identifiers/${card.id}`, { status: 'blocked' }).expect(200);
    for (let i = 0; i < 2; i++) await postEvent(offline.app, presented).expect(200);
    expect(await balanceOf(offline.app, guest.bonusAccountId)).toMatchObject({ total: 400 });
  });

  it('refuses an account named online, or another guest’s account offline, naming the field and moving nothing', async () => {
    const [anna, boris] = [offlineGuests[0], offlineGuests[1]];
    const before = await balanceOf(offline.app, boris.bonusAccountId);
    const tab = { ...tabOf(1), tabId: 'tab-hostile', closedAt: '2026-11-22T13:00:00.000Z', amount: 3000, bonus: 500 };
    const online = await postEvent(offline.app, closeEvent(tab, anna.id, [{ method: 'bonus', amount: 500, accountId: anna.bonusAccountId }])).expect(400);
    expect(online.body.message).toEqual([expect.stringMatching(/^tab\.payments\[0\]\.accountId: /)]);
    const theirs = await postEvent(offline.app, closeEvent(tab, anna.id, [{ method: 'bonus', amount: 500, accountId: boris.bonusAccountId }], { id: 'close-hostile-2', offline: true }));
    expect(theirs.status).toBe(422);
    expect(await balanceOf(offline.app, boris.bonusAccountId)).toEqual(before);
    expect((await visitsOf(offline.app, anna.id)).some((visit) => visit.tabId === 'tab-hostile')).toBe(false);
  });
});
