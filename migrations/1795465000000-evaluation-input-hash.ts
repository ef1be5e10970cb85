import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** What priced a frozen evaluation, so a close with the same lines uses it whatever its version. */
export class EvaluationInputHash1795465000000 implements MigrationInterface {
  name = 'EvaluationInputHash1795465000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('rc_tab_evaluations', new TableColumn(column.key('input_hash', { length: 64, nullable: true })));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('rc_tab_evaluations', 'input_hash');
  }
}
