import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** Messages to guests: a guest's language, a tenant's own templates and quiet hours, and the facts guests were told of. */
export class GuestMessages1795466400000 implements MigrationInterface {
  name = 'GuestMessages1795466400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('rc_customers', new TableColumn(column.key('language', { length: 8, nullable: true })));
    await queryRunner.createTable(
      new Table({
        name: 'rc_message_templates',
        columns: [
          column.tenantId(),
          column.key('kind', { length: 64, primary: true }),
          column.key('language', { length: 8, primary: true }),
          column.key('subject', { length: 200 }),
          column.text('body'),
          column.time('updated_at'),
          column.key('updated_by'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_message_settings',
        columns: [column.tenantId(), column.key('quiet_from', { length: 5, nullable: true }), column.key('quiet_until', { length: 5, nullable: true }), column.time('updated_at'), column.key('updated_by')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_sent_messages',
        columns: [
          column.tenantId(),
          // The key that makes a message once per fact.
          column.key('event_id', { length: 32, primary: true }),
          column.key('kind', { length: 64 }),
          column.key('customer_id', { length: 32 }),
          column.key('channel', { length: 16 }),
          column.key('language', { length: 8 }),
          column.time('sent_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rc_sent_messages');
    await queryRunner.dropTable('rc_message_settings');
    await queryRunner.dropTable('rc_message_templates');
    await queryRunner.dropColumn('rc_customers', 'language');
  }
}
