import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** When and why a membership was terminated: its accounts were zeroed and no card feeds it any more. */
export class MembershipEnd1795466100000 implements MigrationInterface {
  name = 'MembershipEnd1795466100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('rc_memberships', [new TableColumn(column.time('ended_at', { nullable: true })), new TableColumn(column.key('end_reason', { length: 500, nullable: true }))]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('rc_memberships', 'end_reason');
    await queryRunner.dropColumn('rc_memberships', 'ended_at');
  }
}
