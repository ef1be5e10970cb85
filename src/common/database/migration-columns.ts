import type { TableColumnOptions } from 'typeorm';

/**
 * Column definitions for migrations, written once so that every migration produces the
 * same types the entity decorators in columns.ts expect, on MySQL and on SQLite.
 */
export const column = {
  tenantId: (): TableColumnOptions => ({ name: 'tenant_id', type: 'varchar', length: '64', isPrimary: true }),
  key: (name: string, options: { length?: number; nullable?: boolean; primary?: boolean } = {}): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: String(options.length ?? 128),
    isNullable: options.nullable ?? false,
    isPrimary: options.primary ?? false,
  }),
  int: (name: string, options: { nullable?: boolean; default?: number } = {}): TableColumnOptions => ({
    name,
    type: 'integer',
    isNullable: options.nullable ?? false,
    default: options.default,
  }),
  bigint: (name: string, options: { nullable?: boolean; default?: number } = {}): TableColumnOptions => ({
    name,
    type: 'bigint',
    isNullable: options.nullable ?? false,
    default: options.default,
  }),
  time: (name: string, options: { nullable?: boolean } = {}): TableColumnOptions => ({
    name,
    type: 'datetime',
    precision: 3,
    isNullable: options.nullable ?? false,
  }),
  // The default goes into the DDL as written; 0/1 is what both engines read back, and
  // what TypeORM expects for an entity's `default: false`.
  boolean: (name: string, options: { default?: boolean } = {}): TableColumnOptions => ({
    name,
    type: 'boolean',
    isNullable: false,
    default: options.default === undefined ? undefined : Number(options.default),
  }),
  text: (name: string, options: { nullable?: boolean } = {}): TableColumnOptions => ({
    name,
    type: 'text',
    isNullable: options.nullable ?? false,
  }),
  json: (name: string, options: { nullable?: boolean } = {}): TableColumnOptions => ({
    name,
    type: 'json',
    isNullable: options.nullable ?? false,
  }),
};
