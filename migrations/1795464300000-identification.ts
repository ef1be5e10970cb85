import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** Identifiers, card batches and the identification rate windows. */
export class Identification1795464300000 implements MigrationInterface {
  name = 'Identification1795464300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rc_identifiers',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('type', { length: 16 }),
          column.key('value'),
          column.key('entry_method', { length: 16, nullable: true }),
          column.key('status', { length: 16 }),
          column.key('status_reason', { length: 500, nullable: true }),
          column.key('active_key', { length: 150, nullable: true }),
          column.key('customer_id', { length: 32, nullable: true }),
          column.key('batch_id', { length: 32, nullable: true }),
          column.time('bound_at', { nullable: true }),
          column.key('bound_by', { nullable: true }),
          column.time('created_at'),
          column.key('created_by'),
          column.time('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'rc_identifiers_lookup', columnNames: ['tenant_id', 'type', 'value'] }),
          new TableIndex({ name: 'rc_identifiers_active', columnNames: ['tenant_id', 'active_key'], isUnique: true }),
          new TableIndex({ name: 'rc_identifiers_customer', columnNames: ['tenant_id', 'customer_id'] }),
          new TableIndex({ name: 'rc_identifiers_batch', columnNames: ['tenant_id', 'batch_id', 'id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_card_batches',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('name', { length: 100 }),
          column.key('type', { length: 16 }),
          column.key('prefix', { length: 20 }),
          column.int('digits'),
          column.key('check_digit', { length: 8 }),
          column.bigint('first_number'),
          column.bigint('next_number'),
          column.bigint('last_number'),
          column.time('created_at'),
          column.key('created_by'),
        ],
        indices: [new TableIndex({ name: 'rc_card_batches_name', columnNames: ['tenant_id', 'name'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_rate_windows',
        columns: [column.tenantId(), column.key('bucket', { length: 200, primary: true }), column.bigint('window_start'), column.int('hits')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rc_rate_windows');
    await queryRunner.dropTable('rc_card_batches');
    await queryRunner.dropTable('rc_identifiers');
  }
}
