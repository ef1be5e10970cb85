import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** Customers, their typed contacts and tags. */
export class Customers1795464200000 implements MigrationInterface {
  name = 'Customers1795464200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rc_customers',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('kind', { length: 16 }),
          column.key('status', { length: 16 }),
          column.key('first_name', { length: 100, nullable: true }),
          column.key('middle_name', { length: 100, nullable: true }),
          column.key('last_name', { length: 100, nullable: true }),
          column.key('organisation_name', { length: 200, nullable: true }),
          column.key('business_domain', { length: 100, nullable: true }),
          column.key('contact_person', { length: 200, nullable: true }),
          column.key('organisation_id', { length: 32, nullable: true }),
          column.key('search_name', { length: 300 }),
          column.key('name_key', { length: 200, nullable: true }),
          column.key('birth_date', { length: 10, nullable: true }),
          column.key('gender', { length: 16, nullable: true }),
          column.key('address', { length: 500, nullable: true }),
          column.text('notes', { nullable: true }),
          column.text('preferences_text', { nullable: true }),
          column.json('preference_tags'),
          column.key('announcement', { length: 500, nullable: true }),
          column.key('responsible_employee_id', { nullable: true }),
          column.boolean('marketing_consent'),
          column.time('marketing_consent_at', { nullable: true }),
          column.key('room', { length: 32, nullable: true }),
          column.key('tier_id', { length: 32, nullable: true }),
          column.time('terminated_at', { nullable: true }),
          column.key('termination_reason', { length: 500, nullable: true }),
          column.time('erased_at', { nullable: true }),
          column.time('created_at'),
          column.key('created_by'),
          column.time('updated_at'),
          column.key('updated_by'),
        ],
        indices: [
          new TableIndex({ name: 'rc_customers_search_name', columnNames: ['tenant_id', 'search_name'] }),
          new TableIndex({ name: 'rc_customers_name_key', columnNames: ['tenant_id', 'name_key'] }),
          new TableIndex({ name: 'rc_customers_room', columnNames: ['tenant_id', 'room'] }),
          new TableIndex({ name: 'rc_customers_organisation', columnNames: ['tenant_id', 'organisation_id'] }),
          new TableIndex({ name: 'rc_customers_employee', columnNames: ['tenant_id', 'responsible_employee_id'] }),
          new TableIndex({ name: 'rc_customers_tier', columnNames: ['tenant_id', 'tier_id'] }),
          new TableIndex({ name: 'rc_customers_created', columnNames: ['tenant_id', 'created_at'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_customer_contacts',
        columns: [
          column.tenantId(),
          column.key('id', { length: 32, primary: true }),
          column.key('customer_id', { length: 32 }),
          column.key('type', { length: 16 }),
          column.key('value', { length: 255 }),
          column.key('label', { length: 50, nullable: true }),
          column.key('primary_slot', { length: 8, nullable: true }),
          column.time('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'rc_contacts_value', columnNames: ['tenant_id', 'value'] }),
          new TableIndex({ name: 'rc_contacts_customer', columnNames: ['tenant_id', 'customer_id'] }),
          new TableIndex({ name: 'rc_contacts_primary', columnNames: ['tenant_id', 'customer_id', 'type', 'primary_slot'], isUnique: true }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rc_customer_tags',
        columns: [column.tenantId(), column.key('customer_id', { length: 32, primary: true }), column.key('tag', { length: 64, primary: true })],
        indices: [new TableIndex({ name: 'rc_customer_tags_tag', columnNames: ['tenant_id', 'tag'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rc_customer_tags');
    await queryRunner.dropTable('rc_customer_contacts');
    await queryRunner.dropTable('rc_customers');
  }
}
