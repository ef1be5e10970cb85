import mysql from 'mysql2/promise';
import { UnitOfWork } from '../src/common/database/unit-of-work.js';
import { AccountTypesService } from '../src/modules/accounts/account-types.service.js';
import type { ExpiryPolicy } from '../src/modules/accounts/entities/account-type.entity.js';
import { expiryOf } from '../src/modules/accounts/purse.js';
import { JobRunner } from '../src/modules/jobs/job-runner.service.js';
import { benchDatabase } from './support/environment.js';
import { startHost } from './support/host.js';
import type { BenchResult } from './support/result.js';
import { repeat } from './support/stats.js';

export interface ExpiryParams {
  /** Expired points lots, four to a regular's account. */
  lots: number;
  /** Untimed and timed runs of the job; each finds the same lots again, restored before it. */
  warmups: number;
  repeats: number;
}

/**
 * One timed run and no warm-up: the job costs the same per lot from its first hundred
 * lots on, so a cold start moves the figure by well under 1%, and a second run would
 * double the minute that 10 000 lots take here.
 */
export const EXPIRY_DEFAULTS: ExpiryParams = { lots: 10_000, warmups: 0, repeats: 1 };

const TENANT = 'bench';
const SECRET = 'bench-secret-0123456789abcdef';
const LOTS_PER_ACCOUNT = 4;
const POLICY: ExpiryPolicy = { kind: 'days_after_credit', days: 30 };
/** Long enough ago that every lot is past its expiry whatever the policy's rounding. */
const CREDITED_DAYS_AGO = 400;
/** The reference takes a fraction of a second, so it always warms up and repeats. */
const REFERENCE_RUNS = { warmups: 1, repeats: 5 };

/** Where one copy of the purse data lives: the plugin's tables, or the reference's look-alikes. */
interface PurseTables {
  accounts: string;
  lots: string;
  entries: string;
}

const PLUGIN_TABLES: PurseTables = { accounts: 'rc_accounts', lots: 'rc_lots', entries: 'rc_ledger_entries' };
const REFERENCE_TABLES: PurseTables = { accounts: 'bench_accounts', lots: 'bench_lots', entries: 'bench_ledger_entries' };

/**
 * The nightly lot expiry over N expired points lots, beside the same write-off as three
 * hand-written set-based statements on a copy of the same data.
 */
export async function expiryBenchmark(params: ExpiryParams = EXPIRY_DEFAULTS): Promise<BenchResult> {
  const database = await benchDatabase();
  const { app } = await startHost({ database: { url: database.url }, tenantSecrets: { [TENANT]: SECRET }, runMigrations: true, jobs: false });
  const pool = mysql.createPool({ uri: database.url, connectionLimit: 4 });
  try {
    const type = await app.get(UnitOfWork).transaction(() =>
      app.get(AccountTypesService).create({ tenantId: TENANT, id: 'bench', permissions: [] }, { code: 'points', name: 'Points', kind: 'points', unit: 'points', expiry: POLICY }),
    );
    await creditExpiredLots(pool, params.lots, type.id, new Date(Date.now() - CREDITED_DAYS_AGO * 86_400_000));
    const generatedDrift = await countDrift(pool, PLUGIN_TABLES);
    await copyPurses(pool);

    const runner = app.get(JobRunner);
    let mismatches = 0;
    const job = await repeat(async () => {
      await restorePurses(pool, PLUGIN_TABLES);
      const { seconds, answer: run } = await timed(() => runner.run('lot-expiry', TENANT, { trigger: 'cli' }));
      if (run.status !== 'succeeded') throw new Error(`the lot-expiry job failed: ${run.error}`);
      mismatches += Math.abs(run.rowsTouched - params.lots) + (await countUnexpired(pool, PLUGIN_TABLES, params.lots));
      return seconds;
    }, params);
    const reference = await repeat(async () => {
      await restorePurses(pool, REFERENCE_TABLES);
      const { seconds } = await timed(() => expireBySet(pool));
      mismatches += await countUnexpired(pool, REFERENCE_TABLES, params.lots);
      return seconds;
    }, REFERENCE_RUNS);

    const ratioPercent = (job.median / reference.median) * 100;
    return {
      name: 'expiry',
      what: `lot-expiry job (JobRunner.run, trigger cli) over ${params.lots.toLocaleString('en')} expired points lots, ${LOTS_PER_ACCOUNT} to an account`,
      figure: { ...job, unit: 's' },
      reference: {
        ...reference,
        unit: 's',
        what: 'one transaction on a copy of the same data: INSERT … SELECT the expiry entries (sequence and balance by window), UPDATE … JOIN the accounts, UPDATE the lots',
      },
      ratioPercent,
      target: '≤ 200% of the reference; every lot expired once, balances 0',
      met: ratioPercent <= 200 && mismatches === 0 && generatedDrift === 0,
      details: {
        mismatches,
        generatedDrift,
        lotsPerSecond: Math.round(params.lots / job.median),
        accounts: Math.ceil(params.lots / LOTS_PER_ACCOUNT),
      },
    };
  } finally {
    await pool.end();
    await app.close();
    await database.drop();
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; answer: T }> {
  const started = process.hrtime.bigint();
  const answer = await work();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, answer };
}

