import mysql from 'mysql2/promise';
import { addDays } from '../src/common/calendar.js';
import { JobRunner } from '../src/modules/jobs/job-runner.service.js';
import { REPORT_NAMES } from '../src/modules/reports/dto/report.dto.js';
import { ReportsService } from '../src/modules/reports/reports.service.js';
import { benchDatabase } from './support/environment.js';
import { inSlices, insertGuests, insertGuestTotals, SEED_CHUNK, seededAccountId, seededCustomerId, sqlTime } from './support/seeded-guests.js';
import { startHost } from './support/host.js';
import type { BenchResult } from './support/result.js';
import { repeat, type Summary } from './support/stats.js';

export interface ReportsParams {
  customers: number;
  visitsPerCustomer: number;
  warmups: number;
  repeats: number;
  /** The InnoDB buffer pool the run needs at least, as a server holding a chain's visits would have; raised for the run and put back after. */
  bufferPoolMiB: number;
}

/** A real chain's size: 1,000,000 customers and 10,000,000 visits over two years. */
export const REPORTS_DEFAULTS: ReportsParams = { customers: 1_000_000, visitsPerCustomer: 10, warmups: 1, repeats: 3, bufferPoolMiB: 4096 };

const TENANT = 'bench';
const SECRET = 'bench-secret-0123456789abcdef';
/** The visits span the two years before today; customers join over the same two years. */
const HISTORY_DAYS = 730;
const TARGET_MS = 2000;

/**
 * Every report over the last month and the last twelve months of a tenant with N customers
 * and 10·N visits over two years, each visit with its points accrual, a quarter of the
 * guests moved up a tier, one visit in a hundred taking a reward; seeded in SQL (MariaDB's
 * sequence engine), summed by the nightly reports job once, then each report timed. The
 * reference is a plain COUNT(*) of the tenant's visits over the same twelve months.
 */
export async function reportsBenchmark(params: ReportsParams = REPORTS_DEFAULTS): Promise<BenchResult> {
  const database = await benchDatabase();
  const { app } = await startHost({ database: { url: database.url }, tenantSecrets: { [TENANT]: SECRET }, runMigrations: true, jobs: false });
  const pool = mysql.createPool({ uri: database.url, connectionLimit: 4, dateStrings: true });
  const [[{ bytes: bufferPoolBefore }]] = (await pool.query('SELECT @@innodb_buffer_pool_size AS bytes')) as unknown as [{ bytes: number }[]];
  // The distribution's default (128 MiB) reads a chain's visits from disk at every query.
  const bufferPool = Math.max(Number(bufferPoolBefore), params.bufferPoolMiB * 1048576);
  if (bufferPool > Number(bufferPoolBefore)) await pool.query(`SET GLOBAL innodb_buffer_pool_size = ${bufferPool}`);
  try {
    const today = new Date().toISOString().slice(0, 10);
    const start = addDays(today, -HISTORY_DAYS);
    const seedStarted = process.hrtime.bigint();
    await seed(pool, params, start);
    const seedSeconds = Number(process.hrtime.bigint() - seedStarted) / 1e9;

    const jobStarted = process.hrtime.bigint();
    const run = await app.get(JobRunner).run('reports', TENANT, { trigger: 'cli' });
    if (run.status !== 'succeeded') throw new Error(`the reports job failed: ${run.error}`);
    const jobSeconds = Number(process.hrtime.bigint() - jobStarted) / 1e9;

    const reports = app.get(ReportsService);
    const periods = { month: { from: addDays(today, -29), to: today }, year: { from: addDays(today, -364), to: today } };
    const timings: Record<string, Summary> = {};
    for (const [period, { from, to }] of Object.entries(periods)) {
      for (const report of REPORT_NAMES) {
        timings[`${report}/${period}`] = await repeat(async () => {
          const started = process.hrtime.bigint();
          await reports.report(TENANT, report, { from, to });
          return Number(process.hrtime.bigint() - started) / 1e6;
        }, params);
      }
    }
    const reference = await repeat(async () => {
      const started = process.hrtime.bigint();
      await pool.query("SELECT COUNT(*) FROM rc_visits WHERE tenant_id = ? AND closed_at >= ? AND closed_at < ? AND status = 'closed'", [TENANT, periods.year.from, addDays(today, 1)]);
      return Number(process.hrtime.bigint() - started) / 1e6;
    }, params);
    const [slowest, figure] = Object.entries(timings).sort(([, a], [, b]) => b.median - a.median)[0];
    return {
      name: 'reports',
      what: `each report (${REPORT_NAMES.join(', ')}) over the last 30 and 365 days of ${params.customers.toLocaleString('en')} customers and ${(params.customers * params.visitsPerCustomer).toLocaleString('en')} visits over two years, after one run of the nightly reports job`,
      figure: { ...figure, unit: 'ms' },
      reference: { ...reference, unit: 'ms', what: "SELECT COUNT(*) of the tenant's closed visits over the same 365 days" },
      ratioPercent: (figure.median / reference.median) * 100,
      target: `the slowest report's median ≤ ${TARGET_MS} ms`,
      met: figure.median <= TARGET_MS,
      details: {
        slowest,
        ...Object.fromEntries(Object.entries(timings).map(([name, summary]) => [name, Math.round(summary.median)])),
        seedSeconds: Math.round(seedSeconds),
        jobSeconds: Math.round(jobSeconds),
        bufferPoolMiB: Math.round(bufferPool / 1048576),
      },
    };
  } finally {
    if (bufferPool > Number(bufferPoolBefore)) await pool.query(`SET GLOBAL innodb_buffer_pool_size = ${Number(bufferPoolBefore)}`);
    await pool.end();
    await app.close();
    await database.drop();
  }
}

