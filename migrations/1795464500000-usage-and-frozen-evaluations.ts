import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** Customers' daily counters (for daily limits) and the evaluations frozen at pre-check. */
export class UsageAndFrozenEvaluations1795464500000 implements MigrationInterface {
  name = 'UsageAndFrozenEvaluations1795464500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rc_daily_counters',
        columns: [
          column.tenantId(),
          column.key('customer_id', { length: 32, primary: true }),
          column.key('day', { length: 10, primary: true }),
          column.key('counter', { length: 80, primary: true }),
          column.bigint('value'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_tab_evaluations',
        columns: [
          column.tenantId(),
          column.key('tab_id', { primary: true }),
          { ...column.int('tab_version'), isPrimary: true },
          column.json('evaluation'),
          column.time('evaluated_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rc_tab_evaluations');
    await queryRunner.dropTable('rc_daily_counters');
  }
}
