import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { MANAGER } from '../support/factories.js';
import { FaultyProxy } from '../support/faulty-proxy.js';
import { actorCall, postEvent, startPlugin, startSecondInstance, TENANT, type TestPlugin } from '../support/plugin.js';
import { barcode, enrolRegular, setUpRestaurant, TILL, type Regular } from '../support/restaurant.js';

const TABS = 12;
/** Each tab's bill; points accrue at 10% of what is left after the REGULARS 10% discount. */
const BILL = 5000;
const POINTS_PER_TAB = 450;

/**
 * The database drops connections and goes away under load: every request is answered 200
 * or 503 `busy` with Retry-After (never 500), the pool recovers by itself, and a host that
 * sends each event again until it is acknowledged ends with each applied exactly once.
 */
(TEST_ENGINES.includes('mariadb') ? describe : describe.skip)('when MariaDB drops connections and goes away', () => {
  let plugin: TestPlugin;
  let proxy: FaultyProxy;
  let proxied: INestApplication;
  let dataSource: DataSource;
  let regulars: Regular[];

  beforeAll(async () => {
    plugin = await startPlugin('mariadb');
    dataSource = plugin.app.get(getDataSourceToken('regulars'));
    const direct = new URL(plugin.database.url);
    proxy = await FaultyProxy.start({ host: direct.hostname, port: Number(direct.port || 3306) });
    direct.port = String(proxy.port);
    proxied = await startSecondInstance(plugin, { database: { url: direct.toString(), poolSize: 4 }, lockWaitTimeoutSeconds: 1 });
    await setUpRestaurant(plugin.app);
    regulars = [];
    for (let i = 0; i < TABS; i++) regulars.push(await enrolRegular(plugin.app, `FAULT-${process.pid}-${i}`));
  });
  afterAll(async () => {
    await proxied.close();
    await proxy.close();
    await plugin.close();
  });

  const answers: { status: number; code?: string; retryAfter?: string }[] = [];

  /** A host's loop: the same event again after every 503 (or dropped connection) until it is acknowledged. */
  async function deliver(event: object): Promise<Record<string, unknown>> {
    for (let attempt = 0; attempt < 2000; attempt++) {
      const response = await postEvent(proxied, event).catch(() => null);
      if (response) answers.push({ status: response.status, code: response.body?.code, retryAfter: response.headers['retry-after'] });
      if (response?.status === 200) return response.body;
      await sleep(25);
    }
    throw new Error(`event ${(event as { id: string }).id} was never acknowledged`);
  }

  it('answers 503 busy with Retry-After while the database is away, and serves again once it is back', async () => {
    proxy.down();
    try {
      const identify = await actorCall(proxied, 'post', '/terminal/identify', TILL, barcode(regulars[0].card));
      expect([identify.status, identify.body.code, identify.headers['retry-after']]).toEqual([503, 'busy', '1']);
      const list = await actorCall(proxied, 'get', '/customers', MANAGER);
      expect([list.status, list.body.code]).toEqual([503, 'busy']);
    } finally {
      proxy.up();
    }
    await actorCall(proxied, 'post', '/terminal/identify', TILL, barcode(regulars[0].card)).expect(200);
  });

  it('applies every event exactly once when connections are cut mid-load and the database goes away for a second', async () => {
    // Faults for a while, then a healthy database again: a host's retries must get through then.
    const until = Date.now() + 3000;
    let cuts = 0;
    const faults = (async () => {
      for (let round = 0; Date.now() < until; round++) {
        if (round === 10) {
          proxy.down();
          await sleep(1000);
          proxy.up();
        } else {
          cuts += proxy.cut();
        }
        await sleep(30 + (round % 4) * 20);
      }
    })();
    const tabs = regulars.map(async (guest, i) => {
      const tabId = `tab-fault-${i}`;
      const items = [{ id: 'l-1', productId: 'p-1', quantity: 1, amount: BILL, taxAmount: 0 }];
      await deliver(tabEvent('guest_tab.customer_attached', { id: `fault-attach-${i}`, tabId, version: 1, tab: { customer: barcode(guest.card), categories: { tab: [] }, orders: [{ id: 'o-1', items }] } }));
      return deliver(
        tabEvent('guest_tab.closed', {
          id: `fault-close-${i}`,
          tabId,
          version: 2,
          tab: { status: 'closed', closedAt: '2026-11-22T20:00:00Z', customer: barcode(guest.card), categories: { tab: [] }, orders: [{ id: 'o-1', items }], payments: [{ method: 'card', amount: 4500 }] },
        }),
      );
    });
    const [closes] = await Promise.all([Promise.all(tabs), faults]);

    expect(cuts).toBeGreaterThan(0);
    expect(answers.filter((answer) => answer.status === 503).length).toBeGreaterThan(0);
    expect(answers.filter((answer) => answer.status !== 200 && answer.status !== 503)).toEqual([]);
    expect(answers.filter((answer) => answer.status === 503 && (answer.code !== 'busy' || answer.retryAfter !== '1'))).toEqual([]);
    expect(closes.map((close) => close.status).every((status) => status === 'applied' || status === 'duplicate')).toBe(true);

    for (const guest of regulars) {
      const account = (await actorCall(plugin.app, 'get', `/accounts/${guest.pointsAccountId}`, MANAGER).expect(200)).body;
      expect({ guest: guest.id, points: account.total }).toEqual({ guest: guest.id, points: POINTS_PER_TAB });
    }
    const visits = await dataSource.query(`SELECT tab_id AS tabId, COUNT(*) AS n FROM rc_visits WHERE tenant_id = ? AND status = 'closed' AND tab_id LIKE 'tab-fault-%' GROUP BY tab_id`, [TENANT]);
    expect(visits.map((row: { n: unknown }) => Number(row.n))).toEqual(Array(TABS).fill(1));
    const drift = await dataSource.query(
      `SELECT a.id FROM rc_accounts a LEFT JOIN rc_ledger_entries e ON e.tenant_id = a.tenant_id AND e.account_id = a.id
       WHERE a.tenant_id = ? GROUP BY a.id, a.total HAVING a.total <> COALESCE(SUM(e.amount), 0)`,
      [TENANT],
    );
    expect(drift).toEqual([]);
  });
});