/**
 * Customers joining evenly over the history, each with ten visits between joining and
 * yesterday; every visit's accrual on the guest's points account; the guests' totals with
 * their first and second visits; tiers and rewards. Statements over MariaDB's seq_ tables.
 */
async function seed(pool: mysql.Pool, params: ReportsParams, start: string): Promise<void> {
  const customers = params.customers;
  const visits = customers * params.visitsPerCustomer;
  const base = `${start} 00:00:00`;
  // Joined on a day of the history and a second of that day, spread evenly by co-prime steps.
  const joined = (n: string) => `(${sqlTime(base)} + INTERVAL ((${n} * 37) % ${HISTORY_DAYS}) DAY + INTERVAL ((${n} * 7919) % 86400) SECOND)`;
  const left = (n: string) => `((${HISTORY_DAYS} - (${n} * 37) % ${HISTORY_DAYS}) * 86400 - (${n} * 7919) % 86400)`;
  await pool.query(
    `INSERT INTO rc_account_types (tenant_id, id, code, name, kind, unit, rounding_step, allow_negative, credit_limit, expiry, daily_spend_limit, active, created_at, updated_at, updated_by)
     VALUES (?, 'at_points', 'points', 'Points', 'points', 'points', 1, 0, 0, '{"kind":"never"}', NULL, 1, ?, ?, 'bench')`,
    [TENANT, base, base],
  );
  await pool.query(
    `INSERT INTO rc_tiers (tenant_id, id, code, name, tier_rank, categories, metric, threshold, window_days, auto_enter, never_downgrade, active, created_at, updated_at, updated_by)
     VALUES (?, 't_silver', 'SILVER', 'Silver', 1, '[]', 'spent', 20000, NULL, 1, 0, 1, ?, ?, 'bench'), (?, 't_gold', 'GOLD', 'Gold', 2, '[]', 'spent', 60000, NULL, 1, 0, 1, ?, ?, 'bench')`,
    [TENANT, base, base, TENANT, base, base],
  );
  await pool.query(
    `INSERT INTO rc_rewards (tenant_id, id, code, name, description, benefit, account_type_id, price, available_from, available_to, days_of_week, time_from, time_to, active, created_at, updated_at, updated_by)
     VALUES (?, 'rw_dessert', 'DESSERT', 'Dessert of the day', NULL, '{"kind":"amount_off","amount":500}', 'at_points', 300, NULL, NULL, NULL, NULL, NULL, 1, ?, ?, 'bench')`,
    [TENANT, base, base],
  );
  await inSlices(customers, SEED_CHUNK, (from, count) =>
    insertGuests(pool, TENANT, from, count, { joinedAt: joined, tierId: (n) => `CASE WHEN ${n} % 4 = 0 THEN 't_silver' WHEN ${n} % 20 = 1 THEN 't_gold' ELSE NULL END` }),
  );
  for (let from = 0; from < visits; from += SEED_CHUNK) {
    // Visit n is guest c's j-th: at a pseudo-random second between the guest joining and the end of yesterday.
    await pool.query(
      `INSERT INTO rc_visits (tenant_id, id, customer_id, tab_id, status, currency, location_id, started_at, closed_at, gross, discount, net, tax, service_charge, bonus_paid,
                              earned, spent, points_earned, discounts, refunded, updated_at)
       SELECT ?, CONCAT('v', LPAD(n, 10, '0')), ${seededCustomerId('c')}, CONCAT('tab-', n), 'closed', 'EUR', CONCAT('cafe-', n % 5), closed - INTERVAL 1 HOUR, closed,
              gross, discount, gross - discount, 0, 0, 0, CONCAT('{"points":', FLOOR((gross - discount) / 10), '}'), '{}', FLOOR((gross - discount) / 10),
              CASE WHEN discount > 0 THEN CONCAT('[{"ruleId":"r_regulars","ruleVersion":1,"categoryCode":"REGULARS","amount":', discount, '}]') ELSE '[]' END, 0, closed
       FROM (SELECT n, c, gross, CASE WHEN n % 3 = 0 THEN FLOOR(gross / 10) ELSE 0 END AS discount,
                    ${joined('c')} + INTERVAL FLOOR(${left('c')} * ((n * 7907) % 1000003) / 1000003) SECOND AS closed
             FROM (SELECT s.seq + ${from} AS n, (s.seq + ${from} - 1) % ${customers} + 1 AS c, 1000 + ((s.seq + ${from}) * 7919) % 9000 AS gross FROM seq_1_to_${Math.min(SEED_CHUNK, visits - from)} s) numbered) v`,
      [TENANT],
    );
    await pool.query(
      `INSERT INTO rc_ledger_entries (tenant_id, id, account_id, sequence, kind, amount, held_change, balance_after, held_after, customer_id, tab_id, visit_id, idempotency_key, reason, actor_id, created_at)
       SELECT tenant_id, CONCAT('le', SUBSTR(id, 2)), CONCAT('a', SUBSTR(customer_id, 2)), FLOOR((CAST(SUBSTR(id, 2) AS UNSIGNED) - 1) / ${customers}) + 1, 'accrual',
              points_earned, 0, 0, 0, customer_id, tab_id, id, CONCAT('accrual:', id), 'tab closed', 'bench', closed_at
       FROM rc_visits WHERE tenant_id = ? AND id BETWEEN CONCAT('v', LPAD(?, 10, '0')) AND CONCAT('v', LPAD(?, 10, '0'))`,
      [TENANT, from + 1, Math.min(from + SEED_CHUNK, visits)],
    );
  }
  await inSlices(customers, SEED_CHUNK, async (from, count) => {
    await insertGuestTotals(pool, TENANT, from, count);
    const range = [seededCustomerId(String(from + 1)), seededCustomerId(String(from + count))];
    await pool.query(
      `INSERT INTO rc_accounts (tenant_id, id, holder_type, holder_id, account_type_id, status, total, held, entry_count, created_at, updated_at)
       SELECT tenant_id, ${seededAccountId('SUBSTR(customer_id, 2)')}, 'customer', customer_id, 'at_points', 'open', points_earned, 0, visits, first_visit_at, last_visit_at
       FROM rc_customer_totals WHERE tenant_id = ? AND customer_id BETWEEN ${range[0]} AND ${range[1]}`,
      [TENANT],
    );
    // The guests in a tier came into it at their second visit.
    await pool.query(
      `INSERT INTO rc_tier_moves (tenant_id, id, customer_id, from_tier_id, to_tier_id, reason, metric, metric_value, threshold, moved_at, source_key)
       SELECT t.tenant_id, CONCAT('tm', SUBSTR(t.customer_id, 2)), t.customer_id, NULL, c.tier_id, 'threshold_reached', 'spent', t.spent, 20000, t.second_visit_at, CONCAT('bench:', t.customer_id)
       FROM rc_customer_totals t JOIN rc_customers c ON c.tenant_id = t.tenant_id AND c.id = t.customer_id
       WHERE t.tenant_id = ? AND t.customer_id BETWEEN ${range[0]} AND ${range[1]} AND c.tier_id IS NOT NULL`,
      [TENANT],
    );
  });
  // One visit in a hundred took the dessert for its points.
  await pool.query(
    `INSERT INTO rc_holds (tenant_id, id, account_id, tab_id, amount, captured_amount, status, idempotency_key, request_hash, reward_id, customer_id, actor_id, expires_at, created_at, resolved_at)
     SELECT tenant_id, CONCAT('h', SUBSTR(id, 2)), CONCAT('a', SUBSTR(customer_id, 2)), tab_id, 300, 300, 'captured', CONCAT('reward:', id), 'bench', 'rw_dessert', customer_id, 'bench',
            closed_at, started_at, closed_at
     FROM rc_visits WHERE tenant_id = ? AND id LIKE '%00'`,
    [TENANT],
  );
  await pool.query('ANALYZE TABLE rc_customers, rc_visits, rc_ledger_entries, rc_customer_totals, rc_accounts, rc_tier_moves, rc_holds');
}
