import { Entity, PrimaryColumn } from 'typeorm';
import { BigIntColumn, TenantIdColumn } from '../../../common/database/columns.js';

/** Stands for a guest's first visit ever on a day's visits: it sorts before every day. */
export const NO_VISIT_BEFORE = '';

/**
 * A closed day's visits counted by the day of the same guest's visit before (`''` for none,
 * and at most 367 days back: a period is at most 366 days). A guest is active in a period
 * exactly once, on the first of their visits in it — the one whose visit before is older than
 * the period — so distinct guests of any period are a sum of these rows, not a scan of visits.
 */
@Entity('rc_report_returns')
export class ReportReturn {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'day', type: 'varchar', length: 10 })
  day: string;

  @PrimaryColumn({ name: 'previous_day', type: 'varchar', length: 10 })
  previousDay: string;

  @BigIntColumn('visits')
  visits: number;
}
