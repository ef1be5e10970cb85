import { createHash } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { rcTableNames } from './databases.js';

/**
 * Tables no request writes: each instance adds the identification attempts it counted to
 * the shared counters on a timer, whenever it comes; a card look-up keeps the guest's read
 * model after it has answered.
 */
const WRITTEN_IN_THE_BACKGROUND = ['rc_rate_windows', 'rc_guest_cards'];

/**
 * A fingerprint of every row of every rc_ table a request writes, on either engine: equal
 * fingerprints before and after a request mean it wrote nothing (CHECKSUM TABLE on MariaDB,
 * a hash of the rows in key order on SQLite).
 */
export async function tableFingerprints(app: INestApplication): Promise<Record<string, string>> {
  const dataSource = app.get<DataSource>(getDataSourceToken('regulars'));
  const tables = (await rcTableNames(dataSource)).filter((table) => !WRITTEN_IN_THE_BACKGROUND.includes(table));
  if (dataSource.options.type === 'better-sqlite3') {
    const fingerprints: Record<string, string> = {};
    for (const table of tables) fingerprints[table] = createHash('sha256').update(JSON.stringify(await dataSource.query(`SELECT * FROM ${table} `))).digest('hex');
    return fingerprints;
  }
  const rows: { Table: string; Checksum: string | number | null }[] = await dataSource.query(`CHECKSUM TABLE ${tables.join(', ')}`);
  return Object.fromEntries(rows.map((row) => [row.Table.split('.').pop()!, String(row.Checksum)]));
}
