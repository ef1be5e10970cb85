import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** Sessions of the embedded back-office and till pages. */
export class UiSessions1795465700000 implements MigrationInterface {
  name = 'UiSessions1795465700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rc_ui_sessions',
        columns: [
          column.tenantId(),
          column.key('id', { length: 64, primary: true }),
          column.key('token_nonce', { length: 64 }),
          column.json('actor'),
          column.key('locale', { length: 35, nullable: true }),
          column.key('csrf_token', { length: 64 }),
          column.time('created_at'),
          column.time('expires_at'),
        ],
        indices: [
          new TableIndex({ name: 'rc_ui_sessions_token', columnNames: ['tenant_id', 'token_nonce'], isUnique: true }),
          new TableIndex({ name: 'rc_ui_sessions_expiry', columnNames: ['tenant_id', 'expires_at'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rc_ui_sessions');
  }
}
