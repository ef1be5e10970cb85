import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * An event's deliveries found by the event: the retention job keeps an event while any
 * delivery still refers to it. The unique key on (event, subscription) serves it with its
 * columns in that order, so no second index is written at every fan-out.
 */
export class EventRetention1795466500000 implements MigrationInterface {
  name = 'EventRetention1795466500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('rc_webhook_deliveries', 'rc_webhook_deliveries_event');
    await queryRunner.createIndex('rc_webhook_deliveries', new TableIndex({ name: 'rc_webhook_deliveries_event', columnNames: ['tenant_id', 'event_id', 'subscription_id'], isUnique: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('rc_webhook_deliveries', 'rc_webhook_deliveries_event');
    await queryRunner.createIndex('rc_webhook_deliveries', new TableIndex({ name: 'rc_webhook_deliveries_event', columnNames: ['tenant_id', 'subscription_id', 'event_id'], isUnique: true }));
  }
}
