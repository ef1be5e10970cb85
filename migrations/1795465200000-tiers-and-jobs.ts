import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** Tiers with their moves and settings; job runs, leases and once-only job effects; the birthday benefit. */
export class TiersAndJobs1795465200000 implements MigrationInterface {
  name = 'TiersAndJobs1795465200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The tier job walks active customers in id order reading only their tier.
    await queryRunner.createIndex('rc_customers', new TableIndex({ name: 'rc_customers_active_tier', columnNames: ['tenant_id', 'status', 'id', 'tier_id'] }));
    await queryRunner.createTable(
      new Table({
        name: 'rc_tiers',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('code', { length: 64 }),
          column.key('name', { length: 128 }),
          column.int('tier_rank'),
          column.json('categories'),
          column.key('metric', { length: 16 }),
          column.bigint('threshold'),
          column.int('window_days', { nullable: true }),
          column.boolean('auto_enter', { default: true }),
          column.boolean('never_downgrade', { default: false }),
          column.boolean('active', { default: true }),
          column.time('created_at'),
          column.time('updated_at'),
          column.key('updated_by'),
        ],
        indices: [
          new TableIndex({ name: 'rc_tiers_code', columnNames: ['tenant_id', 'code'], isUnique: true }),
          new TableIndex({ name: 'rc_tiers_rank', columnNames: ['tenant_id', 'tier_rank'], isUnique: true }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_tier_moves',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('customer_id', { length: 32 }),
          column.key('from_tier_id', { length: 32, nullable: true }),
          column.key('to_tier_id', { length: 32, nullable: true }),
          column.key('reason', { length: 24 }),
          column.key('metric', { length: 16, nullable: true }),
          column.bigint('metric_value', { nullable: true }),
          column.bigint('threshold', { nullable: true }),
          column.time('moved_at'),
          column.key('actor_id', { nullable: true }),
          column.key('job_run_id', { length: 32, nullable: true }),
          column.key('visit_id', { length: 32, nullable: true }),
          column.text('note', { nullable: true }),
          column.key('source_key', { length: 160 }),
        ],
        indices: [
          new TableIndex({ name: 'rc_tier_moves_customer', columnNames: ['tenant_id', 'customer_id', 'moved_at'] }),
          new TableIndex({ name: 'rc_tier_moves_source', columnNames: ['tenant_id', 'source_key'], isUnique: true }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_tier_settings',
        columns: [
          column.tenantId(),
          column.boolean('downgrade_enabled', { default: true }),
          column.int('downgrade_period_days', { default: 0 }),
          column.key('downgrade_target_tier_id', { length: 32, nullable: true }),
          column.time('last_downgrade_check_at', { nullable: true }),
          column.time('updated_at'),
          column.key('updated_by'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_job_runs',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('job', { length: 32 }),
          column.key('job_trigger', { length: 16 }),
          column.key('scheduled_key', { length: 80, nullable: true }),
          column.key('instance'),
          column.key('status', { length: 16 }),
          column.time('started_at'),
          column.time('finished_at', { nullable: true }),
          column.bigint('rows_touched', { default: 0 }),
          column.json('outcome'),
          column.text('error', { nullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'rc_job_runs_job', columnNames: ['tenant_id', 'job', 'started_at'] }),
          new TableIndex({ name: 'rc_job_runs_scheduled', columnNames: ['tenant_id', 'scheduled_key'], isUnique: true }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_job_leases',
        columns: [column.tenantId(), column.key('job', { length: 32, primary: true }), column.key('holder', { length: 32 }), column.time('expires_at')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_job_effects',
        columns: [column.tenantId(), column.key('effect_key', { length: 160, primary: true }), column.key('run_id', { length: 32 }), column.time('created_at')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_birthday_benefits',
        columns: [
          column.tenantId(),
          column.boolean('enabled', { default: false }),
          column.key('account_type_code', { length: 64, nullable: true }),
          column.bigint('amount', { nullable: true }),
          column.key('category_code', { length: 64, nullable: true }),
          column.int('category_days', { default: 1 }),
          column.time('updated_at'),
          column.key('updated_by'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['rc_birthday_benefits', 'rc_job_effects', 'rc_job_leases', 'rc_job_runs', 'rc_tier_settings', 'rc_tier_moves', 'rc_tiers']) await queryRunner.dropTable(table);
    await queryRunner.dropIndex('rc_customers', 'rc_customers_active_tier');
  }
}
