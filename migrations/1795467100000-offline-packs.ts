import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** Tills serving regulars offline: each tenant's pack key and salt, the allowance a guest may spend offline, and what offline tills spent. */
export class OfflinePacks1795467100000 implements MigrationInterface {
  name = 'OfflinePacks1795467100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('rc_tenant_settings', new TableColumn(column.bigint('offline_allowance', { nullable: true })));
    await queryRunner.createTable(
      new Table({
        name: 'rc_offline_pack_keys',
        columns: [
          column.tenantId(),
          column.key('key_id', { length: 16 }),
          column.key('public_key', { length: 64 }),
          column.key('private_key', { length: 128 }),
          column.key('identifier_salt', { length: 64 }),
          column.time('created_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_offline_spends',
        columns: [
          column.tenantId(),
          column.key('tab_id', { primary: true }),
          { ...column.int('payment'), isPrimary: true },
          column.key('account_id', { length: 32 }),
          column.key('customer_id', { length: 32, nullable: true }),
          column.key('location_id', { nullable: true }),
          column.bigint('amount'),
          column.bigint('debt'),
          column.time('spent_at'),
          column.time('replayed_at'),
        ],
        indices: [new TableIndex({ name: 'rc_offline_spends_spent', columnNames: ['tenant_id', 'spent_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rc_offline_spends');
    await queryRunner.dropTable('rc_offline_pack_keys');
    await queryRunner.dropColumn('rc_tenant_settings', 'offline_allowance');
  }
}
