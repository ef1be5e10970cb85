import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/**
 * When a stored first answer was blanked because it held an erased guest's data: the key
 * stays spent, so a late retry can neither read the data nor write it again.
 */
export class IdempotencyErasure1795465300000 implements MigrationInterface {
  name = 'IdempotencyErasure1795465300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('rc_idempotency_keys', new TableColumn(column.time('erased_at', { nullable: true })));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('rc_idempotency_keys', 'erased_at');
  }
}
