import type { INestApplication } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { getDataSourceToken } from '@nestjs/typeorm';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { runJobCommand } from '../../src/cli/run-job.js';
import { JobLease } from '../../src/modules/jobs/entities/job-lease.entity.js';
import { JobScheduler } from '../../src/modules/jobs/job-scheduler.service.js';
import { TEST_ENGINES } from '../support/databases.js';
import { bindCard, card, createCustomer, identify, MANAGER } from '../support/factories.js';
import { actorCall, freshKey, startPlugin, startSecondInstance, TENANT, type TestPlugin } from '../support/plugin.js';
import { balanceOf, TILL, holdBonus } from '../support/restaurant.js';

const DAY = 86_400_000;

describe.each(TEST_ENGINES)('scheduled jobs (%s)', (engine) => {
  let plugin: TestPlugin;
  let dataSource: DataSource;
  const manage = (method: 'get' | 'post' | 'put', path: string, body?: object, app: INestApplication = plugin.app) => actorCall(app, method, path, MANAGER, body, freshKey());
  const run = async (job: string, app?: INestApplication) => (await manage('post', `/jobs/${job}/runs`, undefined, app).expect(201)).body;
  const later = (days: number) => (plugin.clock.current = new Date(plugin.clock.current.getTime() + days * DAY));

  /** Customers who are due a tier each: put by hand into a tier they do not reach. */
  async function customersDueADowngrade(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const guest = await createCustomer(plugin.app);
      await manage('put', `/customers/${guest.id}/tier`, { tierCode: 'VIP' }).expect(200);
      ids.push(guest.id);
    }
    return ids;
  }
  const moveCount = async (ids: string[]) =>
    Number((await dataSource.query(`SELECT COUNT(*) AS n FROM rc_tier_moves WHERE tenant_id = ? AND reason = 'downgrade' AND customer_id IN (${ids.map(() => '?').join(',')})`, [TENANT, ...ids]))[0].n);

  beforeAll(async () => {
    plugin = await startPlugin(engine, { timeZone: 'Europe/Stockholm', holdTtlSeconds: 600 });
    plugin.clock.current = new Date('2026-11-22T05:00:00Z');
    dataSource = plugin.app.get(getDataSourceToken('regulars'));
    await manage('post', '/tiers', { code: 'BASE', name: 'Base', rank: 0, metric: 'spent', threshold: 0, autoEnter: false }).expect(201);
    await manage('post', '/tiers', { code: 'VIP', name: 'VIP', rank: 1, metric: 'spent', threshold: 1_000_000, autoEnter: false }).expect(201);
    await manage('post', '/account-types', { code: 'points', name: 'Points', kind: 'points', unit: 'points', expiry: { kind: 'days_after_credit', days: 30 } }).expect(201);
    await manage('post', '/account-types', { code: 'bonus', name: 'Bonus', kind: 'bonus_money', unit: 'EUR' }).expect(201);
  });
  afterAll(() => plugin.close());

  it('lists the jobs with their runs, and records each run: when, who, how many rows, what it did', async () => {
    const ids = await customersDueADowngrade(3);
    const done = await run('tiers');
    expect(done).toMatchObject({ job: 'tiers', trigger: 'api', status: 'succeeded', rowsTouched: 3, outcome: { customers: 3, upgrades: 0, downgrades: 3 }, error: null });
    expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(Date.parse(done.startedAt));
    expect(await moveCount(ids)).toBe(3);
    const jobs = (await manage('get', '/jobs').expect(200)).body;
    expect(jobs.map((job: { name: string }) => job.name).sort()).toEqual(['birthdays', 'event-retention', 'hold-release', 'lot-expiry', 'reports', 'tiers']);
    // This test instance schedules nothing; the last run is there.
    expect(jobs.find((job: { name: string }) => job.name === 'tiers')).toMatchObject({ cron: null, lastRun: { id: done.id } });
    expect((await manage('get', '/jobs/tiers/runs?limit=5').expect(200)).body[0]).toMatchObject({ id: done.id });
    expect((await manage('post', '/jobs/payroll/runs').expect(404)).body.code).toBe('unknown_job');
    await actorCall(plugin.app, 'post', '/jobs/tiers/runs', TILL).expect(403);
  });

  it('waits for a crashed instance’s lease to run out, and no longer', async () => {
    await dataSource.getRepository(JobLease).insert({ tenantId: TENANT, job: 'tiers', holder: 'jr_CRASHED', expiresAt: new Date(plugin.clock.now().getTime() + 60_000) });
    expect((await manage('post', '/jobs/tiers/runs').expect(409)).body.code).toBe('job_running');
    later(1 / 1440 + 1 / 86_400);
    expect((await run('tiers')).status).toBe('succeeded');
    expect(await dataSource.query('SELECT * FROM rc_job_leases')).toEqual([]);
  });

  if (engine === 'mariadb') {
    describe('with two instances of the plugin on one database', () => {
      let second: INestApplication;
      beforeAll(async () => {
        second = await startSecondInstance(plugin, { timeZone: 'Europe/Stockholm' });
      });
      afterAll(() => second.close());

      it('runs a schedule’s tick once when both instances fire it at the same moment', async () => {
        const ids = await customersDueADowngrade(30);
        await Promise.all([plugin.app.get(JobScheduler).tick('tiers'), second.get(JobScheduler).tick('tiers')]);
        const runs = await dataSource.query("SELECT instance, status FROM rc_job_runs WHERE tenant_id = ? AND job = 'tiers' AND job_trigger = 'schedule'", [TENANT]);
        expect(runs).toEqual([expect.objectContaining({ status: 'succeeded' })]);
        expect(await moveCount(ids)).toBe(30);
        // The same tick fired again later (a slow instance) does nothing.
        await second.get(JobScheduler).tick('tiers');
        expect(await dataSource.query("SELECT id FROM rc_job_runs WHERE tenant_id = ? AND job_trigger = 'schedule'", [TENANT])).toHaveLength(1);
      });

      it('answers a job started by hand in the second instance while the first runs it with 409 job_running, and moves each customer once', async () => {
        const ids = await customersDueADowngrade(100);
        const handRuns = async () => Number((await dataSource.query("SELECT COUNT(*) AS n FROM rc_job_runs WHERE tenant_id = ? AND job = 'tiers' AND job_trigger = 'api'", [TENANT]))[0].n);
        const runsBefore = await handRuns();
        // A till holds one of the customers' rows, so the first instance's run stays in progress until it lets go.
        const till = await mysql.createConnection(plugin.database.url);
        let first: Promise<Awaited<ReturnType<typeof manage>>> | undefined;
        try {
          await till.query('START TRANSACTION');
          await till.query('SELECT id FROM rc_customers WHERE tenant_id = ? AND id = ? FOR UPDATE', [TENANT, ids[50]]);
          first = manage('post', '/jobs/tiers/runs').then((answer) => answer);
          while ((await dataSource.query("SELECT holder FROM rc_job_leases WHERE tenant_id = ? AND job = 'tiers'", [TENANT])).length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
          const refused = await manage('post', '/jobs/tiers/runs', undefined, second);
          expect(refused.status).toBe(409);
          expect(refused.body.code).toBe('job_running');
        } finally {
          await till.query('COMMIT');
          await till.end();
        }
        const answer = await first!;
        expect(answer.status).toBe(201);
        expect(answer.body).toMatchObject({ status: 'succeeded', outcome: expect.objectContaining({ downgrades: 100 }) });
        expect(await moveCount(ids)).toBe(100);
        // The refused start left no run behind.
        expect(await handRuns()).toBe(runsBefore + 1);
        // Started again once the first is done, it runs, and finds nobody left to move.
        expect((await run('tiers', second)).outcome).toMatchObject({ downgrades: 0 });
        expect(await moveCount(ids)).toBe(100);
      });
    });
  }

  it('expires points lots past their time once, however often it runs', async () => {
    const guest = await createCustomer(plugin.app);
    const account = (await manage('post', `/customers/${guest.id}/accounts`, { accountTypeCode: 'points' }).expect(201)).body;
    await manage('post', `/accounts/${account.id}/entries`, { kind: 'manual_credit', amount: 700, reason: 'Welcome' }).expect(201);
    expect((await run('lot-expiry')).outcome).toMatchObject({ lots: 0 });
    later(31);
    const expired = await run('lot-expiry');
    expect(expired.outcome).toMatchObject({ lots: 1, amount: 700 });
    expect(await balanceOf(plugin.app, account.id)).toMatchObject({ total: 0 });
    expect((await run('lot-expiry')).outcome).toMatchObject({ lots: 0, amount: 0 });
    const entries = (await manage('get', `/accounts/${account.id}/entries`).expect(200)).body.items;
    expect(entries.map((e: { kind: string; amount: number }) => [e.kind, e.amount])).toEqual([
      ['expiry', -700],
      ['manual_credit', 700],
    ]);
  });

  it('announces points that expire soon on the card the till sees, as on the accounts', async () => {
    const guest = await createCustomer(plugin.app);
    await bindCard(plugin.app, guest.id, `EXPIRY-${process.pid}`);
    const account = (await manage('post', `/customers/${guest.id}/accounts`, { accountTypeCode: 'points' }).expect(201)).body;
    await manage('post', `/accounts/${account.id}/entries`, { kind: 'manual_credit', amount: 400, reason: 'Welcome' }).expect(201);
    await manage('post', `/accounts/${account.id}/entries`, { kind: 'manual_credit', amount: 150, reason: 'Survey' }).expect(201);
    // The card reads accounts and their lots in one statement: an account with two lots is still one balance.
    const expiringOnCard = async () => {
      const { balances } = (await identify(plugin.app, card(`EXPIRY-${process.pid}`)).expect(200)).body;
      expect(balances).toHaveLength(1);
      return balances[0].expiringSoon;
    };
    // Points last 30 days from the day after the credit: 31 days away is past the 30-day notice.
    expect(await expiringOnCard()).toEqual([]);
    later(2);
    const notice = (await manage('get', `/customers/${guest.id}/accounts`).expect(200)).body[0].expiringSoon;
    expect(notice.map((lot: { amount: number }) => lot.amount).sort()).toEqual([150, 400]);
    expect(Date.parse(notice[0].expiresAt) - plugin.clock.now().getTime()).toBeLessThan(30 * DAY);
    expect(await expiringOnCard()).toEqual(notice);
  });

  it('gives back bonus held on tabs that were never closed, once their hold has run out', async () => {
    const guest = await createCustomer(plugin.app);
    const account = (await manage('post', `/customers/${guest.id}/accounts`, { accountTypeCode: 'bonus' }).expect(201)).body;
    await manage('post', `/accounts/${account.id}/entries`, { kind: 'manual_credit', amount: 2000, reason: 'Gift card' }).expect(201);
    await holdBonus(plugin.app, { tabId: 'tab-forgotten', accountId: account.id, amount: 1500, idempotencyKey: 'forgotten-1' }).expect(201);
    expect((await run('hold-release')).outcome).toMatchObject({ holds: 0 });
    expect(await balanceOf(plugin.app, account.id)).toEqual({ total: 2000, held: 1500, available: 500 });
    later(11 / 1440);
    expect((await run('hold-release')).outcome).toMatchObject({ holds: 1 });
    expect(await balanceOf(plugin.app, account.id)).toEqual({ total: 2000, held: 0, available: 2000 });
    expect((await run('hold-release')).outcome).toMatchObject({ holds: 0 });
  });

  it('gives the birthday benefit on the birthday in the restaurant’s time zone, once a year', async () => {
    await manage('post', '/promotion-categories', { code: 'BIRTHDAY', name: 'Birthday week' }).expect(201);
    expect((await manage('put', '/birthday-benefit', { enabled: true, accountTypeCode: 'points' }).expect(422)).body.code).toBe('incomplete_benefit');
    await manage('put', '/birthday-benefit', { enabled: true, accountTypeCode: 'points', amount: 500, categoryCode: 'BIRTHDAY', categoryDays: 7 }).expect(200);
    // 23:30 UTC on the 23rd is already the 24th in Stockholm.
    plugin.clock.current = new Date('2027-03-23T23:30:00Z');
    const today = await createCustomer(plugin.app, { birthDate: '1990-03-24' });
    const tomorrow = await createCustomer(plugin.app, { birthDate: '1990-03-25' });
    await bindCard(plugin.app, today.id, `BDAY-${process.pid}`);

    expect((await run('birthdays')).outcome).toEqual({ guests: 1 });
    const guestCard = (await identify(plugin.app, card(`BDAY-${process.pid}`)).expect(200)).body;
    expect(guestCard.balances).toEqual([expect.objectContaining({ accountType: 'points', available: 500 })]);
    expect(guestCard.categories).toEqual(['BIRTHDAY']);
    expect((await run('birthdays')).outcome).toEqual({ guests: 0 });
    expect((await manage('get', `/customers/${tomorrow.id}/accounts`).expect(200)).body).toEqual([]);

    plugin.clock.current = new Date('2028-03-23T23:30:00Z');
    expect((await run('birthdays')).outcome).toEqual({ guests: 1 });
    // A 29 February birthday is kept on the 28th in other years.
    plugin.clock.current = new Date('2027-02-28T08:00:00Z');
    await createCustomer(plugin.app, { birthDate: '2000-02-29' });
    expect((await run('birthdays')).outcome).toEqual({ guests: 1 });
  });

  it('gives a birthday coupon of the guest’s own, on their card, for the days the tenant chose', async () => {
    await manage('post', '/promotion-categories', { code: 'BDAY_CAKE', name: 'Birthday cake' }).expect(201);
    expect((await manage('put', '/birthday-benefit', { enabled: true, couponCategoryCode: 'NO_SUCH' }).expect(422)).body.message).toContain('couponCategoryCode');
    await manage('put', '/birthday-benefit', { enabled: true, couponCategoryCode: 'BDAY_CAKE', couponDays: 14 }).expect(200);
    try {
      plugin.clock.current = new Date('2027-05-10T06:00:00Z');
      const guest = await createCustomer(plugin.app, { birthDate: '1993-05-10' });
      await bindCard(plugin.app, guest.id, `COUPON-${process.pid}`);
      expect((await run('birthdays')).outcome).toEqual({ guests: 1 });
      expect((await run('birthdays')).outcome).toEqual({ guests: 0 });
      const guestCard = (await identify(plugin.app, card(`COUPON-${process.pid}`)).expect(200)).body;
      expect(guestCard.coupons).toEqual([{ code: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{11}$/), categoryCode: 'BDAY_CAKE', validTo: '2027-05-24T06:00:00.000Z' }]);
      expect(guestCard.balances).toEqual([]);
    } finally {
      await manage('put', '/birthday-benefit', { enabled: false }).expect(200);
    }
  });

  it('schedules the jobs at start-up in the plugin’s time zone, with the crons the options give', async () => {
    const scheduling = await startPlugin(engine, { timeZone: 'Asia/Ho_Chi_Minh', jobs: { tiers: '0 2 * * *', 'hold-release': false } });
    try {
      const crons = scheduling.app.get(SchedulerRegistry).getCronJobs();
      expect([...crons.keys()].sort()).toEqual(['regulars:birthdays', 'regulars:event-retention', 'regulars:lot-expiry', 'regulars:reports', 'regulars:tiers']);
      const schedule = Object.fromEntries([...crons].map(([name, job]) => [name, { cron: job.cronTime.source, timeZone: job.cronTime.timeZone, running: job.isActive }]));
      expect(schedule).toEqual({
        'regulars:tiers': { cron: '0 2 * * *', timeZone: 'Asia/Ho_Chi_Minh', running: true },
        'regulars:lot-expiry': { cron: '30 3 * * *', timeZone: 'Asia/Ho_Chi_Minh', running: true },
        'regulars:birthdays': { cron: '0 6 * * *', timeZone: 'Asia/Ho_Chi_Minh', running: true },
        'regulars:event-retention': { cron: '15 4 * * *', timeZone: 'Asia/Ho_Chi_Minh', running: true },
        'regulars:reports': { cron: '45 4 * * *', timeZone: 'Asia/Ho_Chi_Minh', running: true },
      });
      // 02:00 in Ho Chi Minh City (UTC+7, no summer time) is 19:00 UTC.
      const next = crons.get('regulars:tiers')!.nextDate().toUTC();
      expect([next.hour, next.minute]).toEqual([19, 0]);
    } finally {
      await scheduling.close();
    }
  });

  it('runs from the command line, with a progress bar on a terminal and a line per tenant', async () => {
    await customersDueADowngrade(2);
    const written: string[] = [];
    const terminal = { isTTY: true, write: (text: string) => written.push(text) };
    const code = await runJobCommand(['tiers', '--tenant', TENANT], { DATABASE_URL: plugin.database.url, REGULARS_TIME_ZONE: 'Europe/Stockholm' }, terminal);
    expect(code).toBe(0);
    const text = written.join('');
    expect(text).toMatch(/\rtiers {2}\[#+\] 100% {2}[\d,]+ \/ [\d,]+/);
    expect(text).toMatch(new RegExp(`tiers for ${TENANT}: succeeded in [\\d.]+ s — customers \\d+, upgrades 0, downgrades 2`));
    const usage: string[] = [];
    expect(await runJobCommand(['payroll'], {}, { write: (text: string) => usage.push(text) })).toBe(2);
    expect(usage.join('')).toContain('usage: regulars job <tiers|lot-expiry|hold-release|birthdays|event-retention|reports>');
  });
});
