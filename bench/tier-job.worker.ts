import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import mysql from 'mysql2/promise';
import { RegularsModule } from '../src/index.js';
import { UnitOfWork } from '../src/common/database/unit-of-work.js';
import { JobRunner } from '../src/modules/jobs/job-runner.service.js';
import { TiersService } from '../src/modules/tiers/tiers.service.js';
import { benchDatabase, dropDatabase } from './support/environment.js';
import { summarise, type Summary } from './support/stats.js';

/**
 * One size of the tier-job benchmark, run as two processes (`prepare N`, then
 * `measure <url> N repeats`) so the measured one's peak RSS is the job's own: N
 * customers with three visits each over the last 400 days, tiers on the spend of the
 * last 365 days. Each step prints one JSON line.
 */
export interface TierJobSample {
  customers: number;
  job: Summary;
  reference: Summary;
  peakRssMiB: number;
  baselineRssMiB: number;
  moves: number;
}

const TENANT = 'bench';
const VISITS_PER_CUSTOMER = 3;
const WINDOW_DAYS = 365;

async function generate(pool: mysql.Pool, customers: number): Promise<void> {
  // A numbers table by doubling, on MySQL and MariaDB alike.
  await pool.query('CREATE TABLE bench_numbers (n INT PRIMARY KEY)');
  await pool.query('INSERT INTO bench_numbers VALUES (1)');
  for (let have = 1; have < customers; have *= 2) {
    await pool.query('INSERT INTO bench_numbers SELECT n + ? FROM bench_numbers WHERE n + ? <= ?', [have, have, customers]);
  }
  await pool.query(
    `INSERT INTO rc_customers (tenant_id, id, kind, status, first_name, last_name, search_name, preference_tags, marketing_consent, created_at, created_by, updated_at, updated_by)
     SELECT ?, CONCAT('c_bench', LPAD(n, 9, '0')), 'individual', 'active', 'Guest', CONCAT('No', n), CONCAT('guest no', n), '[]', 0, NOW(3), 'bench', NOW(3), 'bench'
     FROM bench_numbers`,
    [TENANT],
  );
  for (let k = 1; k <= VISITS_PER_CUSTOMER; k++) {
    await pool.query(
      `INSERT INTO rc_visits (tenant_id, id, customer_id, tab_id, status, currency, started_at, closed_at, gross, discount, net, tax, service_charge, bonus_paid,
                              earned, spent, points_earned, discounts, refunded, updated_at)
       SELECT ?, CONCAT('v_bench', LPAD(n, 9, '0'), ?), CONCAT('c_bench', LPAD(n, 9, '0')), CONCAT('tab-', n, '-', ?), 'closed', 'EUR',
              NOW(3) - INTERVAL ((n * ? * 7919) % 400) DAY, NOW(3) - INTERVAL ((n * ? * 7919) % 400) DAY,
              (n * ? * 104729) % 60000, 0, (n * ? * 104729) % 60000, 0, 0, 0, '{}', '{}', ((n * ? * 104729) % 60000) DIV 10, '[]', 0, NOW(3)
       FROM bench_numbers`,
      [TENANT, k, k, k, k, k, k, k],
    );
  }
  await pool.query(
    `INSERT INTO rc_customer_totals (tenant_id, customer_id, spent, visits, points_earned, first_visit_at, last_visit_at)
     SELECT tenant_id, customer_id, SUM(net), COUNT(*), SUM(points_earned), MIN(closed_at), MAX(closed_at) FROM rc_visits WHERE tenant_id = ? GROUP BY tenant_id, customer_id`,
    [TENANT],
  );
  await pool.query('ANALYZE TABLE rc_customers, rc_visits, rc_customer_totals');
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const SECRET = 'bench-secret-0123456789abcdef';
/**
 * The nights the job runs on: a job moves a customer once per business day, so each run
 * of the benchmark is the next night, as in a restaurant.
 */
const nights = { current: new Date(), now: () => new Date(nights.current) };
const nextNight = () => (nights.current = new Date(nights.current.getTime() + 86_400_000));
const plugin = (url: string) =>
  NestFactory.createApplicationContext(RegularsModule.forRoot({ database: { url }, tenantSecrets: { [TENANT]: SECRET }, runMigrations: true, jobs: false, clock: nights }), {
    logger: false,
  });

async function runTierJob(runner: JobRunner): Promise<number> {
  const run = await runner.run('tiers', TENANT, { trigger: 'cli' });
  if (run.status !== 'succeeded') throw new Error(`the tier job failed: ${run.error}`);
  return run.rowsTouched;
}

/** Step one: the data, its tiers, and the first night that puts everyone in their tier. */
async function prepare(customers: number): Promise<string> {
  const database = await benchDatabase();
  const app = await plugin(database.url);
  const pool = mysql.createPool({ uri: database.url, connectionLimit: 4 });
  try {
    await generate(pool, customers);
    const actor = { tenantId: TENANT, id: 'bench', permissions: [] };
    const tiers = app.get(TiersService);
    await app.get(UnitOfWork).transaction(async () => {
      await tiers.create(actor, { code: 'SILVER', name: 'Silver', rank: 1, metric: 'spent', threshold: 60_000, windowDays: WINDOW_DAYS });
      await tiers.create(actor, { code: 'GOLD', name: 'Gold', rank: 2, metric: 'spent', threshold: 120_000, windowDays: WINDOW_DAYS });
    });
    await runTierJob(app.get(JobRunner));
    return database.url;
  } catch (error) {
    await database.drop();
    throw error;
  } finally {
    await pool.end();
    await app.close();
  }
}

/**
 * Step two, in a fresh process so its memory is the job's: ordinary nights, where one
 * customer in a hundred has a move due, then the reference query. Drops the database.
 */
async function measure(url: string, customers: number, repeats: number): Promise<TierJobSample> {
  const app = await plugin(url);
  const pool = mysql.createPool({ uri: url, connectionLimit: 4 });
  try {
    const runner = app.get(JobRunner);
    globalThis.gc?.();
    const memory = { baseline: process.memoryUsage().rss, peak: process.memoryUsage().rss };
    const jobTimes: number[] = [];
    let moves = 0;
    for (let i = 0; i < repeats; i++) {
      await pool.query('UPDATE rc_customers SET tier_id = NULL WHERE tenant_id = ? AND MOD(CAST(SUBSTR(id, 8) AS UNSIGNED), 100) = ?', [TENANT, i]);
      nextNight();
      const sampler = setInterval(() => (memory.peak = Math.max(memory.peak, process.memoryUsage().rss)), 10);
      try {
        jobTimes.push(await timed(async () => (moves = await runTierJob(runner))));
      } finally {
        clearInterval(sampler);
      }
    }

    await pool.query('CREATE TABLE bench_standing (customer_id VARCHAR(32) PRIMARY KEY, spent BIGINT NOT NULL)');
    const referenceTimes: number[] = [];
    for (let i = 0; i < repeats; i++) {
      await pool.query('TRUNCATE TABLE bench_standing');
      referenceTimes.push(
        await timed(() =>
          pool.query(
            `INSERT INTO bench_standing (customer_id, spent)
             SELECT customer_id, SUM(net - refunded) FROM rc_visits
             WHERE tenant_id = ? AND status = 'closed' AND closed_at > NOW(3) - INTERVAL ? DAY GROUP BY customer_id`,
            [TENANT, WINDOW_DAYS],
          ),
        ),
      );
    }
    const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
    return { customers, job: summarise(jobTimes), reference: summarise(referenceTimes), peakRssMiB: mib(memory.peak), baselineRssMiB: mib(memory.baseline), moves };
  } finally {
    await pool.end();
    await app.close();
    await dropDatabase(url);
  }
}

const [step, ...args] = process.argv.slice(2);
const work = step === 'prepare' ? prepare(Number(args[0])) : measure(args[0], Number(args[1]), Number(args[2]));
work.then(
  (answer) => process.stdout.write(`${JSON.stringify(answer)}\n`),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exitCode = 1;
  },
);
