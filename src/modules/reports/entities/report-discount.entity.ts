import { Entity, PrimaryColumn } from 'typeorm';
import { BigIntColumn, TenantIdColumn } from '../../../common/database/columns.js';

/** What a sales rule gave on a closed day at a location (or all of them, `''`), from the visits' discounts. */
@Entity('rc_report_discounts')
export class ReportDiscount {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'day', type: 'varchar', length: 10 })
  day: string;

  @PrimaryColumn({ name: 'location_id', type: 'varchar', length: 128 })
  locationId: string;

  @PrimaryColumn({ name: 'category_code', type: 'varchar', length: 128 })
  categoryCode: string;

  @PrimaryColumn({ name: 'rule_id', type: 'varchar', length: 64 })
  ruleId: string;

  @BigIntColumn('amount')
  amount: number;

  @BigIntColumn('tabs')
  tabs: number;
}
