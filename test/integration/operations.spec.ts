import { jest } from '@jest/globals';
import request from 'supertest';
import { Registry } from 'prom-client';
import { Outbox } from '../../src/modules/outbox/outbox.service.js';
import { dataSourceOf } from '../support/brokers.js';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { createCustomer, MANAGER } from '../support/factories.js';
import { actorCall, postEvent, startPlugin, type TestPlugin } from '../support/plugin.js';

/** What a vendor's operations team sees: the probes their orchestrator calls and the metrics their Prometheus scrapes. */
describe.each(TEST_ENGINES)('health and metrics for the operations team (%s)', (engine) => {
  describe('switched on', () => {
    let plugin: TestPlugin;
    const get = (path: string) => request(plugin.app.getHttpServer()).get(path);

    beforeAll(async () => {
      plugin = await startPlugin(engine, { operations: { health: true, metrics: true }, webhooks: { relay: true } });
    });
    afterAll(() => plugin.close());

    it('answers liveness and readiness in terminus’ body, unsigned as a probe calls them', async () => {
      expect((await get('/health/live').expect(200)).body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
      const ready = (await get('/health/ready').expect(200)).body;
      expect(ready.status).toBe('ok');
      expect(Object.keys(ready.details).sort()).toEqual(['database', 'jobs', 'migrations', 'outbox']);
      expect(ready.details.outbox).toEqual({ status: 'up', lagSeconds: 0, limitSeconds: 300, behind: false });
      expect(ready.details.jobs).toEqual({ status: 'up', behind: false, lagging: [] });
    });

    it('is not ready while one of the plugin’s migrations is not applied, and names it', async () => {
      const database = dataSourceOf(plugin.app);
      const [last] = await database.query('SELECT id, timestamp, name FROM rc_migrations ORDER BY id DESC LIMIT 1');
      await database.query('DELETE FROM rc_migrations WHERE id = ?', [last.id]);
      try {
        const answer = await get('/health/ready').expect(503);
        expect(answer.body.status).toBe('error');
        expect(answer.body.error.migrations).toMatchObject({ status: 'down', pending: [last.name] });
        expect(answer.body.info.database).toEqual({ status: 'up' });
      } finally {
        await database.query('INSERT INTO rc_migrations (id, timestamp, name) VALUES (?, ?, ?)', [last.id, last.timestamp, last.name]);
      }
      await get('/health/ready').expect(200);
    });

    it('counts a request under its route pattern, an event by type and outcome, and a job run with its rows', async () => {
      const guest = await createCustomer(plugin.app, { firstName: 'Ines' });
      await actorCall(plugin.app, 'get', `/customers/${guest.id}`, MANAGER).expect(200);
      await postEvent(plugin.app, tabEvent('guest_tab.opened', { tabId: 'tab-metrics' })).expect(200);
      await postEvent(plugin.app, tabEvent('guest_tab.opened', { tabId: 'tab-metrics', tenantId: 'brand-2' })).expect(401);
      await actorCall(plugin.app, 'post', '/jobs/tiers/runs', MANAGER).expect(201);

      const scrape = await get('/metrics').expect(200);
      expect(scrape.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = scrape.text;
      expect(text).toMatch(/^regulars_http_request_duration_seconds_count\{method="GET",route="\/customers\/:id",status="200"\} 1$/m);
      expect(text).toMatch(/^regulars_http_request_duration_seconds_count\{method="POST",route="\/hooks\/guest-tab",status="401"\} 1$/m);
      expect(text).not.toContain(guest.id);
      expect(text).toMatch(/^regulars_guest_tab_events_total\{type="guest_tab\.opened",outcome="applied"\} 1$/m);
      expect(text).toMatch(/^regulars_job_run_duration_seconds_count\{job="tiers",status="succeeded"\} 1$/m);
      expect(text).toMatch(/^regulars_job_rows_total\{job="tiers"\} \d+$/m);
      expect(text).toContain('# TYPE regulars_transaction_retries_total counter');
      if (engine === 'sqlite') expect(text).not.toContain('regulars_db_pool_connections');
      else expect(text).toMatch(/^regulars_db_pool_connections\{state="limit"\} \d+$/m);
    });

    it('is alive but not ready once the database is gone', async () => {
      await dataSourceOf(plugin.app).destroy();
      await get('/health/live').expect(200);
      const answer = await get('/health/ready').expect(503);
      expect(answer.body.error.database.status).toBe('down');
      expect(answer.body.error.database.message).toEqual(expect.any(String));
      await dataSourceOf(plugin.app).initialize();
    });
  });

  it('reports a scheduled job that missed two runs in a row, and an undelivered event, as lag on every instance without failing readiness', async () => {
    const plugin = await startPlugin(engine, { operations: { health: { path: 'ops/health', outboxLagSeconds: 60 }, metrics: true }, jobs: { tiers: '0 3 * * *' }, webhooks: { relay: true } });
    try {
      const get = (path: string) => request(plugin.app.getHttpServer()).get(path);
      expect((await get('/ops/health/ready').expect(200)).body.details.jobs).toEqual({ status: 'up', behind: false, lagging: [] });
      expect((await get('/metrics').expect(200)).text).toMatch(/^regulars_job_lag_seconds\{job="tiers"\} 0$/m);
      // Three days without a scheduled run, and an event owed to the relay since the first of them
      // (the running relay would deliver a real one before the probe could see it).
      const owedSince = plugin.clock.now();
      plugin.clock.current = new Date(plugin.clock.current.getTime() + 3 * 24 * 3600_000);
      jest.spyOn(plugin.app.get(Outbox), 'oldestOwed').mockResolvedValue(owedSince);

      // Shared by every instance: failing readiness on it would take them all out of the balancer at once.
      const ready = (await get('/ops/health/ready').expect(200)).body;
      expect(ready.status).toBe('ok');
      expect(ready.details.jobs).toMatchObject({ status: 'up', behind: true });
      expect(ready.details.jobs.lagging).toContainEqual(expect.objectContaining({ job: 'tiers', lastCompletedAt: expect.any(String), overdueSince: expect.any(String) }));
      expect(ready.details.outbox).toEqual({ status: 'up', lagSeconds: 3 * 24 * 3600, limitSeconds: 60, behind: true });

      // …and gauges to alert on.
      const text = (await get('/metrics').expect(200)).text;
      const jobLag = Number(/^regulars_job_lag_seconds\{job="tiers"\} (\d+)$/m.exec(text)?.[1]);
      expect(jobLag).toBeGreaterThan(24 * 3600);
      expect(text).toContain('# TYPE regulars_outbox_lag_seconds gauge');
      expect(text).toMatch(new RegExp(`^regulars_outbox_lag_seconds ${3 * 24 * 3600}$`, 'm'));
    } finally {
      await plugin.close();
    }
  });

  it('adds its metrics to the host’s registry, under the prefix beside the host’s own', async () => {
    const registry = new Registry();
    const plugin = await startPlugin(engine, { routePrefix: 'regulars', operations: { metrics: { registry } } });
    try {
      await postEvent(plugin.app, tabEvent('guest_tab.opened'), undefined, undefined, '/regulars/hooks/guest-tab').expect(200);
      expect(await registry.metrics()).toMatch(/^regulars_guest_tab_events_total\{type="guest_tab\.opened",outcome="applied"\} 1$/m);
      expect((await request(plugin.app.getHttpServer()).get('/regulars/metrics').expect(200)).text).toContain('route="/regulars/hooks/guest-tab"');
    } finally {
      await plugin.close();
    }
  });

  it('mounts neither route unless asked, leaving the paths to the host', async () => {
    const plugin = await startPlugin(engine);
    try {
      await request(plugin.app.getHttpServer()).get('/health/ready').expect(404);
      await request(plugin.app.getHttpServer()).get('/metrics').expect(404);
    } finally {
      await plugin.close();
    }
  });
});
