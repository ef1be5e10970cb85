import type { DataSource } from 'typeorm';
import { REGULARS_MIGRATIONS } from '../migrations/index.js';
import { DatabaseProbe } from './common/operations/database-probe.js';
import { MIGRATIONS_TABLE } from './database.js';

/**
 * Reads rc_migrations on the plugin's own connection rather than asking TypeORM: beside a
 * host's shared DataSource that would open a second DataSource for every probe.
 */
export class DataSourceProbe extends DatabaseProbe {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  async pendingMigrations(): Promise<string[]> {
    const rows: { name: string }[] = await this.dataSource.query(`SELECT name FROM ${MIGRATIONS_TABLE}`);
    const applied = new Set(rows.map((row) => row.name));
    return REGULARS_MIGRATIONS.map((migration) => migration.name).filter((name) => !applied.has(name));
  }
}
