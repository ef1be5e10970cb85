import { Column, Entity } from 'typeorm';
import { BigIntColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../common/database/columns.js';

/** A tenant's own settings, changed by its managers; unset values fall back to the plugin options. */
@Entity('rc_tenant_settings')
export class TenantSettings {
  @TenantIdColumn()
  tenantId: string;

  @KeyColumn('default_country', { length: 2, nullable: true })
  defaultCountry: string | null;

  /**
   * What discounts and points are computed on; the default follows POS practice:
   * the pre-tax amount without service charge.
   */
  @Column({ name: 'discount_includes_tax', type: 'boolean', default: false })
  discountIncludesTax: boolean;

  @Column({ name: 'discount_includes_service', type: 'boolean', default: false })
  discountIncludesService: boolean;

  @Column({ name: 'accrual_includes_tax', type: 'boolean', default: false })
  accrualIncludesTax: boolean;

  @Column({ name: 'accrual_includes_service', type: 'boolean', default: false })
  accrualIncludesService: boolean;

  /** Points on the part of a tab paid with bonus money too; by default only on money paid. */
  @Column({ name: 'accrue_on_bonus_payments', type: 'boolean', default: false })
  accrueOnBonusPayments: boolean;

  /** Points on the part of a tab paid with a gift card too; by default not: the card's money earned nothing when it was bought. */
  @Column({ name: 'accrue_on_gift_card_payments', type: 'boolean', default: false })
  accrueOnGiftCardPayments: boolean;

  /** Discounts and points on a gift card sold on a tab like on any line; by default its sale is neither. */
  @Column({ name: 'gift_card_sales_like_any_line', type: 'boolean', default: false })
  giftCardSalesLikeAnyLine: boolean;

  /**
   * The most a till may let a guest spend from one account while it cannot reach the plugin
   * (minor units of the tenant's currency); null lets nothing be spent offline.
   */
  @BigIntColumn('offline_allowance', { nullable: true })
  offlineAllowance: number | null;

  @TimeColumn('updated_at')
  updatedAt: Date;

  @KeyColumn('updated_by', { length: 128 })
  updatedBy: string;
}
