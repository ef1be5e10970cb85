import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** Visits of recognised customers, their lines, and the customers' running totals. */
export class Visits1795464900000 implements MigrationInterface {
  name = 'Visits1795464900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rc_visits',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('customer_id', { length: 32 }),
          column.key('identifier_id', { length: 32, nullable: true }),
          column.key('tab_id'),
          column.key('status', { length: 16 }),
          column.key('currency', { length: 3 }),
          column.key('location_id', { nullable: true }),
          column.key('division_id', { nullable: true }),
          column.key('table_id', { nullable: true }),
          column.key('waiter_id', { nullable: true }),
          column.int('guest_count', { nullable: true }),
          column.time('started_at'),
          column.time('closed_at', { nullable: true }),
          column.bigint('gross', { default: 0 }),
          column.bigint('discount', { default: 0 }),
          column.bigint('net', { default: 0 }),
          column.bigint('tax', { default: 0 }),
          column.bigint('service_charge', { default: 0 }),
          column.bigint('bonus_paid', { default: 0 }),
          column.json('earned'),
          column.json('spent'),
          column.bigint('points_earned', { default: 0 }),
          column.json('discounts'),
          column.bigint('refunded', { default: 0 }),
          column.time('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'rc_visits_tab_customer', columnNames: ['tenant_id', 'tab_id', 'customer_id'], isUnique: true }),
          new TableIndex({ name: 'rc_visits_customer', columnNames: ['tenant_id', 'customer_id', 'closed_at', 'status', 'net', 'refunded', 'points_earned'] }),
          new TableIndex({ name: 'rc_visits_location', columnNames: ['tenant_id', 'location_id', 'closed_at'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_visit_lines',
        columns: [
          column.tenantId(),
          column.key('visit_id', { length: 32, primary: true }),
          column.key('line_id', { primary: true }),
          column.key('customer_id', { length: 32 }),
          column.key('product_id'),
          column.key('name', { length: 255, nullable: true }),
          column.json('product_group_ids'),
          column.bigint('quantity_milli'),
          column.bigint('amount'),
          column.bigint('discount'),
          column.bigint('refunded_milli', { default: 0 }),
          column.bigint('refunded_amount', { default: 0 }),
        ],
        indices: [new TableIndex({ name: 'rc_visit_lines_product', columnNames: ['tenant_id', 'customer_id', 'product_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_customer_totals',
        columns: [
          column.tenantId(),
          column.key('customer_id', { length: 32, primary: true }),
          column.bigint('spent'),
          column.bigint('visits'),
          column.bigint('points_earned'),
          column.time('first_visit_at', { nullable: true }),
          column.time('last_visit_at', { nullable: true }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['rc_customer_totals', 'rc_visit_lines', 'rc_visits']) await queryRunner.dropTable(table);
  }
}
