import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/**
 * Reports: the nightly summaries of closed business days (per location, '' for all of them;
 * the day's visits by the day of each guest's visit before), the second visit beside the first
 * on a guest's totals (the cohorts' return), and the keys the reports read a tenant's period by.
 */
export class Reports1795467400000 implements MigrationInterface {
  name = 'Reports1795467400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rc_report_days',
        columns: [
          column.tenantId(),
          column.key('day', { length: 10, primary: true }),
          column.key('location_id', { primary: true }),
          column.bigint('enrolled'),
          column.bigint('active'),
          column.bigint('identified_tabs'),
          column.bigint('identified_revenue'),
          column.bigint('all_tabs', { nullable: true }),
          column.bigint('all_revenue', { nullable: true }),
          column.time('rolled_up_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_report_discounts',
        columns: [
          column.tenantId(),
          column.key('day', { length: 10, primary: true }),
          column.key('location_id', { primary: true }),
          column.key('category_code', { primary: true }),
          column.key('rule_id', { length: 64, primary: true }),
          column.bigint('amount'),
          column.bigint('tabs'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_report_points',
        columns: [
          column.tenantId(),
          column.key('day', { length: 10, primary: true }),
          column.key('account_type_id', { length: 32, primary: true }),
          column.bigint('issued'),
          column.bigint('redeemed'),
          column.bigint('expired'),
          column.bigint('net_change'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_report_returns',
        columns: [column.tenantId(), column.key('day', { length: 10, primary: true }), column.key('previous_day', { length: 10, primary: true }), column.bigint('visits')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_report_cohorts',
        columns: [column.tenantId(), column.key('day', { length: 10, primary: true }), column.bigint('guests'), column.bigint('returned_30'), column.bigint('returned_60'), column.bigint('returned_90')],
      }),
    );
    await queryRunner.addColumn('rc_customer_totals', new TableColumn(column.time('second_visit_at', { nullable: true })));
    await queryRunner.createIndex('rc_customer_totals', new TableIndex({ name: 'rc_customer_totals_first_visit', columnNames: ['tenant_id', 'first_visit_at', 'second_visit_at'] }));
    await queryRunner.createIndex('rc_customer_totals', new TableIndex({ name: 'rc_customer_totals_spent', columnNames: ['tenant_id', 'spent', 'visits'] }));
    await queryRunner.createIndex('rc_customer_totals', new TableIndex({ name: 'rc_customer_totals_visits', columnNames: ['tenant_id', 'visits', 'spent'] }));
    await queryRunner.createIndex(
      'rc_visits',
      new TableIndex({ name: 'rc_visits_closed', columnNames: ['tenant_id', 'closed_at', 'status', 'location_id', 'customer_id', 'net', 'refunded'] }),
    );
    await queryRunner.createIndex('rc_ledger_entries', new TableIndex({ name: 'rc_ledger_created', columnNames: ['tenant_id', 'created_at'] }));
    // A tab's close as the host timed it, as its visit's is: an offline till's close sent a day late counts on its own day. Older tabs have only the time the close came.
    await queryRunner.addColumn('rc_guest_tabs', new TableColumn(column.time('closed_at', { nullable: true })));
    await queryRunner.query("UPDATE rc_guest_tabs SET closed_at = updated_at WHERE status = 'closed'");
    await queryRunner.createIndex('rc_guest_tabs', new TableIndex({ name: 'rc_guest_tabs_closed', columnNames: ['tenant_id', 'status', 'closed_at'] }));
    await queryRunner.createIndex('rc_accounts', new TableIndex({ name: 'rc_accounts_type_total', columnNames: ['tenant_id', 'account_type_id', 'total'] }));
    await queryRunner.createIndex('rc_tier_moves', new TableIndex({ name: 'rc_tier_moves_moved', columnNames: ['tenant_id', 'moved_at', 'from_tier_id', 'to_tier_id', 'reason', 'customer_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('rc_tier_moves', 'rc_tier_moves_moved');
    await queryRunner.dropIndex('rc_accounts', 'rc_accounts_type_total');
    await queryRunner.dropIndex('rc_guest_tabs', 'rc_guest_tabs_closed');
    await queryRunner.dropColumn('rc_guest_tabs', 'closed_at');
    await queryRunner.dropIndex('rc_ledger_entries', 'rc_ledger_created');
    await queryRunner.dropIndex('rc_visits', 'rc_visits_closed');
    await queryRunner.dropIndex('rc_customer_totals', 'rc_customer_totals_visits');
    await queryRunner.dropIndex('rc_customer_totals', 'rc_customer_totals_spent');
    await queryRunner.dropIndex('rc_customer_totals', 'rc_customer_totals_first_visit');
    await queryRunner.dropColumn('rc_customer_totals', 'second_visit_at');
    await queryRunner.dropTable('rc_report_cohorts');
    await queryRunner.dropTable('rc_report_returns');
    await queryRunner.dropTable('rc_report_points');
    await queryRunner.dropTable('rc_report_discounts');
    await queryRunner.dropTable('rc_report_days');
  }
}
