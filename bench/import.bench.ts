import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import mysql from 'mysql2/promise';
import { mappingOf } from '../src/cli/customer-files.js';
import { UnitOfWork } from '../src/common/database/unit-of-work.js';
import { CustomerImport } from '../src/flows/customer-files/customer-import.js';
import { rowsOf } from '../src/flows/customer-files/file-rows.js';
import { AccountTypesService } from '../src/modules/accounts/account-types.service.js';
import { benchDatabase, withBufferPool } from './support/environment.js';
import { startHost } from './support/host.js';
import type { BenchResult } from './support/result.js';
import { summarise } from './support/stats.js';

export interface ImportParams {
  /** Customers in the file, each with a phone, a card, points and expiring bonus money. */
  rows: number;
  /** The InnoDB buffer pool the run needs at least, as a chain's server would have; raised for the run and put back after. */
  bufferPoolMiB: number;
}

export const IMPORT_DEFAULTS: ImportParams = { rows: 1_000_000, bufferPoolMiB: 4096 };

const TENANT = 'bench';
const SECRET = 'bench-secret-0123456789abcdef';
const HEADER = 'external_id,first_name,last_name,phone,email,birth_date,marketing_consent,card_type,card_number,card_status,points,bonus,bonus_expires';
/**
 * The import's own target, and how much higher memory may stand in the second half of the
 * file than in the first: the heap settles at its working size early on, and a file twice
 * as long must not need more.
 */
const TARGET_ROWS_PER_SECOND = 5_000;
const FLAT_MEMORY_MIB = 64;

/** Every table the import writes, in the order the reference loads them. */
const WRITTEN_TABLES = ['rc_customers', 'rc_customer_contacts', 'rc_identifiers', 'rc_accounts', 'rc_ledger_entries', 'rc_lots', 'rc_audit_log', 'rc_outbox_events'];

/**
 * `regulars import customers` of a file of N regulars (a phone, a card and two balances,
 * one of them expiring) into an empty restaurant, beside LOAD DATA LOCAL INFILE of the
 * very rows it wrote into copies of the same tables with the same keys: what the
 * database itself takes to store them.
 */
export async function importBenchmark(params: ImportParams = IMPORT_DEFAULTS): Promise<BenchResult> {
  const database = await benchDatabase();
  const folder = mkdtempSync(join(tmpdir(), 'regulars-import-bench-'));
  const { app } = await startHost({ database: { url: database.url }, tenantSecrets: { [TENANT]: SECRET }, runMigrations: true, jobs: false });
  const pool = mysql.createPool({ uri: database.url, connectionLimit: 2, infileStreamFactory: (path: string) => createReadStream(path) } as mysql.PoolOptions);
  try {
    return await withBufferPool(pool, params.bufferPoolMiB, (bufferPoolMiB) => importAndLoad(app, pool, folder, params, bufferPoolMiB));
  } finally {
    await pool.end();
    await app.close();
    await database.drop();
    rmSync(folder, { recursive: true, force: true });
  }
}

async function importAndLoad(app: INestApplication, pool: mysql.Pool, folder: string, params: ImportParams, bufferPoolMiB: number): Promise<BenchResult> {
  const actor = { tenantId: TENANT, id: 'bench', name: 'Bench', permissions: [] };
  await app.get(UnitOfWork).transaction(async () => {
    await app.get(AccountTypesService).create(actor, { code: 'points', name: 'Points', kind: 'points', unit: 'points' });
    await app.get(AccountTypesService).create(actor, { code: 'bonus', name: 'Bonus', kind: 'bonus_money', unit: 'RUB' });
  });
  const file = join(folder, 'regulars.csv');
  const balances = await writeRegulars(file, params.rows);
  const mapping = mappingOf('regulars', ['points=points', 'bonus=bonus:bonus_expires']);
  if (typeof mapping === 'string') throw new Error(mapping);

  const memory: { rows: number; rssMiB: number }[] = [];
  const importFile = () =>
    app.get(CustomerImport).run(rowsOf(file), {
      actor: { ...actor, permissions: ['customers.write'] },
      kind: 'customers',
      fileName: 'regulars.csv',
      mapping,
      dryRun: false,
      onProgress: (rows) => memory.push({ rows, rssMiB: process.memoryUsage().rss / 2 ** 20 }),
    });
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const report = await importFile();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const highest = (samples: { rssMiB: number }[]) => Math.max(0, ...samples.map((sample) => sample.rssMiB));
  const firstHalfMiB = highest(memory.filter((sample) => sample.rows <= params.rows / 2));
  const growthMiB = highest(memory.filter((sample) => sample.rows > params.rows / 2)) - firstHalfMiB;
  const written = await countRows(pool);
  // A customer, their phone, their card and two accounts; an entry and a lot per balance that is not 0.
  const expected = params.rows * 5 + balances * 2;
  // The same file again, as after a run stopped halfway: every row is found as it is.
  const rerunStarted = process.hrtime.bigint();
  const rerun = await importFile();
  const rerunSeconds = Number(process.hrtime.bigint() - rerunStarted) / 1e9;
  const mismatches = Math.abs(report.created - params.rows) + report.refused.length + Math.abs(written.core - expected) + Math.abs(rerun.unchanged - params.rows);

  const referenceSeconds = await loadDataReference(pool, folder);
  const rowsPerSecond = params.rows / seconds;
  const referenceRowsPerSecond = params.rows / referenceSeconds;
  const ratioPercent = (rowsPerSecond / referenceRowsPerSecond) * 100;
  return {
    name: 'import',
    what: `regulars import customers of ${params.rows.toLocaleString('en')} rows (phone, card, points, expiring bonus) into an empty restaurant`,
    figure: { ...summarise([rowsPerSecond]), unit: 'rows/s' },
    reference: { ...summarise([referenceRowsPerSecond]), unit: 'rows/s', what: 'LOAD DATA LOCAL INFILE of the rows the import wrote (every table above) into copies of the same tables, keys included' },
    ratioPercent,
    target: `≥ ${TARGET_ROWS_PER_SECOND.toLocaleString('en')} rows/s; memory in the file's second half ≤ ${FLAT_MEMORY_MIB} MiB above its first; every row in`,
    met: rowsPerSecond >= TARGET_ROWS_PER_SECOND && growthMiB <= FLAT_MEMORY_MIB && mismatches === 0,
    details: { bufferPoolMiB, seconds: Math.round(seconds), nodeCpuSeconds: Math.round((cpu.user + cpu.system) / 1e6), mismatches, rssFirstHalfMiB: Math.round(firstHalfMiB), rssGrowthMiB: Math.round(growthMiB), rowsWritten: written.all, rerunRowsPerSecond: Math.round(params.rows / rerunSeconds) },
  };
}

