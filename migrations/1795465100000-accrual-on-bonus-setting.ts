import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** Whether points accrue on the part of a tab paid with bonus money too (off by default). */
export class AccrualOnBonusSetting1795465100000 implements MigrationInterface {
  name = 'AccrualOnBonusSetting1795465100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('rc_tenant_settings', new TableColumn(column.boolean('accrue_on_bonus_payments', { default: false })));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('rc_tenant_settings', 'accrue_on_bonus_payments');
  }
}
