import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';

/** A named code that sales rules hang on; the host and customers bring categories to tabs. */
@Entity('rc_promotion_categories')
@Index('rc_promotion_categories_code', ['tenantId', 'code'], { unique: true })
export class PromotionCategory {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('code', { length: 64 })
  code: string;

  @KeyColumn('name', { length: 200 })
  name: string;

  @Column({ name: 'description', type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'active', type: 'boolean' })
  active: boolean;

  /** The most this category's rules together take off one line, in basis points of its base. */
  @Column({ name: 'line_discount_cap_bp', type: 'integer', nullable: true })
  lineDiscountCapBp: number | null;

  @Column({ name: 'version', type: 'integer' })
  version: number;

  @TimeColumn('created_at')
  createdAt: Date;

  @KeyColumn('created_by')
  createdBy: string;

  @TimeColumn('updated_at')
  updatedAt: Date;

  @KeyColumn('updated_by')
  updatedBy: string;
}
