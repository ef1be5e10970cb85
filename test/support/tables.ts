import { createHash } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { rcTableNames } from './databases.js';

/**
 * A fingerprint of every row of every rc_ table, on either engine: equal fingerprints
 * before and after a request mean it wrote nothing (CHECKSUM TABLE on MariaDB, a hash of
 * the rows in key order on SQLite). `except` names tables that legitimately change on a
 * refusal (identification attempts counted against the rate limit).
 */
export async function tableFingerprints(app: INestApplication, except: string[] = []): Promise<Record<string, string>> {
  const dataSource = app.get<DataSource>(getDataSourceToken('regulars'));
  const tables = (await rcTableNames(dataSource)).filter((table) => !except.includes(table));
  if (dataSource.options.type === 'better-sqlite3') {
    const fingerprints: Record<string, string> = {};
    for (const table of tables) fingerprints[table] = createHash('sha256').update(JSON.stringify(await dataSource.query(`SELECT * FROM ${table} `))).digest('hex');
    return fingerprints;
  }
  const rows: { Table: string; Checksum: string | number | null }[] = await dataSource.query(`CHECKSUM TABLE ${tables.join(', ')}`);
  return Object.fromEntries(rows.map((row) => [row.Table.split('.').pop()!, String(row.Checksum)]));
}
