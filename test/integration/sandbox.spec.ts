import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import request from 'supertest';
import { handlingEvent } from '../../sandbox/logging/log-context.js';
import { PinoLogger } from '../../sandbox/logging/pino-logger.js';
import { startSandbox } from '../../sandbox/main.js';
import { PluginClient } from '../../sandbox/pos/plugin-client.js';
import { DEVELOPMENT_SECRET, readSandboxConfig } from '../../sandbox/sandbox-config.js';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../support/databases.js';
import { clockFrom, TEST_ADAPTER } from '../support/plugin.js';

const SANDBOX_DIR = fileURLToPath(new URL('../../sandbox', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('the sandbox host', () => {
  it('imports the plugin only through its public entries (the package and its engine), as a vendor would', () => {
    const reachesIn = sourceFiles(SANDBOX_DIR).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from '([^']*\/src\/[^']*)'/g)]
        .map((match) => match[1])
        .filter((path) => !/^(\.\.\/)+src\/(index|engine)\.js$/.test(path))
        .map((path) => `${relative(SANDBOX_DIR, file)} → ${path}`),
    );
    expect(reachesIn).toEqual([]);
  });

  it('reads its settings from the environment, with a printed development secret by default', () => {
    expect(readSandboxConfig({})).toMatchObject({ port: 3000, databaseUrl: undefined, tenantSecrets: { demo: DEVELOPMENT_SECRET } });
    expect(readSandboxConfig({ PORT: '8080', DATABASE_URL: 'mysql://root@db/regulars', REGULARS_TENANT_SECRETS: '{"demo":"0123456789abcdef0"}' })).toMatchObject({
      port: 8080,
      databaseUrl: 'mysql://root@db/regulars',
      tenantSecrets: { demo: '0123456789abcdef0' },
    });
    expect(() => readSandboxConfig({ REGULARS_TENANT_SECRETS: '{"other":"0123456789abcdef0"}' })).toThrow(/"demo"/);
  });

  describe.each(TEST_ENGINES)('on %s', (engine) => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase(engine);
    });
    afterAll(() => database.drop());

    // A Tuesday late morning in Berlin: no happy hour, and nobody's birthday.
    const start = (day = new Date('2026-11-10T10:30:00Z')) =>
      startSandbox(
        { ...readSandboxConfig({ DATABASE_URL: database.url, HTTP_ADAPTER: TEST_ADAPTER }), port: 0, clock: clockFrom(day) },
        { logger: false },
      );

    it('logs one JSON line per entry with the request, tenant, event and tab, and never a card number, phone or e-mail', async () => {
      const lines: Record<string, unknown>[] = [];
      const capture = new Writable({
        write(chunk, _encoding, done) {
          for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
          done();
        },
      });
      // A database of its own: the demo seed and the tabs here are not the other tests' to see.
      const own = await createTestDatabase(engine);
      const app = await startSandbox(
        { ...readSandboxConfig({ DATABASE_URL: own.url, HTTP_ADAPTER: TEST_ADAPTER }), port: 0, clock: clockFrom(new Date('2026-11-10T10:30:00Z')) },
        { logger: new PinoLogger(capture) },
      );
      try {
        const http = request(app.getHttpServer());
        const tabId = (await http.post('/pos/tabs').send({ tableId: 't-3', guestCount: 1 }).expect(201)).body.tab.id;
        const guests = (await http.get('/pos/guests').expect(200)).body;
        const card: string = guests[0].identifier.value;
        const phone: string = guests[3].identifier.value;
        await http.post(`/pos/tabs/${tabId}/customer`).send(guests[0].identifier).expect(200);
        await http.post(`/pos/tabs/${tabId}/customer`).send(guests[3].identifier).expect(200);
        await http.get(`/pos/guests?card=${card}&phone=${encodeURIComponent(phone)}`);
        // A line of the plugin's own that quoted them (a driver's duplicate-key message does) is masked all the same.
        await handlingEvent({ tenantId: 'demo', id: 'evt-direct', tab: { id: 'tab-direct' } }, async () =>
          new Logger('Regulars').error(`Duplicate entry 'demo-${card}' or ${phone} or anna@example.com`, 'Error: at somewhere'),
        );
        await new Promise((resolve) => setImmediate(resolve));

        expect(lines.length).toBeGreaterThan(5);
        for (const line of lines) expect(line).toMatchObject({ level: expect.any(Number), time: expect.any(String), msg: expect.any(String) });
        const text = JSON.stringify(lines);
        expect(text).not.toContain(card);
        expect(text).not.toContain(phone);
        expect(text).not.toContain('anna@example.com');
        // The till hands the plugin the tab's event in-process: the request's line carries it.
        expect(lines.find((line) => line.tabId === tabId && String(line.msg).startsWith('POST /pos/tabs 201'))).toMatchObject({
          context: 'HTTP',
          requestId: expect.any(String),
          tenantId: 'demo',
          eventId: expect.any(String),
          tabId,
        });
        // The plugin's signed HTTP API (the demo seed's calls): the request id and tenant of the actor header.
        expect(lines.find((line) => String(line.msg).startsWith('POST /customers 201'))).toMatchObject({ requestId: expect.any(String), tenantId: 'demo' });
        expect(lines.filter((line) => line.context === 'HTTP').every((line) => !String(line.msg).includes('?'))).toBe(true);
        expect(lines.find((line) => line.eventId === 'evt-direct')).toMatchObject({
          level: 50,
          context: 'Regulars',
          requestId: expect.any(String),
          tenantId: 'demo',
          tabId: 'tab-direct',
          stack: 'Error: at somewhere',
          msg: expect.stringContaining('***@***'),
        });
      } finally {
        await app.close();
        await own.drop();
      }
    });

    it('seeds demo tabs once, serves the waiter page and the API docs, and runs a tab through the plugin', async () => {
      const app = await start();
      try {
        const http = request(app.getHttpServer());
        const demo = await http.get('/pos/tabs/demo-lunch/plugin-record').expect(200);
        expect(demo.body).toMatchObject({ status: 200, body: { tab: { id: 'demo-lunch', status: 'closed', version: 7 } } });
        expect(demo.body.body.events.map((e: { status: string }) => e.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);

        expect((await http.get('/').expect(200)).text).toContain('Regulars sandbox POS');
        await http.get('/favicon.ico').expect(200).expect('content-type', /image\/svg\+xml/);
        const docs = await http.get('/docs-json').expect(200);
        expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/hooks/guest-tab', '/guest-tabs/{tabId}']));
        if (TEST_ADAPTER === 'express') await http.get('/docs').expect(200);

        const opened = await http.post('/pos/tabs').send({ tableId: 't-2', guestCount: 3 }).expect(201);
        const tabId = opened.body.tab.id;
        expect(opened.body.answer).toMatchObject({ status: 'applied' });
        await http.post(`/pos/tabs/${tabId}/items`).send({ productId: 'p-risotto' }).expect(200);
        const guests = (await http.get('/pos/guests').expect(200)).body;
        expect(guests.map((g: { name: string }) => g.name)).toEqual(['Anna Berg', 'Erik Lund (Nordic Freight AB)', 'Mai Nguyễn, room 214', 'Anna Berg calling']);
        const presented = await http.post(`/pos/tabs/${tabId}/customer`).send(guests[0].identifier).expect(200);
        expect(presented.body.card).toMatchObject({ displayName: 'Anna Berg', greeting: 'Welcome back, Anna!', announcements: expect.arrayContaining(['Prefers the window table']) });
        const bonus = presented.body.card.balances.find((b: { accountType: string }) => b.accountType === 'bonus');
        // 1200 welcome points, and what the demo lunch earned (more in the happy hour).
        const [points, bonusBalance] = presented.body.card.balances;
        expect([points.accountType, bonusBalance.accountType, bonusBalance.available]).toEqual(['points', 'bonus', 1000]);
        expect(points.available).toBeGreaterThan(1200);
        expect(presented.body.card.benefits.map((b: { code: string }) => b.code)).toEqual(['FREE_DESSERT']);
        // Three lunches weeks ago and today's demo lunch, a tiramisu on most of them.
        expect(presented.body.card.history).toMatchObject({ visits: 4 });
        // About 121 € over the year: Silver, the rest of the way to Gold's 150 € still to go.
        expect(presented.body.card.tier).toMatchObject({ code: 'SILVER', name: 'Silver' });
        expect(presented.body.card.nextTier).toEqual({ code: 'GOLD', name: 'Gold', metric: 'spent', threshold: 15_000, value: presented.body.card.history.spent, missing: 15_000 - presented.body.card.history.spent });
        expect(presented.body.card.preferences.favouriteProducts[0]).toMatchObject({ productId: 'p-tiramisu', quantity: 4, visits: 3 });
        const paid = await http.post(`/pos/tabs/${tabId}/bonus`).send({ accountId: bonus.accountId, amount: 500 }).expect(200);
        expect(paid.body.tab.bonusPayments).toEqual([{ holdId: expect.stringMatching(/^h_/), amount: 500 }]);
        expect((await http.post(`/pos/tabs/${tabId}/bonus`).send({ accountId: bonus.accountId, amount: 600 }).expect(409)).body.code).toBe('insufficient_balance');
        const history = (await http.get(`/pos/guests/${guests[0].customerId}/accounts`).expect(200)).body.body;
        expect(history.find((a: { id: string }) => a.id === bonus.accountId)).toMatchObject({ held: 500, available: 500, entries: [expect.objectContaining({ kind: 'hold' }), expect.objectContaining({ kind: 'manual_credit', direction: 'credit' })] });
        const byPhone = await http.post(`/pos/tabs/${tabId}/customer`).send(guests[3].identifier).expect(200);
        expect(byPhone.body.card).toMatchObject({ id: guests[0].customerId, identifiedBy: { via: 'phone' } });
        const unknown = await http.post(`/pos/tabs/${tabId}/customer`).send({ type: 'barcode_card', value: '999' }).expect(200);
        expect(unknown.body.card.refused).toMatchObject({ statusCode: 404 });
        await http.post(`/pos/tabs/${tabId}/customer`).send(guests[0].identifier).expect(200);
        const priced = await http.get(`/pos/tabs/${tabId}/evaluation`).expect(200);
        expect(priced.body.lines[0].discounts).toEqual([expect.objectContaining({ reason: 'Regulars 10% (REGULARS)', amount: 154 })]);
        // 69 points on the whole bill; 500 of it is paid with bonus money, so closing accrues on the rest only.
        const accrues = Math.round((69 * (1696 - 500)) / 1696);
        expect(priced.body.accrual).toEqual([expect.objectContaining({ accountType: 'points', points: accrues })]);
        await http.post(`/pos/tabs/${tabId}/precheck`).expect(200);
        const closed = await http.post(`/pos/tabs/${tabId}/close`).expect(200);
        // The till keeps what it charged; the page shows this, never a new pricing.
        expect(closed.body.tab.receipt).toMatchObject({ before: 1850, discount: 154, total: 1696, bonusPaid: 500, lines: { 'l-1': { amountAfter: 1696 } } });
        // 500 of the bill was paid with bonus money: points accrue on the rest only.
        expect(closed.body.answer).toMatchObject({ eventId: closed.body.event.id, status: 'applied' });
        expect(closed.body.answer.effects).toEqual([
          { kind: 'tab', id: tabId, version: 9, status: 'closed' },
          expect.objectContaining({ kind: 'hold_captured', amount: 500, accountId: bonus.accountId }),
          expect.objectContaining({ kind: 'ledger_entry', entryKind: 'accrual', amount: accrues }),
          expect.objectContaining({ kind: 'visit', status: 'closed', customerId: guests[0].customerId, net: 1696 }),
        ]);
        const record = await http.get(`/pos/tabs/${tabId}/plugin-record`).expect(200);
        expect(record.body.body.tab.customerId).toBe(guests[0].customerId);
        await http.post(`/pos/tabs/${tabId}/items`).send({ productId: 'p-espresso' }).expect(409);

        const visits = async () => (await http.get(`/pos/guests/${guests[0].customerId}/visits?period=year`).expect(200)).body.body;
        const afterDinner = await visits();
        expect(afterDinner.visits.map((v: { tabId: string }) => v.tabId)).toEqual([tabId, 'demo-lunch', 'demo-visit-3', 'demo-visit-2', 'demo-visit-1']);
        expect(afterDinner.visits[0]).toMatchObject({ net: 1696, bonusPaid: 500, spent: { bonus: 500 }, lines: [expect.objectContaining({ productId: 'p-risotto', amount: 1850, discount: 154 })] });
        expect(afterDinner.stats).toMatchObject({ visits: 5, averageCheck: Math.round(afterDinner.stats.spent / 5) });

        // The risotto goes back: the whole tab is refunded, so the visit no longer counts.
        const refunded = await http.post(`/pos/tabs/${tabId}/refunds`).send({ lineId: 'l-1' }).expect(200);
        expect(refunded.body.answer.effects).toContainEqual(expect.objectContaining({ kind: 'visit_refund', amount: 1696, full: true }));
        const afterRefund = await visits();
        expect(afterRefund.stats).toMatchObject({ visits: 4, spent: afterDinner.stats.spent - 1696 });
        expect(afterRefund.visits[0]).toMatchObject({ tabId, refunded: 1696, earned: { points: 0 }, spent: { bonus: 0 } });
        await http.post(`/pos/tabs/${tabId}/refunds`).send({ lineId: 'l-1' }).expect(409);

        // What an operations team watches: the probes and the scrape, on as a vendor would run it.
        await http.get('/health/live').expect(200);
        expect((await http.get('/health/ready').expect(200)).body.status).toBe('ok');
        expect((await http.get('/metrics').expect(200)).text).toMatch(/^regulars_guest_tab_events_total\{type="guest_tab\.closed",outcome="applied"\} \d+$/m);
      } finally {
        await app.close();
      }

      // Started again on Anna's birthday: the seed changes nothing, and her card greets her for it.
      const restarted = await start(new Date('2027-04-17T10:30:00Z'));
      try {
        const http = request(restarted.getHttpServer());
        const record = await http.get('/pos/tabs/demo-lunch/plugin-record').expect(200);
        expect(record.body.body.events).toHaveLength(5);
        const tabId = (await http.post('/pos/tabs').send({ tableId: 't-3' }).expect(201)).body.tab.id;
        const guests = (await http.get('/pos/guests').expect(200)).body;
        const presented = await http.post(`/pos/tabs/${tabId}/customer`).send(guests[0].identifier).expect(200);
        expect(presented.body.card.greeting).toBe('Happy birthday, Anna!');
        const customers = await restarted.get(PluginClient).call<{ items: unknown[] }>('GET', '/customers?limit=50');
        expect(customers.body.items).toHaveLength(4);
      } finally {
        await restarted.close();
      }
    });
  });
});
