import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** Memberships pooling customers into one holder of accounts, and the rewards catalogue. */
export class MembershipsAndRewards1795464800000 implements MigrationInterface {
  name = 'MembershipsAndRewards1795464800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rc_memberships',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('name', { length: 200 }),
          column.key('owner_customer_id', { length: 32 }),
          column.time('created_at'),
          column.key('created_by'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_membership_members',
        columns: [column.tenantId(), column.key('customer_id', { length: 32, primary: true }), column.key('membership_id', { length: 32 }), column.time('joined_at')],
        indices: [new TableIndex({ name: 'rc_membership_members_membership', columnNames: ['tenant_id', 'membership_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_rewards',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('code', { length: 64 }),
          column.key('name', { length: 200 }),
          column.key('description', { length: 1000, nullable: true }),
          column.json('benefit'),
          column.key('account_type_id', { length: 32 }),
          column.bigint('price'),
          column.key('available_from', { length: 10, nullable: true }),
          column.key('available_to', { length: 10, nullable: true }),
          column.json('days_of_week', { nullable: true }),
          column.key('time_from', { length: 5, nullable: true }),
          column.key('time_to', { length: 5, nullable: true }),
          column.boolean('active'),
          column.time('created_at'),
          column.time('updated_at'),
          column.key('updated_by'),
        ],
        indices: [new TableIndex({ name: 'rc_rewards_code', columnNames: ['tenant_id', 'code'], isUnique: true })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['rc_rewards', 'rc_membership_members', 'rc_memberships']) await queryRunner.dropTable(table);
  }
}
