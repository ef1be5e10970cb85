import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import mysqlPromise from 'mysql2/promise';
import { Logger } from '@nestjs/common';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { REGULARS_MIGRATIONS } from '../migrations/index.js';
import { mysqlWithSessionDefaults } from './common/database/mysql-session.js';
import { REGULARS_ENTITIES } from './entities.js';
import { DEFAULT_SQLITE_PATH } from './common/config/regulars.constants.js';
import { databaseEngine, RegularsOptionsError } from './common/config/resolve-options.js';
import type { RegularsConfig } from './common/config/regulars-options.js';

export const MIGRATIONS_TABLE = 'rc_migrations';

export class PendingMigrationsError extends Error {
  constructor() {
    super('Regulars: the database has pending migrations of the plugin. Run `npx regulars migrate run` (or set runMigrations: true) and start again.');
    this.name = 'PendingMigrationsError';
  }
}

/** TypeORM options for the plugin's own pool, from `database.url`. */
export function dataSourceOptions(config: Pick<RegularsConfig, 'database' | 'lockWaitTimeoutSeconds'>): DataSourceOptions {
  const { url, poolSize, logging } = config.database;
  const common = {
    entities: REGULARS_ENTITIES,
    migrations: REGULARS_MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    synchronize: false,
    migrationsRun: false,
    logging: logging ?? false,
  } as const;
  const engine = databaseEngine(url);
  if (engine !== 'sqlite') {
    return {
      ...common,
      type: engine,
      url: url!.replace(/^[a-z]+:/i, 'mysql:'),
      charset: 'utf8mb4_unicode_ci',
      // Dates travel as UTC both ways; the session zone is pinned below as well.
      timezone: 'Z',
      // BIGINT within 2^53 as numbers, beyond as strings (refused by exactInteger).
      supportBigNumbers: true,
      bigNumberStrings: false,
      poolSize: poolSize ?? 10,
      // mysql2 captures a stack trace for every query by default: a tenth of the CPU of a
      // tab event. Errors still carry the statement and the server's message.
      extra: { trace: false },
      driver: mysqlWithSessionDefaults(config.lockWaitTimeoutSeconds),
    };
  }
  return { ...common, type: 'better-sqlite3', database: sqlitePath(url), enableWAL: true, timeout: 5000 };
}

function sqlitePath(url: string | undefined): string {
  if (url === 'sqlite::memory:') return ':memory:';
  const path = resolve(url === undefined ? DEFAULT_SQLITE_PATH : url.slice('sqlite:'.length));
  mkdirSync(dirname(path), { recursive: true });
  return path;
}

/**
 * A DataSource on the plugin's own pool. A mysql:// URL may point at MariaDB, whose
 * catalogue TypeORM reads differently (JSON columns, NULL defaults), so the server is
 * asked once which one it is.
 */
export async function createDataSource(config: Pick<RegularsConfig, 'database' | 'lockWaitTimeoutSeconds'>): Promise<DataSource> {
  const options = dataSourceOptions(config);
  if (options.type === 'mysql' && (await isMariaDb(options.url!))) {
    return new DataSource({ ...options, type: 'mariadb' });
  }
  return new DataSource(options);
}

async function isMariaDb(url: string): Promise<boolean> {
  const connection = await mysqlPromise.createConnection(url);
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    return /mariadb/i.test(String((rows as { version: string }[])[0].version));
  } finally {
    await connection.end();
  }
}

/**
 * The DataSource the plugin works on: its own (from the URL) or the host's, checked to
 * carry the plugin's entities. The plugin's pending migrations are applied when
 * `runMigrations` is set; otherwise start-up stops and says how to apply them.
 */