/**
 * As the ledger writes credits, set-based: per account four `accrual` entries numbered
 * 1–4 with their running balance, a lot per entry that has expired, and the account's
 * cached total and entry count from its entries.
 */
async function creditExpiredLots(pool: mysql.Pool, lots: number, accountTypeId: string, creditedAt: Date): Promise<void> {
  // The plugin's default time zone, as the ledger would have dated them.
  const expiresAt = expiryOf(POLICY, creditedAt, 'UTC')!;
  // A numbers table by doubling, on MySQL and MariaDB alike.
  await pool.query('CREATE TABLE bench_numbers (n INT PRIMARY KEY)');
  await pool.query('INSERT INTO bench_numbers VALUES (1)');
  for (let have = 1; have < lots; have *= 2) {
    await pool.query('INSERT INTO bench_numbers SELECT n + ? FROM bench_numbers WHERE n + ? <= ?', [have, have, lots]);
  }
  await pool.query(
    `INSERT INTO rc_customers (tenant_id, id, kind, status, first_name, last_name, search_name, preference_tags, marketing_consent, created_at, created_by, updated_at, updated_by)
     SELECT ?, CONCAT('c_bench', LPAD(n, 9, '0')), 'individual', 'active', 'Guest', CONCAT('No', n), CONCAT('guest no', n), '[]', 0, ?, 'bench', ?, 'bench'
     FROM bench_numbers WHERE n <= ?`,
    [TENANT, creditedAt, creditedAt, Math.ceil(lots / LOTS_PER_ACCOUNT)],
  );
  await pool.query(
    `INSERT INTO rc_ledger_entries (tenant_id, id, account_id, sequence, kind, amount, held_change, balance_after, held_after, customer_id, idempotency_key, reason, actor_id, created_at)
     SELECT ?, CONCAT('le_bench', LPAD(n, 9, '0')), CONCAT('a_bench', LPAD(holder, 9, '0')), n - (holder - 1) * ?, 'accrual', amount, 0,
            SUM(amount) OVER (PARTITION BY holder ORDER BY n), 0, CONCAT('c_bench', LPAD(holder, 9, '0')), CONCAT('accrual:bench-tab-', n, ':points'), 'tab closed', 'bench', ?
     FROM (SELECT n, CEIL(n / ?) AS holder, 100 + (n * 7919) % 900 AS amount FROM bench_numbers) credits`,
    [TENANT, LOTS_PER_ACCOUNT, creditedAt, LOTS_PER_ACCOUNT],
  );
  await pool.query(
    `INSERT INTO rc_lots (tenant_id, id, account_id, entry_id, amount, remaining, expires_at, created_at)
     SELECT tenant_id, CONCAT('lot_bench', SUBSTR(id, 9)), account_id, id, amount, amount, ?, created_at FROM rc_ledger_entries WHERE tenant_id = ?`,
    [expiresAt, TENANT],
  );
  await pool.query(
    `INSERT INTO rc_accounts (tenant_id, id, holder_type, holder_id, account_type_id, status, total, held, entry_count, created_at, updated_at)
     SELECT tenant_id, account_id, 'customer', customer_id, ?, 'open', 0, 0, 0, MIN(created_at), MIN(created_at) FROM rc_ledger_entries WHERE tenant_id = ? GROUP BY tenant_id, account_id, customer_id`,
    [accountTypeId, TENANT],
  );
  await pool.query('DROP TABLE bench_numbers');
  await restorePurses(pool, PLUGIN_TABLES);
  await pool.query('ANALYZE TABLE rc_accounts, rc_lots, rc_ledger_entries');
}

/** The reference's copy: the same rows and keys in look-alike tables the plugin never touches. */
async function copyPurses(pool: mysql.Pool): Promise<void> {
  for (const table of ['accounts', 'lots', 'entries'] as const) {
    await pool.query(`CREATE TABLE ${REFERENCE_TABLES[table]} LIKE ${PLUGIN_TABLES[table]}`);
    await pool.query(`INSERT INTO ${REFERENCE_TABLES[table]} SELECT * FROM ${PLUGIN_TABLES[table]}`);
  }
}

/** Back to the credits alone: expiry entries gone, lots whole, accounts as their entries say. */
async function restorePurses(pool: mysql.Pool, tables: PurseTables): Promise<void> {
  await pool.query(`DELETE FROM ${tables.entries} WHERE tenant_id = ? AND kind = 'expiry'`, [TENANT]);
  await pool.query(`UPDATE ${tables.lots} SET remaining = amount, settled_at = NULL WHERE tenant_id = ?`, [TENANT]);
  await pool.query(
    `UPDATE ${tables.accounts} a JOIN (SELECT account_id, SUM(amount) AS total, COUNT(*) AS entries FROM ${tables.entries} WHERE tenant_id = ? GROUP BY account_id) e ON e.account_id = a.id
     SET a.total = e.total, a.entry_count = e.entries WHERE a.tenant_id = ?`,
    [TENANT, TENANT],
  );
}

