import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** Promotion categories, customers' personal categories, sales rules and their versions. */
export class Promotions1795464400000 implements MigrationInterface {
  name = 'Promotions1795464400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rc_promotion_categories',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('code', { length: 64 }),
          column.key('name', { length: 200 }),
          column.text('description', { nullable: true }),
          column.boolean('active'),
          column.int('line_discount_cap_bp', { nullable: true }),
          column.int('version'),
          column.time('created_at'),
          column.key('created_by'),
          column.time('updated_at'),
          column.key('updated_by'),
        ],
        indices: [new TableIndex({ name: 'rc_promotion_categories_code', columnNames: ['tenant_id', 'code'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_customer_categories',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('customer_id', { length: 32 }),
          column.key('category_id', { length: 32 }),
          column.key('valid_from', { length: 10, nullable: true }),
          column.key('valid_to', { length: 10, nullable: true }),
          column.time('created_at'),
          column.key('created_by'),
        ],
        indices: [new TableIndex({ name: 'rc_customer_categories_unique', columnNames: ['tenant_id', 'customer_id', 'category_id'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({ name: 'rc_promotion_revisions', columns: [column.tenantId(), column.bigint('revision')] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_sales_rules',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('category_id', { length: 32 }),
          column.key('name', { length: 200, nullable: true }),
          column.boolean('active'),
          column.int('priority'),
          column.key('stacking', { length: 16 }),
          column.json('effect'),
          column.json('scope'),
          column.json('conditions'),
          column.json('discount_base', { nullable: true }),
          column.json('accrual_base', { nullable: true }),
          column.int('version'),
          column.time('created_at'),
          column.key('created_by'),
          column.time('updated_at'),
          column.key('updated_by'),
        ],
        indices: [new TableIndex({ name: 'rc_sales_rules_category', columnNames: ['tenant_id', 'category_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_sales_rule_versions',
        columns: [
          column.tenantId(),
          column.key('rule_id', { length: 32, primary: true }),
          { ...column.int('version'), isPrimary: true },
          column.json('rule'),
          column.time('created_at'),
          column.key('created_by'),
          column.key('change', { length: 16 }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['rc_sales_rule_versions', 'rc_sales_rules', 'rc_promotion_revisions', 'rc_customer_categories', 'rc_promotion_categories']) {
      await queryRunner.dropTable(table);
    }
  }
}
