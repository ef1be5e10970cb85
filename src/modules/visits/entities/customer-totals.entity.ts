import { Entity, Index, PrimaryColumn } from 'typeorm';
import { BigIntColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';

/**
 * A customer's running totals over all closed visits: what tiers qualify on and what the
 * card shows. Changed in the same transaction as the visit that moves them.
 */
@Entity('rc_customer_totals')
// The reports' cohorts: guests by month of their first visit, and when they came back.
@Index('rc_customer_totals_first_visit', ['tenantId', 'firstVisitAt', 'secondVisitAt'])
// The reports' top guests: no guest spent or came more in a period than in all their visits.
@Index('rc_customer_totals_spent', ['tenantId', 'spent', 'visits'])
@Index('rc_customer_totals_visits', ['tenantId', 'visits', 'spent'])
export class CustomerTotals {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'customer_id', type: 'varchar', length: 32 })
  customerId: string;

  /** Net spend in minor units (refunds taken off). */
  @BigIntColumn('spent')
  spent: number;

  @BigIntColumn('visits')
  visits: number;

  @BigIntColumn('points_earned')
  pointsEarned: number;

  @TimeColumn('first_visit_at', { nullable: true })
  firstVisitAt: Date | null;

  @TimeColumn('last_visit_at', { nullable: true })
  lastVisitAt: Date | null;

  /** When the guest came back: the earliest visit after the first. */
  @TimeColumn('second_visit_at', { nullable: true })
  secondVisitAt: Date | null;
}
