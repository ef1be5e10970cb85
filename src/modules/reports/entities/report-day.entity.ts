import { Entity, PrimaryColumn } from 'typeorm';
import { BigIntColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';

/** Every location of a tenant together: the summary row a day always has once it is rolled up. */
export const ALL_LOCATIONS = '';

/**
 * A closed business day in the tenant's time zone, summed once by the nightly reports job
 * so that a year's report reads hundreds of rows instead of millions of visits. One row per
 * location that had closed visits or tabs, and one for all locations together (`''`).
 */
@Entity('rc_report_days')
export class ReportDay {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'day', type: 'varchar', length: 10 })
  day: string;

  @PrimaryColumn({ name: 'location_id', type: 'varchar', length: 128 })
  locationId: string;

  /** Customers created that day (customers belong to no location: the all-locations row only). */
  @BigIntColumn('enrolled')
  enrolled: number;

  /** Distinct customers with a visit closed that day. */
  @BigIntColumn('active')
  active: number;

  @BigIntColumn('identified_tabs')
  identifiedTabs: number;

  /** Net of discounts and refunds, minor units. */
  @BigIntColumn('identified_revenue')
  identifiedRevenue: number;

  /** Every tab the host sent; null on a day it sent only the tabs of recognised guests. */
  @BigIntColumn('all_tabs', { nullable: true })
  allTabs: number | null;

  @BigIntColumn('all_revenue', { nullable: true })
  allRevenue: number | null;

  @TimeColumn('rolled_up_at')
  rolledUpAt: Date;
}
