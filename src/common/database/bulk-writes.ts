import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Reads and writes of many rows in few statements, with plain positional parameters:
 * TypeORM's query builder and entity hydration cost more CPU for a batch of a thousand
 * rows than the database spends on them, so the batch jobs and the ledger build these
 * themselves. Values go through the driver's own conversions (times, booleans, JSON,
 * transformers) both ways, exactly as an entity read or write would.
 */

/** SQLite binds at most 32 766 values a statement; a batch stays well inside it. */
const VALUES_PER_STATEMENT = 10_000;
/** `CASE id WHEN …` is read row by row: short lists keep each statement cheap. */
const ROWS_PER_UPDATE = 100;

export interface RowUpdate {
  id: string;
  /** New values by property name. */
  set: Record<string, unknown>;
}

function columnOf(manager: EntityManager, entity: EntityTarget<ObjectLiteral>, property: string): ColumnMetadata {
  const column = manager.connection.getMetadata(entity).findColumnWithPropertyName(property);
  if (!column) throw new Error(`Regulars: ${String(entity)} has no column ${property}`);
  return column;
}

const bound = (manager: EntityManager, column: ColumnMetadata, value: unknown): unknown =>
  manager.connection.driver.preparePersistentValue(value, column) ?? null;

/** Inserts whole rows (every column given) in as few statements as the engine takes. */
export async function insertRows<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, rows: E[]): Promise<void> {
  if (rows.length === 0) return;
  const metadata = manager.connection.getMetadata(entity);
  const driver = manager.connection.driver;
  // A nullable column without a default that no row fills is left out: NULL either way,
  // and a ledger entry leaves most of its references empty.
  const columns = metadata.columns.filter(
    (column) => !column.isVirtual && !(column.isNullable && column.default === undefined && rows.every((row) => column.getEntityValue(row) == null)),
  );
  const names = columns.map((column) => driver.escape(column.databaseName)).join(', ');
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  const perStatement = Math.max(1, Math.floor(VALUES_PER_STATEMENT / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const values = chunk.flatMap((row) => columns.map((column) => bound(manager, column, column.getEntityValue(row))));
    await manager.query(`INSERT INTO ${driver.escape(metadata.tableName)} (${names}) VALUES ${chunk.map(() => placeholders).join(', ')}`, values);
  }
}

/** Sets `values` (those not undefined, as TypeORM's update) on the row whose columns equal `key` (its primary key): one plain UPDATE. */
export async function updateRow<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, key: Partial<E>, values: Partial<E>): Promise<void> {
  const driver = manager.connection.driver;
  const assign = (entries: [string, unknown][], separator: string, parameters: unknown[]) =>
    entries
      .map(([property, value]) => {
        const column = columnOf(manager, entity, property);
        parameters.push(bound(manager, column, value));
        return `${driver.escape(column.databaseName)} = ?`;
      })
      .join(separator);
  const parameters: unknown[] = [];
  const set = assign(
    Object.entries(values).filter(([, value]) => value !== undefined),
    ', ',
    parameters,
  );
  const where = assign(Object.entries(key), ' AND ', parameters);
  await manager.query(`UPDATE ${driver.escape(manager.connection.getMetadata(entity).tableName)} SET ${set} WHERE ${where}`, parameters);
}

/**
 * Gives each of a tenant's rows its own values (`SET total = CASE id WHEN ? THEN ? … END`)
 * in a statement per hundred rows rather than one per row; `common` is set on every row
 * alike (an updated-at time).
 */
export async function updateEach<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  tenantId: string,
  rows: RowUpdate[],
  common: Record<string, unknown> = {},
): Promise<void> {
  if (rows.length === 0) return;
  const driver = manager.connection.driver;
  const table = driver.escape(manager.connection.getMetadata(entity).tableName);
  const id = driver.escape(columnOf(manager, entity, 'id').databaseName);
  const tenant = driver.escape(columnOf(manager, entity, 'tenantId').databaseName);
  for (let start = 0; start < rows.length; start += ROWS_PER_UPDATE) {
    const chunk = rows.slice(start, start + ROWS_PER_UPDATE);
    const values: unknown[] = [];
    const sets: string[] = [];
    for (const property of Object.keys(chunk[0].set)) {
      const column = columnOf(manager, entity, property);
      const cases = chunk.map((row) => {
        values.push(row.id, bound(manager, column, row.set[property]));
        return 'WHEN ? THEN ?';
      });
      sets.push(`${driver.escape(column.databaseName)} = CASE ${id} ${cases.join(' ')} END`);
    }
    for (const [property, value] of Object.entries(common)) {
      const column = columnOf(manager, entity, property);
      sets.push(`${driver.escape(column.databaseName)} = ?`);
      values.push(bound(manager, column, value));
    }
    values.push(tenantId, ...chunk.map((row) => row.id));
    await manager.query(`UPDATE ${table} SET ${sets.join(', ')} WHERE ${tenant} = ? AND ${id} IN (${chunk.map(() => '?').join(', ')})`, values);
  }
}

