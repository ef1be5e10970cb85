import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** Gift cards, and the tenant's choice to accrue on what they pay and to treat their sale like any line. */
export class GiftCards1795466700000 implements MigrationInterface {
  name = 'GiftCards1795466700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rc_gift_cards',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('code', { length: 64 }),
          column.key('account_id', { length: 32 }),
          column.key('status', { length: 16 }),
          column.bigint('value'),
          column.key('sale_id', { length: 128 }),
          column.time('created_at'),
          column.key('created_by'),
          column.time('voided_at', { nullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'rc_gift_cards_code', columnNames: ['tenant_id', 'code'], isUnique: true }),
          new TableIndex({ name: 'rc_gift_cards_sale', columnNames: ['tenant_id', 'sale_id'], isUnique: true }),
        ],
      }),
    );
    await queryRunner.addColumns('rc_tenant_settings', [
      new TableColumn(column.boolean('accrue_on_gift_card_payments', { default: false })),
      new TableColumn(column.boolean('gift_card_sales_like_any_line', { default: false })),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('rc_tenant_settings', 'gift_card_sales_like_any_line');
    await queryRunner.dropColumn('rc_tenant_settings', 'accrue_on_gift_card_payments');
    await queryRunner.dropTable('rc_gift_cards');
  }
}
