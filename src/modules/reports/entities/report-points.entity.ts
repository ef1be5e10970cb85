import { Entity, PrimaryColumn } from 'typeorm';
import { BigIntColumn, TenantIdColumn } from '../../../common/database/columns.js';

/** What the ledger did to the accounts of one type on a closed day. */
@Entity('rc_report_points')
export class ReportPoints {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'day', type: 'varchar', length: 10 })
  day: string;

  @PrimaryColumn({ name: 'account_type_id', type: 'varchar', length: 32 })
  accountTypeId: string;

  @BigIntColumn('issued')
  issued: number;

  @BigIntColumn('redeemed')
  redeemed: number;

  @BigIntColumn('expired')
  expired: number;

  /** Every entry's amount summed: the day's change of the outstanding balance. */
  @BigIntColumn('net_change')
  netChange: number;
}
