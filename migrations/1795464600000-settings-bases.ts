import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

const COLUMNS = ['discount_includes_tax', 'discount_includes_service', 'accrual_includes_tax', 'accrual_includes_service'];

/** What a tenant's discounts and points are computed on (pre-tax, no service charge by default). */
export class SettingsBases1795464600000 implements MigrationInterface {
  name = 'SettingsBases1795464600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('rc_tenant_settings', COLUMNS.map((name) => new TableColumn(column.boolean(name, { default: false }))));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('rc_tenant_settings', COLUMNS);
  }
}