/** `?, ?, ?` for an IN list. */
export const placeholders = (values: readonly unknown[]): string => values.map(() => '?').join(', ');

export interface SelectOptions {
  orderBy?: string;
  limit?: number;
  /** The entity's alias in `where`, `join` and `orderBy`, when another table is joined. */
  alias?: string;
  join?: string;
  /** Further values by name, as SQL expressions: answered as the driver reads them. */
  extra?: Record<string, string>;
}

/** The SELECT list of an entity (and its hydration columns), built once per shape: the till asks thousands of times. */
const selectLists = new WeakMap<object, Map<string, { columns: ColumnMetadata[]; sql: string }>>();

function selectListOf(manager: EntityManager, entity: EntityTarget<ObjectLiteral>, options: SelectOptions): { columns: ColumnMetadata[]; sql: string } {
  const metadata = manager.connection.getMetadata(entity);
  const key = `${options.alias ?? ''}|${Object.entries(options.extra ?? {}).join('|')}`;
  let shapes = selectLists.get(metadata);
  if (!shapes) selectLists.set(metadata, (shapes = new Map()));
  let list = shapes.get(key);
  if (!list) {
    const driver = manager.connection.driver;
    const columns = metadata.columns.filter((column) => !column.isVirtual);
    const prefix = options.alias ? `${options.alias}.` : '';
    const selected = [
      ...columns.map((column) => `${prefix}${driver.escape(column.databaseName)} AS ${driver.escape(column.propertyName)}`),
      ...Object.entries<string>(options.extra ?? {}).map(([name, expression]) => `${expression} AS ${driver.escape(name)}`),
    ];
    list = { columns, sql: `SELECT ${selected.join(', ')} FROM ${driver.escape(metadata.tableName)}${options.alias ? ` ${options.alias}` : ''}` };
    shapes.set(key, list);
  }
  return list;
}

/** Rows of an entity whose `where` (SQL over its columns, `?` parameters) holds, hydrated as TypeORM would hydrate them. */
export function selectRows<E extends ObjectLiteral, X extends string = never>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  where: string,
  parameters: unknown[],
  options: SelectOptions & { extra?: Record<X, string> } = {},
): Promise<(E & Record<X, unknown>)[]> {
  return select(manager, entity, where, parameters, options, null);
}

export interface LockOptions extends SelectOptions {
  /**
   * Passes over rows another transaction holds (`FOR UPDATE SKIP LOCKED`) instead of waiting
   * for them: workers in several instances claiming from one queue take different rows.
   */
  skipLocked?: boolean;
}

/**
 * The one row lock: selectRows with `FOR UPDATE` on MySQL, where the rows stay locked until
 * the unit of work ends; SQLite's units of work are serialised already. It throws outside a
 * transaction (the manager given is the unit of work's).
 */
export function lockRows<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, where: string, parameters: unknown[], options: LockOptions = {}): Promise<E[]> {
  return select(manager, entity, where, parameters, options, options.skipLocked ? 'skip locked' : 'wait');
}

async function select<E extends ObjectLiteral, X extends string>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  where: string,
  parameters: unknown[],
  options: SelectOptions & { extra?: Record<X, string> },
  lock: 'wait' | 'skip locked' | null,
): Promise<(E & Record<X, unknown>)[]> {
  const driver = manager.connection.driver;
  const { columns, sql: select } = selectListOf(manager, entity, options);
  const sql =
    select +
    (options.join ? ` ${options.join}` : '') +
    ` WHERE ${where}` +
    (options.orderBy ? ` ORDER BY ${options.orderBy}` : '') +
    (options.limit !== undefined ? ` LIMIT ${Math.trunc(options.limit)}` : '') +
    (lock && manager.connection.options.type !== 'better-sqlite3' ? (lock === 'wait' ? ' FOR UPDATE' : ' FOR UPDATE SKIP LOCKED') : '');
  const raw: Record<string, unknown>[] = await manager.query(sql, parameters);
  return raw.map((row) => {
    for (const column of columns) row[column.propertyName] = driver.prepareHydratedValue(row[column.propertyName], column);
    return row as E & Record<X, unknown>;
  });
}

/** A value read for one of the entity's columns from another table's row (a joined row's extra), as selectRows hydrates its own. */
export function hydrated<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, property: string, raw: unknown): unknown {
  return manager.connection.driver.prepareHydratedValue(raw, columnOf(manager, entity, property));
}

/** A value as the driver binds it for one of the entity's columns (a time on SQLite is text). */
export function bindable<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, property: string, value: unknown): unknown {
  return bound(manager, columnOf(manager, entity, property), value);
}
