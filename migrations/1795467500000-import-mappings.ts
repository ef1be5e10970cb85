import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** The column mapping a tenant's customers files use, saved by the import that read one. */
export class ImportMappings1795467500000 implements MigrationInterface {
  name = 'ImportMappings1795467500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rc_import_mappings',
        columns: [column.tenantId(), column.key('kind', { length: 16, primary: true }), column.json('columns'), column.json('balances'), column.time('updated_at'), column.key('updated_by')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rc_import_mappings');
  }
}
