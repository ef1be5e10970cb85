import { Column, PrimaryColumn } from 'typeorm';
import { exactInteger } from './exact-integer.transformer.js';

/**
 * Column shapes every table shares, so that entities and migrations agree and both
 * engines store the same thing.
 */

/** Every row belongs to one tenant; tenant-owned keys start with it. */
export const TenantIdColumn = (): PropertyDecorator =>
  PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 });

/** Millisecond UTC time (DATETIME(3) on MySQL, ISO text on SQLite). */
export const TimeColumn = (name: string, options: { nullable?: boolean } = {}): PropertyDecorator =>
  Column({ name, type: 'datetime', precision: 3, nullable: options.nullable ?? false });

/** Money and counters: BIGINT read back as an exact integer. */
export const BigIntColumn = (name: string, options: { nullable?: boolean; default?: number } = {}): PropertyDecorator =>
  Column({ name, type: 'bigint', transformer: exactInteger, nullable: options.nullable ?? false, default: options.default });

export const KeyColumn = (name: string, options: { length?: number; nullable?: boolean } = {}): PropertyDecorator =>
  Column({ name, type: 'varchar', length: options.length ?? 128, nullable: options.nullable ?? false });

export const JsonColumn = (name: string, options: { nullable?: boolean } = {}): PropertyDecorator =>
  Column({ name, type: 'json', nullable: options.nullable ?? false });