export async function openDataSource(config: RegularsConfig): Promise<DataSource> {
  const shared = config.database.dataSource;
  const dataSource = shared ?? (await createDataSource(config));
  if (!dataSource.isInitialized) await dataSource.initialize();
  try {
    if (shared) checkSharedDataSource(shared);
    await withPluginMigrations(dataSource, async (migrations) => {
      if (config.runMigrations) await withMigrationLock(migrations, () => migrations.runMigrations({ transaction: 'each' }));
      else if (await migrations.showMigrations()) throw new PendingMigrationsError();
    });
  } catch (error) {
    if (!shared) await dataSource.destroy();
    throw error;
  }
  new Logger('Regulars').log(`works on ${describeDatabase(dataSource, shared !== undefined)}`);
  return dataSource;
}

/** Where the plugin keeps its tables, said once at start-up (no password: only the engine and the database's name). */
function describeDatabase(dataSource: DataSource, shared: boolean): string {
  const where = dataSource.options.type === 'better-sqlite3' ? `the SQLite file ${String(dataSource.options.database)}` : `${dataSource.options.type} database ${dataSource.driver.database ?? ''}`;
  return shared ? `the host's DataSource (${where})` : where;
}

function checkSharedDataSource(dataSource: DataSource): void {
  const missing = REGULARS_ENTITIES.filter((entity) => !dataSource.hasMetadata(entity)).map((entity) => entity.name);
  if (missing.length > 0) {
    throw new RegularsOptionsError('database.dataSource', `must list REGULARS_ENTITIES in its entities; missing ${missing.join(', ')}`);
  }
  const ours = new Set(REGULARS_MIGRATIONS.map((migration) => migration.name));
  const listed = dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name).filter((name) => ours.has(name));
  if (listed.length > 0) {
    throw new RegularsOptionsError(
      'database.dataSource',
      `must not list the plugin's migrations (${listed[0]}…): the plugin runs its own and records them in ${MIGRATIONS_TABLE}, apart from the host's`,
    );
  }
  const type = dataSource.options.type;
  if ((type === 'mysql' || type === 'mariadb') && dataSource.options.timezone !== 'Z') {
    throw new RegularsOptionsError('database.dataSource', "must use timezone: 'Z' so dates are stored in UTC");
  }
  if (type === 'better-sqlite3' && dataSource.options.database === ':memory:') {
    throw new RegularsOptionsError('database.dataSource', 'cannot be an in-memory SQLite database: the plugin applies its migrations on a connection of its own');
  }
}

/**
 * Runs `work` on a DataSource that knows only the plugin's migrations and records them in
 * rc_migrations: the plugin's own, or, beside a host's shared one, a short-lived one on the
 * same database. A host's migrations are never looked at, run or blocked on, and the
 * plugin's are recorded in the same table whichever way it is installed.
 */
export async function withPluginMigrations<T>(dataSource: DataSource, work: (migrations: DataSource) => Promise<T>): Promise<T> {
  if (dataSource.options.migrationsTableName === MIGRATIONS_TABLE) return work(dataSource);
  const companion = new DataSource({
    ...dataSource.options,
    entities: [],
    subscribers: [],
    migrations: REGULARS_MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsRun: false,
    synchronize: false,
    dropSchema: false,
    // One connection holds the migration lock while another applies the migrations.
    ...(dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb' ? { poolSize: 2 } : {}),
  } as DataSourceOptions);
  await companion.initialize();
  try {
    return await work(companion);
  } finally {
    await companion.destroy();
  }
}

/**
 * Several instances starting at once must not apply the same migration twice. The lock is
 * the database's own (GET_LOCK names are server-wide, and a name is at most 64 characters):
 * instances on other databases of the same server never wait for each other.
 */
export async function withMigrationLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (dataSource.options.type !== 'mysql' && dataSource.options.type !== 'mariadb') return work();
  const runner = dataSource.createQueryRunner();
  const lock = `CONCAT('regulars_migrations_', MD5(DATABASE()))`;
  try {
    const [row] = await runner.query(`SELECT GET_LOCK(${lock}, 120) AS got`);
    if (Number(row.got) !== 1) throw new Error('Regulars: another instance held the migration lock for 2 minutes');
    return await work();
  } finally {
    await runner.query(`SELECT RELEASE_LOCK(${lock})`).catch(() => undefined);
    await runner.release();
  }
}
