import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/**
 * Signed writes seen within the signature window, so a captured request is applied at
 * most once across every instance; and the actor who spent an Idempotency-Key, so another
 * actor's reuse of it is refused rather than answered with the first actor's response.
 */
export class RequestReplays1795466000000 implements MigrationInterface {
  name = 'RequestReplays1795466000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rc_seen_signatures',
        columns: [column.tenantId(), column.key('signature', { length: 64, primary: true }), column.key('idempotency_key', { length: 200, nullable: true }), column.time('created_at')],
        indices: [new TableIndex({ name: 'rc_seen_signatures_age', columnNames: ['tenant_id', 'created_at'] })],
      }),
    );
    await queryRunner.addColumn('rc_idempotency_keys', new TableColumn(column.key('actor_id', { nullable: true })));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('rc_idempotency_keys', 'actor_id');
    await queryRunner.dropTable('rc_seen_signatures');
  }
}
