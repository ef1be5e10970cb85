import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** A sales rule's limits (how often and how much it may give, per rule, guest, location or code and period), what each has used, and which closed tabs were counted. */
export class RuleLimits1795467000000 implements MigrationInterface {
  name = 'RuleLimits1795467000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('rc_sales_rules', new TableColumn(column.json('budget', { nullable: true })));
    await queryRunner.addColumn('rc_guest_tabs', new TableColumn(column.boolean('limits_counted', { default: false })));
    await queryRunner.createTable(
      new Table({
        name: 'rc_rule_usage',
        columns: [
          column.tenantId(),
          column.key('rule_id', { length: 32, primary: true }),
          column.key('per', { length: 16, primary: true }),
          column.key('subject', { length: 128, primary: true }),
          column.key('period', { length: 16, primary: true }),
          column.bigint('redemptions'),
          column.bigint('discount'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rc_rule_usage');
    await queryRunner.dropColumn('rc_guest_tabs', 'limits_counted');
    await queryRunner.dropColumn('rc_sales_rules', 'budget');
  }
}
