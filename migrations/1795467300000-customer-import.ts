import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** A customer imported from another system keeps its id there, so running the same file again finds them. */
export class CustomerImport1795467300000 implements MigrationInterface {
  name = 'CustomerImport1795467300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('rc_customers', new TableColumn(column.key('external_id', { nullable: true })));
    await queryRunner.createIndex('rc_customers', new TableIndex({ name: 'rc_customers_external', columnNames: ['tenant_id', 'external_id'], isUnique: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('rc_customers', 'rc_customers_external');
    await queryRunner.dropColumn('rc_customers', 'external_id');
  }
}
