import { Column, Entity } from 'typeorm';
import { KeyColumn, TenantIdColumn, TimeColumn } from '../../common/database/columns.js';

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

  @TimeColumn('updated_at')
  updatedAt: Date;

  @KeyColumn('updated_by', { length: 128 })
  updatedBy: string;
}
