import { jest } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import mysql from 'mysql2/promise';
import request from 'supertest';
import { Inbox } from '../../src/flows/guest-tab/inbox/inbox.service.js';
import { GuestTabsService } from '../../src/modules/guest-tabs/guest-tabs.service.js';
import { GuestTabHooks, signRequest } from '../../src/index.js';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { bindCard, card, createCustomer, MANAGER } from '../support/factories.js';
import { sessionsRunning, waitToSee } from '../support/lock-waits.js';
import { actorCall, postEvent, startPlugin, TENANT, TEST_SECRETS, type TestPlugin } from '../support/plugin.js';

/** How many events have reached the dispatcher, and how many hold their tab's lock at once. */
interface Holds {
  arrived: number;
  holding: number;
  most: number;
}

describe.each(TEST_ENGINES)('host events over signed HTTP (%s)', (engine) => {
  let plugin: TestPlugin;
  let dataSource: DataSource;

  beforeAll(async () => {
    plugin = await startPlugin(engine);
    dataSource = plugin.app.get(getDataSourceToken('regulars'));
  });
  afterAll(() => plugin.close());

  const inboxRows = async (eventId: string) =>
    (await dataSource.query('SELECT status FROM rc_inbox WHERE tenant_id = ? AND event_id = ?', [TENANT, eventId])) as { status: string }[];

  /**
   * Counts the events that hold their tab: from the moment the tab's lock is granted (by its
   * read, or by the write of an opened or updated tab recorded without one) to the moment
   * the event is recorded in the inbox, the last step before its commit. The first event to
   * hold its tab keeps holding it until `firstHolderSees` is true, so that the others arrive
   * meanwhile and either join it or wait.
   */
  async function watchingTabHolds<T>(firstHolderSees: (holds: Holds) => Promise<boolean>, work: () => Promise<T>): Promise<{ result: T; holds: Holds }> {
    const hooks = plugin.app.get(GuestTabHooks);
    const tabs = plugin.app.get(GuestTabsService);
    const inbox = plugin.app.get(Inbox);
    const [handle, lock, recordIfNewer, record] = [hooks.handle.bind(hooks), tabs.lock.bind(tabs), tabs.recordIfNewer.bind(tabs), inbox.record.bind(inbox)];
    const holds: Holds = { arrived: 0, holding: 0, most: 0 };
    let first = true;
    const holdsTab = async () => {
      holds.holding += 1;
      holds.most = Math.max(holds.most, holds.holding);
      if (first) {
        first = false;
        await waitToSee('the other events while the first held its tab', () => firstHolderSees(holds));
      }
    };
    const spies = [
      jest.spyOn(hooks, 'handle').mockImplementation((event) => {
        holds.arrived += 1;
        return handle(event);
      }),
      jest.spyOn(tabs, 'lock').mockImplementation(async (tenantId, tabId) => {
        const tab = await lock(tenantId, tabId);
        await holdsTab();
        return tab;
      }),
      // Undecided, the event goes on to the lock above, which counts it.
      jest.spyOn(tabs, 'recordIfNewer').mockImplementation(async (event) => {
        const recorded = await recordIfNewer(event);
        if (recorded.change !== 'undecided') await holdsTab();
        return recorded;
      }),
      jest.spyOn(inbox, 'record').mockImplementation(async (...args) => {
        await record(...args);
        holds.holding -= 1;
      }),
    ];
    try {
      return { result: await work(), holds };
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  }

  it('applies an opened tab and records it', async () => {
    const event = tabEvent('guest_tab.opened', { tabId: 'tab-open-1' });
    const response = await postEvent(plugin.app, event).expect(200);
    expect(response.body).toEqual({
      eventId: event.id,
      status: 'applied',
      effects: [{ kind: 'tab', id: 'tab-open-1', version: 1, status: 'open' }],
    });
    const record = await actorCall(plugin.app, 'get', '/guest-tabs/tab-open-1', { permissions: ['visits.read'] }).expect(200);
    expect(record.body.tab).toMatchObject({ id: 'tab-open-1', version: 1, status: 'open', locationId: 'cafe-7' });
    expect(record.body.events).toEqual([expect.objectContaining({ eventId: event.id, status: 'applied', type: 'guest_tab.opened' })]);
  });

  it('answers a repeated event id as a duplicate with the first result, changing nothing', async () => {
    const event = tabEvent('guest_tab.opened', { tabId: 'tab-dup-1' });
    const first = await postEvent(plugin.app, event).expect(200);
    const again = await postEvent(plugin.app, { ...event, tab: { ...(event.tab as object), version: 9 } }).expect(200);
    expect(again.body).toEqual({ ...first.body, status: 'duplicate' });
    expect(await inboxRows(event.id as string)).toEqual([{ status: 'applied' }]);
  });

  it('answers a repeated attach with the customer card the first answer carried, until the guest is erased', async () => {
    const guest = await createCustomer(plugin.app, { firstName: 'Repeat', lastName: 'Visitor' });
    await bindCard(plugin.app, guest.id, `REPEAT-${process.pid}`);
    const attach = tabEvent('guest_tab.customer_attached', { tabId: 'tab-dup-card', tab: { customer: card(`REPEAT-${process.pid}`) } });
    const first = await postEvent(plugin.app, attach).expect(200);
    expect(first.body.card).toMatchObject({ id: guest.id, displayName: 'Repeat Visitor', greeting: 'Welcome, Repeat!' });

    const again = await postEvent(plugin.app, attach).expect(200);
    expect(again.body).toEqual({ ...first.body, status: 'duplicate' });
    const resent = { ...attach, id: `${attach.id}-resent` };
    expect((await postEvent(plugin.app, resent).expect(200)).body).toEqual({ ...first.body, eventId: resent.id, status: 'duplicate' });

    // The kept cards are personal data: erasure takes them out of the inbox too.
    await actorCall(plugin.app, 'post', `/customers/${guest.id}/erase`, MANAGER).expect(200);
    const afterErasure = await postEvent(plugin.app, attach).expect(200);
    expect(afterErasure.body).toEqual({ eventId: attach.id, status: 'duplicate', effects: first.body.effects });
    const kept = await dataSource.query('SELECT card FROM rc_inbox WHERE tenant_id = ? AND tab_id = ?', [TENANT, 'tab-dup-card']);
    expect(kept).toEqual([{ card: null }, { card: null }]);
  });

  it('applies one of the same signed event posted twice at once, and answers the other as a duplicate', async () => {
    const event = tabEvent('guest_tab.opened', { tabId: 'tab-race-1' });
    const answers = await Promise.all([postEvent(plugin.app, event), postEvent(plugin.app, event)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers.map((a) => a.body.status).sort()).toEqual(['applied', 'duplicate']);
    expect(answers[0].body.effects).toEqual(answers[1].body.effects);
    expect(await inboxRows(event.id as string)).toHaveLength(1);
  });

  it('applies a retry storm of one event exactly once', async () => {
    const event = tabEvent('guest_tab.opened', { tabId: 'tab-storm-1' });
    const answers = await Promise.all(Array.from({ length: 8 }, () => postEvent(plugin.app, event)));
    expect(answers.filter((a) => a.body.status === 'applied')).toHaveLength(1);
    expect(answers.filter((a) => a.body.status === 'duplicate')).toHaveLength(7);
    expect(await inboxRows(event.id as string)).toHaveLength(1);
  });

  it('applies the events of one tab one after another when they arrive together', async () => {
    // The tab has its row already, so every event of the burst queues on that row's lock.
    await postEvent(plugin.app, tabEvent('guest_tab.opened', { tabId: 'tab-burst', version: 1 })).expect(200);
    const events = [2, 3, 4, 5, 6, 7].map((version) => tabEvent('guest_tab.updated', { tabId: 'tab-burst', version }));
    const monitor = engine === 'mariadb' ? await mysql.createConnection(plugin.database.url) : null;
    // All the others must have come while the first holds the tab: on MariaDB each is seen in
    // the database waiting for the tab's row (in the write that records it, naming the tab
    // first after the tenant); on SQLite they queue in the process.
    const othersCame = async (holds: Holds) =>
      holds.holding > 1 || (monitor ? (await sessionsRunning(monitor, `'${TENANT}', 'tab-burst', `)).length === events.length - 1 : holds.arrived === events.length);
    try {
      const { result: answers, holds } = await watchingTabHolds(othersCame, () => Promise.all(events.map((event) => postEvent(plugin.app, event))));
      expect(holds).toEqual({ arrived: events.length, holding: 0, most: 1 });
      expect(answers.every((a) => ['applied', 'stale'].includes(a.body.status))).toBe(true);
    } finally {
      await monitor?.end();
    }
    const record = await actorCall(plugin.app, 'get', '/guest-tabs/tab-burst', { permissions: ['visits.read'] }).expect(200);
    expect(record.body.tab.version).toBe(7);
    expect(record.body.events).toHaveLength(7);
  });

  it('acknowledges a late update after the close as stale and keeps the closed tab', async () => {
    await postEvent(plugin.app, tabEvent('guest_tab.opened', { tabId: 'tab-late', version: 1 })).expect(200);
    await postEvent(plugin.app, tabEvent('guest_tab.closed', { tabId: 'tab-late', version: 5, tab: { status: 'closed' } })).expect(200);
    const late = tabEvent('guest_tab.updated', { tabId: 'tab-late', version: 4 });
    const answer = await postEvent(plugin.app, late).expect(200);
    expect(answer.body).toEqual({ eventId: late.id, status: 'stale', effects: [] });
    expect(await inboxRows(late.id as string)).toEqual([{ status: 'stale' }]);
    const record = await actorCall(plugin.app, 'get', '/guest-tabs/tab-late', { permissions: ['visits.read'] }).expect(200);
    expect(record.body.tab).toMatchObject({ version: 5, status: 'closed' });
  });

  it('treats a second close of the same tab version under a new event id as a duplicate of the first', async () => {
    const close = tabEvent('guest_tab.closed', { tabId: 'tab-close-twice', version: 3, tab: { status: 'closed' } });
    const first = await postEvent(plugin.app, close).expect(200);
    const resent = { ...close, id: `${close.id}-resent` };
    const second = await postEvent(plugin.app, resent).expect(200);
    expect(second.body).toEqual({ eventId: resent.id, status: 'duplicate', effects: first.body.effects });
  });

  if (engine === 'mariadb') {
    it('applies different tabs in parallel', async () => {
      const events = Array.from({ length: 12 }, (_, i) => tabEvent('guest_tab.opened', { tabId: `tab-parallel-${i}` }));
      // The first event holds its tab until another event holds its own; a dispatcher that
      // ran tabs one at a time would never let that happen, so it gives up after a few hundred
      // asks and the count below fails instead of the test hanging.
      let asks = 0;
      const anotherHolds = async (holds: Holds) => holds.holding > 1 || ++asks > 300;
      const { result: answers, holds } = await watchingTabHolds(anotherHolds, () => Promise.all(events.map((event) => postEvent(plugin.app, event))));
      expect(holds.most).toBeGreaterThan(1);
      expect(answers.map((a) => a.body.status)).toEqual(events.map(() => 'applied'));
    });
  } else {
    it('applies different tabs one at a time on SQLite’s one connection', async () => {
      const events = Array.from({ length: 12 }, (_, i) => tabEvent('guest_tab.opened', { tabId: `tab-parallel-${i}` }));
      const { result: answers, holds } = await watchingTabHolds(async (holds) => holds.holding > 1 || holds.arrived === events.length, () =>
        Promise.all(events.map((event) => postEvent(plugin.app, event))),
      );
      expect(holds).toEqual({ arrived: events.length, holding: 0, most: 1 });
      expect(answers.map((a) => a.body.status)).toEqual(events.map(() => 'applied'));
    });
  }

  describe('refuses with 401 and records nothing', () => {
    it('a wrong signature', async () => {
      const event = tabEvent('guest_tab.opened', { tabId: 'tab-unsigned' });
      const response = await postEvent(plugin.app, event, 'not-the-secret-of-brand-1').expect(401);
      expect(response.body).toMatchObject({ code: 'unauthorized', message: 'signature does not match' });
      expect(await inboxRows(event.id as string)).toEqual([]);
    });

    it('a timestamp older than five minutes', async () => {
      const event = tabEvent('guest_tab.opened', { tabId: 'tab-old' });
      const sixMinutesAgo = Math.floor(plugin.clock.now().getTime() / 1000) - 360;
      expect((await postEvent(plugin.app, event, undefined, sixMinutesAgo).expect(401)).body.code).toBe('unauthorized');
      expect(await inboxRows(event.id as string)).toEqual([]);
    });

    it('another tenant’s secret', async () => {
      const event = tabEvent('guest_tab.opened', { tabId: 'tab-cross', tenantId: 'brand-2' });
      expect((await postEvent(plugin.app, event).expect(401)).body.code).toBe('unauthorized');
      expect(await dataSource.query('SELECT event_id FROM rc_inbox WHERE event_id = ?', [event.id])).toEqual([]);
      expect(await dataSource.query('SELECT id FROM rc_guest_tabs WHERE id = ?', ['tab-cross'])).toEqual([]);
    });

    it('a missing signature header', async () => {
      const event = tabEvent('guest_tab.opened', { tabId: 'tab-no-signature' });
      const body = JSON.stringify(event);
      const { 'x-regulars-signature': _signature, ...timestampOnly } = signRequest({ secret: TEST_SECRETS[TENANT], body, timestamp: Math.floor(plugin.clock.now().getTime() / 1000) });
      expect((await request(plugin.app.getHttpServer()).post('/hooks/guest-tab').set({ 'content-type': 'application/json', ...timestampOnly }).send(body).expect(401)).body.code).toBe('unauthorized');
      expect(await inboxRows(event.id as string)).toEqual([]);
    });

    it('a timestamp more than five minutes in the future', async () => {
      const event = tabEvent('guest_tab.opened', { tabId: 'tab-future' });
      const sixMinutesAhead = Math.floor(plugin.clock.now().getTime() / 1000) + 360;
      expect((await postEvent(plugin.app, event, undefined, sixMinutesAhead).expect(401)).body.code).toBe('unauthorized');
      expect(await inboxRows(event.id as string)).toEqual([]);
    });
  });

  describe('refuses malformed events with 400 naming each field, and records nothing', () => {
    const cases: [string, (event: any) => void, string][] = [
      ['money as a float', (e) => (e.tab.orders[0].items[0].amount = 12.5), 'tab.orders[0].items[0].amount: must be a whole number of minor units'],
      ['money as a string', (e) => (e.tab.orders[0].items[1].taxAmount = '308'), 'tab.orders[0].items[1].taxAmount: must be a whole'],
      ['a negative quantity', (e) => (e.tab.orders[0].items[0].quantity = -1), 'tab.orders[0].items[0].quantity: must be a positive number'],
      ['an unknown identifier type', (e) => (e.tab.customer = { identifier: { type: 'fingerprint', value: '1', entryMethod: 'scan' } }), 'tab.customer.identifier.type: must be one of the following values'],
      ['an unknown event type', (e) => (e.type = 'guest_tab.exploded'), 'type: must be one of the following values'],
      ['an unknown field', (e) => (e.tab.balance = 1_000_000), 'tab.balance: is not an allowed field'],
      ['a customer with both id and identifier', (e) => (e.tab.customer = { customerId: 'c_1', identifier: { type: 'app', value: 'x', entryMethod: 'tap' } }), 'tab.customer: must carry exactly one of customerId or identifier'],
    ];

    const tabRow = () => dataSource.query('SELECT version, status, snapshot, updated_at FROM rc_guest_tabs WHERE tenant_id = ? AND id = ?', [TENANT, 'tab-bad']);
    let tabBefore: unknown[];
    beforeAll(async () => {
      await postEvent(plugin.app, tabEvent('guest_tab.opened', { tabId: 'tab-bad' })).expect(200);
      tabBefore = await tabRow();
      expect(tabBefore).toHaveLength(1);
    });

    it.each(cases)('%s', async (_, spoil, expected) => {
      const event = tabEvent('guest_tab.updated', { tabId: 'tab-bad', version: 2 });
      spoil(event);
      const response = await postEvent(plugin.app, event).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'invalid_input' });
      expect(response.body.message).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
      expect(await inboxRows(event.id as string)).toEqual([]);
      expect(await tabRow()).toEqual(tabBefore);
    });

    it('lists every bad field at once', async () => {
      const event = tabEvent('guest_tab.updated', { tabId: 'tab-bad', version: 2 }) as any;
      event.tab.orders[0].items[0].amount = 1.5;
      event.tab.orders[0].items[1].quantity = 0.0001;
      event.tab.currency = 'euro';
      const response = await postEvent(plugin.app, event).expect(400);
      expect(response.body.code).toBe('invalid_input');
      expect(response.body.message).toEqual([
        'tab.currency: must be an ISO 4217 code such as EUR',
        expect.stringMatching(/^tab\.orders\[0\]\.items\[0\]\.amount: /),
        expect.stringMatching(/^tab\.orders\[0\]\.items\[1\]\.quantity: /),
      ]);
      expect(await inboxRows(event.id as string)).toEqual([]);
      expect(await tabRow()).toEqual(tabBefore);
    });
  });
});
