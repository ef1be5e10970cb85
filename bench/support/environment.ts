import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { packageRoot } from '../../src/common/package-root.js';

export const MARIADB_SERVER_URL = process.env.REGULARS_BENCH_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306';

export interface Machine {
  cores: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  database: string;
}

export async function describeMachine(): Promise<Machine> {
  const connection = await mysql.createConnection(MARIADB_SERVER_URL);
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    return {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      database: String((rows as { version: string }[])[0].version),
    };
  } finally {
    await connection.end();
  }
}

/** A fresh MariaDB database for one benchmark, dropped afterwards. */
export async function benchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `rc_bench_${randomBytes(4).toString('hex')}`;
  const admin = await mysql.createConnection(MARIADB_SERVER_URL);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = `${MARIADB_SERVER_URL}/${name}`;
  return { url, drop: () => dropDatabase(url) };
}

/**
 * Runs `work` with InnoDB's buffer pool at least `mib`, as a server holding a chain's data
 * would have (the distribution's default, 128 MiB, reads it from disk at every statement),
 * and puts the server's own size back after. `work` is told the size it ran with.
 */
export async function withBufferPool<T>(pool: mysql.Pool, mib: number, work: (bufferPoolMiB: number) => Promise<T>): Promise<T> {
  const [[{ bytes }]] = (await pool.query('SELECT @@innodb_buffer_pool_size AS bytes')) as unknown as [{ bytes: number | string }[]];
  const before = Number(bytes);
  const during = Math.max(before, mib * 2 ** 20);
  if (during > before) await pool.query(`SET GLOBAL innodb_buffer_pool_size = ${during}`);
  try {
    return await work(Math.round(during / 2 ** 20));
  } finally {
    if (during > before) await pool.query(`SET GLOBAL innodb_buffer_pool_size = ${before}`);
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const connection = await mysql.createConnection(MARIADB_SERVER_URL);
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await connection.end();
  }
}


/** The repository's root, from any build folder of the benchmarks. */
export function repositoryRoot(): string {
  const root = packageRoot(dirname(fileURLToPath(import.meta.url)));
  if (!root) throw new Error('the Regulars package.json was not found above the benchmarks');
  return root;
}

/**
 * The node flags `npm start` gives the sandbox host (package.json's start script): with a
 * heap limit set, V8 collects as it goes instead of growing towards a limit sized for the
 * whole machine. Benchmarks that measure memory run their processes with them.
 */
export function sandboxNodeFlags(): string[] {
  const packageJson = JSON.parse(readFileSync(join(repositoryRoot(), 'package.json'), 'utf8')) as { scripts: { start: string } };
  const flags = /node ((?:--\S+ )*)dist\/sandbox\/main\.js/.exec(packageJson.scripts.start);
  if (!flags) throw new Error('the start script of package.json does not run node … dist/sandbox/main.js');
  return flags[1].trim().split(' ').filter(Boolean);
}
