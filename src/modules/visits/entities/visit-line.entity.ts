import { Entity, Index, PrimaryColumn } from 'typeorm';
import { BigIntColumn, JsonColumn, KeyColumn, TenantIdColumn } from '../../../common/database/columns.js';

/** A line the guest bought on a visit, for history and favourite products. */
@Entity('rc_visit_lines')
@Index('rc_visit_lines_product', ['tenantId', 'customerId', 'productId'])
export class VisitLine {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'visit_id', type: 'varchar', length: 32 })
  visitId: string;

  @PrimaryColumn({ name: 'line_id', type: 'varchar', length: 128 })
  lineId: string;

  @KeyColumn('customer_id', { length: 32 })
  customerId: string;

  @KeyColumn('product_id')
  productId: string;

  @KeyColumn('name', { length: 255, nullable: true })
  name: string | null;

  @JsonColumn('product_group_ids')
  productGroupIds: string[];

  /** Thousandths of a unit (quantities carry 3 fraction digits). */
  @BigIntColumn('quantity_milli')
  quantityMilli: number;

  @BigIntColumn('amount')
  amount: number;

  @BigIntColumn('discount')
  discount: number;

  @BigIntColumn('refunded_milli', { default: 0 })
  refundedMilli: number;

  @BigIntColumn('refunded_amount', { default: 0 })
  refundedAmount: number;
}
