import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** What a till needs to serve regulars offline: each tenant's pack key and salt, and the allowance a tenant lets a guest spend offline. */
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
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rc_offline_pack_keys');
    await queryRunner.dropColumn('rc_tenant_settings', 'offline_allowance');
  }
}
