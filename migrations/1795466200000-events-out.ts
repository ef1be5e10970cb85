import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** Events out: the transactional outbox, webhook subscriptions and their deliveries. */
export class EventsOut1795466200000 implements MigrationInterface {
  name = 'EventsOut1795466200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rc_outbox_events',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('type', { length: 64 }),
          column.int('version'),
          column.time('occurred_at'),
          column.key('customer_id', { length: 32, nullable: true }),
          column.json('payload'),
          column.time('fanned_out_at', { nullable: true }),
        ],
        indices: [
          // The relay's queue: a tenant's rows not fanned out yet, oldest first, come first in it.
          new TableIndex({ name: 'rc_outbox_events_to_fan_out', columnNames: ['tenant_id', 'fanned_out_at', 'id'] }),
          // A guest's events: the order check of the fan-out, and erasure.
          new TableIndex({ name: 'rc_outbox_events_customer', columnNames: ['tenant_id', 'customer_id', 'id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_webhook_subscriptions',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('url', { length: 2000 }),
          column.json('event_types'),
          column.key('secret', { length: 64 }),
          column.key('description', { length: 200, nullable: true }),
          column.boolean('active'),
          column.time('created_at'),
          column.time('updated_at'),
          column.key('updated_by'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_webhook_deliveries',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('subscription_id', { length: 32 }),
          column.key('event_id', { length: 32 }),
          column.key('event_type', { length: 64 }),
          column.key('customer_id', { length: 32, nullable: true }),
          column.key('status', { length: 16 }),
          column.int('attempts'),
          column.time('next_attempt_at'),
          column.time('leased_until', { nullable: true }),
          column.int('last_status_code', { nullable: true }),
          column.key('last_error', { length: 500, nullable: true }),
          column.time('first_attempt_at', { nullable: true }),
          column.time('delivered_at', { nullable: true }),
          column.time('created_at'),
        ],
        indices: [
          // What is due, per tenant.
          new TableIndex({ name: 'rc_webhook_deliveries_due', columnNames: ['tenant_id', 'status', 'next_attempt_at'] }),
          // A subscription's oldest pending delivery per guest: only that one may be sent.
          new TableIndex({ name: 'rc_webhook_deliveries_order', columnNames: ['tenant_id', 'subscription_id', 'customer_id', 'status', 'event_id'] }),
          // The delivery log of a subscription, newest first.
          new TableIndex({ name: 'rc_webhook_deliveries_log', columnNames: ['tenant_id', 'subscription_id', 'id'] }),
          // An event is owed to a subscription once.
          new TableIndex({ name: 'rc_webhook_deliveries_event', columnNames: ['tenant_id', 'subscription_id', 'event_id'], isUnique: true }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rc_webhook_deliveries');
    await queryRunner.dropTable('rc_webhook_subscriptions');
    await queryRunner.dropTable('rc_outbox_events');
  }
}
