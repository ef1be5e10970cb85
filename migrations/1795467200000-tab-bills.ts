import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** Tabs split from one bill or merged into one name the bill they belong to, so each line of it counts once. */
export class TabBills1795467200000 implements MigrationInterface {
  name = 'TabBills1795467200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('rc_guest_tabs', new TableColumn(column.key('bill_id', { nullable: true })));
    await queryRunner.createIndex('rc_guest_tabs', new TableIndex({ name: 'rc_guest_tabs_bill', columnNames: ['tenant_id', 'bill_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('rc_guest_tabs', 'rc_guest_tabs_bill');
    await queryRunner.dropColumn('rc_guest_tabs', 'bill_id');
  }
}
