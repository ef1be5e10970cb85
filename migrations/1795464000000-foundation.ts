import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** The host-contract plumbing: the event inbox and the plugin's record of each tab. */
export class Foundation1795464000000 implements MigrationInterface {
  name = 'Foundation1795464000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rc_inbox',
        columns: [
          column.tenantId(),
          column.key('event_id', { primary: true }),
          column.key('event_type', { length: 40 }),
          column.key('tab_id'),
          column.int('tab_version'),
          column.key('status', { length: 16 }),
          column.key('applied_key', { length: 200, nullable: true }),
          column.key('first_event_id', { nullable: true }),
          column.json('effects'),
          column.time('occurred_at'),
          column.time('received_at'),
        ],
        indices: [
          new TableIndex({ name: 'rc_inbox_applied_key', columnNames: ['tenant_id', 'applied_key'], isUnique: true }),
          new TableIndex({ name: 'rc_inbox_tab', columnNames: ['tenant_id', 'tab_id', 'tab_version'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_guest_tabs',
        columns: [
          column.tenantId(),
          column.key('id', { primary: true }),
          column.int('version'),
          column.key('status', { length: 16 }),
          column.key('location_id', { nullable: true }),
          column.key('customer_id', { length: 64, nullable: true }),
          column.json('snapshot', { nullable: true }),
          column.time('updated_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rc_guest_tabs');
    await queryRunner.dropTable('rc_inbox');
  }
}
