import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column } from '../src/common/database/migration-columns.js';

/** A birthday coupon: the category it brings to a later tab, and how many days it lasts. */
export class BirthdayCoupons1795466800000 implements MigrationInterface {
  name = 'BirthdayCoupons1795466800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('rc_birthday_benefits', [new TableColumn(column.key('coupon_category_code', { length: 64, nullable: true })), new TableColumn(column.int('coupon_days', { default: 30 }))]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('rc_birthday_benefits', 'coupon_days');
    await queryRunner.dropColumn('rc_birthday_benefits', 'coupon_category_code');
  }
}