/**
 * What the job does, written by hand as sets: one expiry entry per lot numbered on from
 * the account's entries with its running balance, the accounts less what expired, the
 * lots emptied. (Nothing is held here, so each lot's whole remainder expires.)
 */
async function expireBySet(pool: mysql.Pool): Promise<void> {
  const { accounts, lots, entries } = REFERENCE_TABLES;
  const now = new Date();
  const connection = await pool.getConnection();
  try {
    await connection.beginTransaction();
    await connection.query(
      `INSERT INTO ${entries} (tenant_id, id, account_id, sequence, kind, amount, held_change, balance_after, held_after, expired_lot_id, reason, created_at)
       SELECT l.tenant_id, CONCAT('le_x', SUBSTR(l.id, 5)), l.account_id, a.entry_count + ROW_NUMBER() OVER w, 'expiry', -l.remaining, 0,
              a.total - SUM(l.remaining) OVER w, a.held, l.id, 'points expired', ?
       FROM ${lots} l JOIN ${accounts} a ON a.tenant_id = l.tenant_id AND a.id = l.account_id
       WHERE l.tenant_id = ? AND l.expires_at <= ? AND l.remaining > 0
       WINDOW w AS (PARTITION BY l.account_id ORDER BY l.id)`,
      [now, TENANT, now],
    );
    await connection.query(
      `UPDATE ${accounts} a JOIN (SELECT account_id, SUM(amount) AS expired, COUNT(*) AS entries FROM ${entries} WHERE tenant_id = ? AND kind = 'expiry' GROUP BY account_id) e
         ON e.account_id = a.id
       SET a.total = a.total + e.expired, a.entry_count = a.entry_count + e.entries, a.updated_at = ? WHERE a.tenant_id = ?`,
      [TENANT, now, TENANT],
    );
    await connection.query(`UPDATE ${lots} SET remaining = 0 WHERE tenant_id = ? AND expires_at <= ? AND remaining > 0`, [TENANT, now]);
    await connection.commit();
  } catch (error) {
    await connection.rollback();
    throw error;
  } finally {
    connection.release();
  }
}

/** How far the tables are from every lot expired once: one expiry entry per lot, nothing left, balances 0 and true. */
async function countUnexpired(pool: mysql.Pool, tables: PurseTables, lots: number): Promise<number> {
  const [rows] = (await pool.query(
    `SELECT (SELECT COUNT(DISTINCT expired_lot_id) FROM ${tables.entries} WHERE tenant_id = ? AND kind = 'expiry') AS expiredLots,
            (SELECT COUNT(*) FROM ${tables.entries} WHERE tenant_id = ? AND kind = 'expiry') AS expiryEntries,
            (SELECT COUNT(*) FROM ${tables.lots} WHERE tenant_id = ? AND remaining <> 0) AS lotsLeft,
            (SELECT COUNT(*) FROM ${tables.accounts} WHERE tenant_id = ? AND total <> 0) AS accountsLeft`,
    [TENANT, TENANT, TENANT, TENANT],
  )) as unknown as [{ expiredLots: number; expiryEntries: number; lotsLeft: number; accountsLeft: number }[]];
  const counts = rows[0];
  const missing = Math.abs(Number(counts.expiredLots) - lots) + Math.abs(Number(counts.expiryEntries) - lots);
  return missing + Number(counts.lotsLeft) + Number(counts.accountsLeft) + (await countDrift(pool, tables));
}

/**
 * Accounts whose cached total or entry count disagrees with their entries, whose
 * entries' running balances break, or whose lots' remainders do not add up to the total.
 */
async function countDrift(pool: mysql.Pool, tables: PurseTables): Promise<number> {
  const [rows] = (await pool.query(
    `SELECT COUNT(*) AS n FROM ${tables.accounts} a
     JOIN (SELECT account_id, SUM(amount) AS total, COUNT(*) AS entries, MAX(sequence) AS last,
                  SUM(CASE WHEN balance_after <> (SELECT SUM(p.amount) FROM ${tables.entries} p WHERE p.tenant_id = e.tenant_id AND p.account_id = e.account_id AND p.sequence <= e.sequence) THEN 1 ELSE 0 END) AS broken
           FROM ${tables.entries} e WHERE tenant_id = ? GROUP BY account_id) e ON e.account_id = a.id
     JOIN (SELECT account_id, SUM(remaining) AS remaining FROM ${tables.lots} WHERE tenant_id = ? GROUP BY account_id) l ON l.account_id = a.id
     WHERE a.tenant_id = ? AND (a.total <> e.total OR a.entry_count <> e.entries OR e.last <> e.entries OR e.broken > 0 OR a.total <> l.remaining)`,
    [TENANT, TENANT, TENANT],
  )) as unknown as [{ n: number }[]];
  return Number(rows[0].n);
}
