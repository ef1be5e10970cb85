import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** The till card's facts per guest, so that identify reads them instead of assembling them from history. */
export class GuestCards1795467600000 implements MigrationInterface {
  name = 'GuestCards1795467600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rc_guest_cards',
        columns: [
          column.tenantId(),
          column.key('customer_id', { length: 32, primary: true }),
          column.int('generation'),
          column.int('revision', { nullable: true }),
          column.time('fresh_until', { nullable: true }),
          column.json('facts', { nullable: true }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rc_guest_cards');
  }
}
