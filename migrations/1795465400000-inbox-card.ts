import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/**
 * The customer card an attach answered, kept with its inbox row so a repeat answers it
 * again; the card's customer beside it, so erasure finds the copies by index.
 */
export class InboxCard1795465400000 implements MigrationInterface {
  name = 'InboxCard1795465400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('rc_inbox', [new TableColumn(column.json('card', { nullable: true })), new TableColumn(column.key('card_customer_id', { length: 32, nullable: true }))]);
    await queryRunner.createIndex('rc_inbox', new TableIndex({ name: 'rc_inbox_card_customer', columnNames: ['tenant_id', 'card_customer_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('rc_inbox', 'rc_inbox_card_customer');
    await queryRunner.dropColumns('rc_inbox', ['card_customer_id', 'card']);
  }
}
