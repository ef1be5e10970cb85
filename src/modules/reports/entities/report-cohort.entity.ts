import { Entity, PrimaryColumn } from 'typeorm';
import { BigIntColumn, TenantIdColumn } from '../../../common/database/columns.js';

/**
 * The guests whose first visit was on a day, and how many of them came back within 30, 60
 * and 90 days. A cohort keeps changing for 90 days after its day: the job sums the last 91
 * days' cohorts again each night, and a report sums them from the guests' totals.
 */
@Entity('rc_report_cohorts')
export class ReportCohort {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'day', type: 'varchar', length: 10 })
  day: string;

  @BigIntColumn('guests')
  guests: number;

  @BigIntColumn('returned_30')
  returned30: number;

  @BigIntColumn('returned_60')
  returned60: number;

  @BigIntColumn('returned_90')
  returned90: number;
}
