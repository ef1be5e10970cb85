import { Entity, PrimaryColumn } from 'typeorm';
import { BigIntColumn, TenantIdColumn } from '../../common/database/columns.js';

/**
 * What a customer did in one business day (the tenant's local date): identifications,
 * closed tabs, bonus spent per account. The daily limits of the sales rules read it.
 */
@Entity('rc_daily_counters')
export class DailyCounter {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'customer_id', type: 'varchar', length: 32 })
  customerId: string;

  @PrimaryColumn({ name: 'day', type: 'varchar', length: 10 })
  day: string;

  /** identifications | closed_tabs | bonus_spent:<account type> */
  @PrimaryColumn({ name: 'counter', type: 'varchar', length: 80 })
  counter: string;

  @BigIntColumn('value')
  value: number;
}
