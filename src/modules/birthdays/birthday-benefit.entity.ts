import { Column, Entity } from 'typeorm';
import { BigIntColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../common/database/columns.js';

/**
 * What a tenant gives its guests on their birthday, once a year: points or bonus on an
 * account, a promotion category for a few days (a birthday discount), a coupon for one
 * later visit, or several of these.
 */
@Entity('rc_birthday_benefits')
export class BirthdayBenefit {
  @TenantIdColumn()
  tenantId: string;

  @Column({ name: 'enabled', type: 'boolean', default: false })
  enabled: boolean;

  @KeyColumn('account_type_code', { length: 64, nullable: true })
  accountTypeCode: string | null;

  @BigIntColumn('amount', { nullable: true })
  amount: number | null;

  @KeyColumn('category_code', { length: 64, nullable: true })
  categoryCode: string | null;

  /** Days the category lasts, from the birthday on. */
  @Column({ name: 'category_days', type: 'integer', default: 1 })
  categoryDays: number;

  /** A coupon of the guest's own that brings this category to one later tab. */
  @KeyColumn('coupon_category_code', { length: 64, nullable: true })
  couponCategoryCode: string | null;

  /** Days the coupon is valid, from the birthday morning on. */
  @Column({ name: 'coupon_days', type: 'integer', default: 30 })
  couponDays: number;

  @TimeColumn('updated_at')
  updatedAt: Date;

  @KeyColumn('updated_by', { length: 128 })
  updatedBy: string;
}
