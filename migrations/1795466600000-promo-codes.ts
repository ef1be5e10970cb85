import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** Promo codes and coupons, the tabs they are on, and the batches they are generated in. */
export class PromoCodes1795466600000 implements MigrationInterface {
  name = 'PromoCodes1795466600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const validity = [column.key('category_code', { length: 64 }), column.key('usage', { length: 16 }), column.int('max_uses', { nullable: true }), column.time('valid_from', { nullable: true }), column.time('valid_to', { nullable: true })];
    await queryRunner.createTable(
      new Table({
        name: 'rc_promo_codes',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('code', { length: 64 }),
          column.key('batch_id', { length: 32, nullable: true }),
          ...validity,
          column.key('customer_id', { length: 32, nullable: true }),
          column.boolean('active'),
          column.time('created_at'),
          column.key('created_by'),
        ],
        indices: [
          new TableIndex({ name: 'rc_promo_codes_code', columnNames: ['tenant_id', 'code'], isUnique: true }),
          new TableIndex({ name: 'rc_promo_codes_batch', columnNames: ['tenant_id', 'batch_id'] }),
          new TableIndex({ name: 'rc_promo_codes_customer', columnNames: ['tenant_id', 'customer_id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_promo_code_uses',
        columns: [
          column.tenantId(),
          column.key('code_id', { length: 32, primary: true }),
          column.key('tab_id', { length: 128, primary: true }),
          column.key('customer_id', { length: 32, nullable: true }),
          column.key('status', { length: 16 }),
          column.time('created_at'),
          column.time('updated_at'),
        ],
        indices: [new TableIndex({ name: 'rc_promo_code_uses_tab', columnNames: ['tenant_id', 'tab_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_promo_code_batches',
        columns: [column.tenantId(), column.key('id', { length: 32, primary: true }), column.key('name', { length: 200 }), ...validity, column.int('count'), column.time('created_at'), column.key('created_by')],
        indices: [new TableIndex({ name: 'rc_promo_code_batches_name', columnNames: ['tenant_id', 'name'], isUnique: true })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['rc_promo_code_batches', 'rc_promo_code_uses', 'rc_promo_codes']) await queryRunner.dropTable(table);
  }
}
