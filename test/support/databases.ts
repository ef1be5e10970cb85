import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { namedEngines, type KNOWN_ENGINES } from './test-engines.mjs';

/**
 * Real databases for integration tests: each test file gets its own MariaDB database
 * (created here, dropped in afterAll) and its own SQLite file.
 */

export type TestEngine = (typeof KNOWN_ENGINES)[number];

export const MARIADB_SERVER_URL = process.env.REGULARS_TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306';

/** The engines Jest's global setup chose (test/support/test-engines.mjs); both when a file runs without it. */
export const TEST_ENGINES: TestEngine[] = namedEngines(process.env.REGULARS_TEST_ENGINES ?? 'sqlite,mariadb');

export interface TestDatabase {
  engine: TestEngine;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(engine: TestEngine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'regulars-test-'));
    return { engine, url: `sqlite:${join(dir, 'regulars.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `rc_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = await mysql.createConnection(MARIADB_SERVER_URL);
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  return {
    engine,
    url: `${MARIADB_SERVER_URL}/${name}`,
    drop: async () => {
      const connection = await mysql.createConnection(MARIADB_SERVER_URL);
      try {
        await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await connection.end();
      }
    },
  };
}

/** The plugin's tables in a database, on either engine. */
export async function rcTableNames(dataSource: DataSource): Promise<string[]> {
  const rows: { name: string }[] =
    dataSource.options.type === 'better-sqlite3'
      ? await dataSource.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rc\\_%' ESCAPE '\\'`)
      : await dataSource.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'rc\\_%'`);
  return rows.map((row) => row.name).sort();
}
