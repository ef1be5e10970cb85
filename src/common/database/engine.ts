import type { DataSource } from 'typeorm';

export type Engine = 'mysql' | 'sqlite';

export function engineOf(dataSource: DataSource): Engine {
  const type = dataSource.options.type;
  if (type === 'mysql' || type === 'mariadb') return 'mysql';
  if (type === 'better-sqlite3') return 'sqlite';
  throw new Error(`Regulars supports MySQL/MariaDB and better-sqlite3, not ${type}`);
}
