import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** Tenant settings, the audit trail and the idempotency keys of retried writes. */
export class SettingsAuditIdempotency1795464100000 implements MigrationInterface {
  name = 'SettingsAuditIdempotency1795464100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rc_tenant_settings',
        columns: [column.tenantId(), column.key('default_country', { length: 2, nullable: true }), column.time('updated_at'), column.key('updated_by')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_audit_log',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('subject_type', { length: 32 }),
          column.key('subject_id', { length: 64 }),
          column.key('customer_id', { length: 32, nullable: true }),
          column.key('action', { length: 32 }),
          column.key('actor_id'),
          column.key('actor_name', { length: 255, nullable: true }),
          column.json('changes'),
          column.time('at'),
        ],
        indices: [
          new TableIndex({ name: 'rc_audit_subject', columnNames: ['tenant_id', 'subject_type', 'subject_id', 'id'] }),
          new TableIndex({ name: 'rc_audit_customer', columnNames: ['tenant_id', 'customer_id', 'id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_idempotency_keys',
        columns: [
          column.tenantId(),
          column.key('idempotency_key', { length: 200, primary: true }),
          column.key('request_hash', { length: 64 }),
          column.int('status_code'),
          column.text('response', { nullable: true }),
          column.time('created_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rc_idempotency_keys');
    await queryRunner.dropTable('rc_audit_log');
    await queryRunner.dropTable('rc_tenant_settings');
  }
}
