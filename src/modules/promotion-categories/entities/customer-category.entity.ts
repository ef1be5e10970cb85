import { Entity, Index, PrimaryColumn } from 'typeorm';
import { KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';

/** A customer's personal category, optionally for a period (a birthday month, a trial). */
@Entity('rc_customer_categories')
@Index('rc_customer_categories_unique', ['tenantId', 'customerId', 'categoryId'], { unique: true })
export class CustomerCategory {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('customer_id', { length: 32 })
  customerId: string;

  @KeyColumn('category_id', { length: 32 })
  categoryId: string;

  /** Local dates, inclusive; null is open-ended. */
  @KeyColumn('valid_from', { length: 10, nullable: true })
  validFrom: string | null;

  @KeyColumn('valid_to', { length: 10, nullable: true })
  validTo: string | null;

  @TimeColumn('created_at')
  createdAt: Date;

  @KeyColumn('created_by')
  createdBy: string;
}
