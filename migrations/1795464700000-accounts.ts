import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** The client purse: account types, accounts, the ledger, holds and lots. */
export class Accounts1795464700000 implements MigrationInterface {
  name = 'Accounts1795464700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rc_account_types',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('code', { length: 64 }),
          column.key('name', { length: 200 }),
          column.key('kind', { length: 24 }),
          column.key('unit', { length: 8 }),
          column.bigint('rounding_step'),
          column.boolean('allow_negative'),
          column.bigint('credit_limit'),
          column.json('expiry'),
          column.bigint('daily_spend_limit', { nullable: true }),
          column.boolean('active'),
          column.time('created_at'),
          column.time('updated_at'),
          column.key('updated_by'),
        ],
        indices: [new TableIndex({ name: 'rc_account_types_code', columnNames: ['tenant_id', 'code'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_accounts',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('holder_type', { length: 16 }),
          column.key('holder_id', { length: 32 }),
          column.key('account_type_id', { length: 32 }),
          column.key('status', { length: 16 }),
          column.bigint('total'),
          column.bigint('held'),
          column.int('entry_count'),
          column.time('created_at'),
          column.time('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'rc_accounts_holder', columnNames: ['tenant_id', 'holder_type', 'holder_id', 'account_type_id'], isUnique: true }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_ledger_entries',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('account_id', { length: 32 }),
          column.int('sequence'),
          column.key('kind', { length: 16 }),
          column.bigint('amount'),
          column.bigint('held_change'),
          column.bigint('balance_after'),
          column.bigint('held_after'),
          column.key('customer_id', { length: 32, nullable: true }),
          column.key('identifier_id', { length: 32, nullable: true }),
          column.key('tab_id', { nullable: true }),
          column.key('visit_id', { length: 32, nullable: true }),
          column.key('event_id', { nullable: true }),
          column.key('hold_id', { length: 32, nullable: true }),
          column.key('reverses_entry_id', { length: 32, nullable: true }),
          column.key('counter_account_id', { length: 32, nullable: true }),
          column.key('expired_lot_id', { length: 32, nullable: true }),
          column.key('idempotency_key', { length: 200, nullable: true }),
          column.key('reason', { length: 500, nullable: true }),
          column.key('actor_id', { nullable: true }),
          column.key('actor_name', { length: 255, nullable: true }),
          column.time('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'rc_ledger_account', columnNames: ['tenant_id', 'account_id', 'sequence'], isUnique: true }),
          new TableIndex({ name: 'rc_ledger_idempotency', columnNames: ['tenant_id', 'idempotency_key'], isUnique: true }),
          new TableIndex({ name: 'rc_ledger_expired_lot', columnNames: ['tenant_id', 'expired_lot_id'], isUnique: true }),
          new TableIndex({ name: 'rc_ledger_tab', columnNames: ['tenant_id', 'tab_id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_holds',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('account_id', { length: 32 }),
          column.key('tab_id'),
          column.bigint('amount'),
          column.bigint('captured_amount'),
          column.key('status', { length: 16 }),
          column.key('idempotency_key', { length: 200 }),
          column.key('request_hash', { length: 64 }),
          column.key('reward_id', { length: 32, nullable: true }),
          column.key('customer_id', { length: 32, nullable: true }),
          column.key('actor_id', { nullable: true }),
          column.time('expires_at'),
          column.time('created_at'),
          column.time('resolved_at', { nullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'rc_holds_idempotency', columnNames: ['tenant_id', 'idempotency_key'], isUnique: true }),
          new TableIndex({ name: 'rc_holds_account', columnNames: ['tenant_id', 'account_id', 'status'] }),
          new TableIndex({ name: 'rc_holds_tab', columnNames: ['tenant_id', 'tab_id'] }),
          new TableIndex({ name: 'rc_holds_expiry', columnNames: ['tenant_id', 'status', 'expires_at'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_lots',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('account_id', { length: 32 }),
          column.key('entry_id', { length: 32 }),
          column.bigint('amount'),
          column.bigint('remaining'),
          column.time('expires_at', { nullable: true }),
          column.time('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'rc_lots_account', columnNames: ['tenant_id', 'account_id', 'remaining'] }),
          new TableIndex({ name: 'rc_lots_expiry', columnNames: ['tenant_id', 'expires_at'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['rc_lots', 'rc_holds', 'rc_ledger_entries', 'rc_accounts', 'rc_account_types']) await queryRunner.dropTable(table);
  }
}