/** The file a restaurant moving from another system would bring: distinct guests, phones and cards. Answers how many balances are not 0. */
async function writeRegulars(file: string, rows: number): Promise<number> {
  let balances = 0;
  const out = createWriteStream(file);
  out.write(`${HEADER}\n`);
  for (let n = 1; n <= rows; n++) {
    balances += (n % 5000 === 0 ? 0 : 1) + 1;
    const line = `QR-${n},Guest${n},Regular${n % 977},+7916${String(n).padStart(7, '0')},,19${70 + (n % 30)}-0${1 + (n % 9)}-1${n % 10},yes,barcode_card,46${String(n).padStart(11, '0')},active,${n % 5000},${n % 300}.50,2027-12-31\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return balances;
}

async function countRows(pool: mysql.Pool): Promise<{ core: number; all: number; byTable: Record<string, number> }> {
  let core = 0;
  let all = 0;
  const byTable: Record<string, number> = {};
  for (const table of WRITTEN_TABLES) {
    const [rows] = await pool.query(`SELECT COUNT(*) AS n FROM ${table} WHERE tenant_id = ?`, [TENANT]);
    const n = Number((rows as { n: number }[])[0].n);
    all += n;
    byTable[table] = n;
    if (table !== 'rc_audit_log' && table !== 'rc_outbox_events') core += n;
  }
  return { core, all, byTable };
}

/**
 * Dumps each table's imported rows to a tab-separated file (untimed), then times loading
 * them all into empty copies of the tables: the floor under any import of these rows.
 */
async function loadDataReference(pool: mysql.Pool, folder: string): Promise<number> {
  for (const table of WRITTEN_TABLES) {
    await pool.query(`CREATE TABLE bench_${table} LIKE ${table}`);
    await dumpTable(pool, table, join(folder, `${table}.tsv`));
  }
  const connection = await pool.getConnection();
  try {
    const started = process.hrtime.bigint();
    for (const table of WRITTEN_TABLES) await connection.query(`LOAD DATA LOCAL INFILE ? INTO TABLE bench_${table} CHARACTER SET utf8mb4`, [join(folder, `${table}.tsv`)]);
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    connection.release();
  }
}

async function dumpTable(pool: mysql.Pool, table: string, file: string): Promise<void> {
  const out = createWriteStream(file);
  const connection = await pool.getConnection();
  try {
    // The promise wrapper has no row stream; the callback connection under it has.
    const stream = (connection.connection as unknown as import('mysql2').Connection).query({ sql: `SELECT * FROM ${table} WHERE tenant_id = ?`, values: [TENANT], rowsAsArray: true, dateStrings: true }).stream();
    for await (const row of stream as AsyncIterable<unknown[]>) {
      if (!out.write(`${row.map(tsvValue).join('\t')}\n`)) await once(out, 'drain');
    }
  } finally {
    connection.release();
    out.end();
    await once(out, 'close');
  }
}

/** LOAD DATA's default escaping: \N for NULL, backslash before tab, newline and backslash. */
function tsvValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'object' && !Buffer.isBuffer(value) ? JSON.stringify(value) : String(value);
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}
