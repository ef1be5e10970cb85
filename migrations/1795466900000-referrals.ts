import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** The referral programme of each tenant, the guests' referral codes, and who brought whom. */
export class Referrals1795466900000 implements MigrationInterface {
  name = 'Referrals1795466900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rc_referral_programs',
        columns: [
          column.tenantId(),
          column.boolean('enabled', { default: false }),
          column.bigint('minimum_net'),
          column.key('referrer_account_type_code', { length: 64 }),
          column.bigint('referrer_amount'),
          column.key('referee_account_type_code', { length: 64 }),
          column.bigint('referee_amount'),
          column.time('updated_at'),
          column.key('updated_by'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_referral_codes',
        columns: [column.tenantId(), column.key('customer_id', { length: 32, primary: true }), column.key('code', { length: 64 }), column.time('created_at')],
        indices: [new TableIndex({ name: 'rc_referral_codes_code', columnNames: ['tenant_id', 'code'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_referrals',
        columns: [
          column.tenantId(),
          column.key('referee_id', { length: 32, primary: true }),
          column.key('referrer_id', { length: 32 }),
          column.key('status', { length: 16 }),
          column.key('visit_id', { length: 32, nullable: true }),
          column.time('created_at'),
          column.key('created_by'),
          column.time('rewarded_at', { nullable: true }),
        ],
        indices: [new TableIndex({ name: 'rc_referrals_referrer', columnNames: ['tenant_id', 'referrer_id'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['rc_referrals', 'rc_referral_codes', 'rc_referral_programs']) await queryRunner.dropTable(table);
  }
}
