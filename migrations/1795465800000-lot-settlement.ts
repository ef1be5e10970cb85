import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/**
 * When a lot was settled (spent to the last point, or its expiry written off), with an
 * index on the lots still open: the nightly expiry reads only those, not every lot ever
 * credited. Lots settled before this column existed take their credit time.
 */
export class LotSettlement1795465800000 implements MigrationInterface {
  name = 'LotSettlement1795465800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('rc_lots', new TableColumn(column.time('settled_at', { nullable: true })));
    await queryRunner.query(
      `UPDATE rc_lots SET settled_at = created_at
       WHERE remaining = 0 OR EXISTS (SELECT 1 FROM rc_ledger_entries e WHERE e.tenant_id = rc_lots.tenant_id AND e.expired_lot_id = rc_lots.id)`,
    );
    await queryRunner.dropIndex('rc_lots', 'rc_lots_expiry');
    await queryRunner.createIndex('rc_lots', new TableIndex({ name: 'rc_lots_unsettled', columnNames: ['tenant_id', 'settled_at', 'expires_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('rc_lots', 'rc_lots_unsettled');
    await queryRunner.createIndex('rc_lots', new TableIndex({ name: 'rc_lots_expiry', columnNames: ['tenant_id', 'expires_at'] }));
    await queryRunner.dropColumn('rc_lots', 'settled_at');
  }
}
