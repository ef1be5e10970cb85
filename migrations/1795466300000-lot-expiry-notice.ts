import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** When subscribers were told a lot is about to expire: once per lot. */
export class LotExpiryNotice1795466300000 implements MigrationInterface {
  name = 'LotExpiryNotice1795466300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('rc_lots', new TableColumn(column.time('expiry_noticed_at', { nullable: true })));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('rc_lots', 'expiry_noticed_at');
  }
}
