import { Injectable, type OnModuleInit } from '@nestjs/common';
import { addDays } from '../../common/calendar.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { JobRegistry, type JobContext, type JobOutcome } from '../jobs/jobs.registry.js';
import type { ReportCohort } from './entities/report-cohort.entity.js';
import { COHORT_DAYS, ReportDays } from './report-days.service.js';
import { ReportsRepository } from './reports.repository.js';

/** Closed days summed again each night: a refund of last week's tab still reaches its day's figures. */
export const DAYS_SUMMED_AGAIN = 7;
/** Days summed side by side: a first run sums the tenant's whole history. */
const DAYS_AT_ONCE = 4;

/**
 * The nightly summary of closed business days for the reports: each day not summed yet (from
 * the tenant's first customer on the first run) and the last week's again, one transaction
 * per day, and the cohorts of the last 90 days again; a report of a year reads a row a day
 * instead of every visit.
 */
@Injectable()
export class ReportDaysJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobRegistry,
    private readonly uow: UnitOfWork,
    private readonly days: ReportDays,
    private readonly repository: ReportsRepository,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: 'reports',
      description: 'Sums each closed business day for the reports (members, money, discounts, points), and the last week’s again for late refunds.',
      tenants: () => this.repository.tenants(),
      run: (context) => this.run(context),
    });
  }

  async run({ tenantId, now, progress }: JobContext): Promise<JobOutcome> {
    const today = this.days.today(now);
    const last = await this.repository.lastStoredDay(tenantId);
    const firstCustomer = await this.repository.firstCustomerAt(tenantId);
    if (!firstCustomer) return { rowsTouched: 0, outcome: { days: 0 } };
    const first = this.days.today(firstCustomer);
    const again = addDays(today, -DAYS_SUMMED_AGAIN);
    const next = last === null ? first : addDays(last, 1) < again ? addDays(last, 1) : again;
    let day = next < first ? first : next;
    const total = Math.max(0, Math.round((Date.parse(today) - Date.parse(day)) / 86_400_000));
    let done = 0;
    let rows = 0;
    while (day < today) {
      const batch: string[] = [];
      for (; day < today && batch.length < DAYS_AT_ONCE; day = addDays(day, 1)) batch.push(day);
      const summaries = await Promise.all(batch.map((one) => this.days.summarise(tenantId, one, now)));
      for (const [i, summary] of summaries.entries()) {
        await this.uow.transaction(() => this.repository.storeDay(tenantId, batch[i], summary));
        rows += summary.days.length + summary.discounts.length + summary.points.length + summary.returns.length;
      }
      done += batch.length;
      await progress(done, total);
    }
    // Cohorts are still gaining the guests who come back for 90 days: those of the 90 days
    // before the last run's last day too, when nights were missed.
    const cohorts: ReportCohort[] = [];
    const since = addDays(last ?? today, -COHORT_DAYS);
    for (let cohortDay = since < first ? first : since; cohortDay < today; cohortDay = addDays(cohortDay, 1)) {
      cohorts.push(await this.days.cohortOf(tenantId, cohortDay));
    }
    await this.uow.transaction(async () => {
      for (const cohort of cohorts) await this.repository.storeCohort(cohort);
    });
    rows += cohorts.length;
    return { rowsTouched: rows, outcome: { days: done } };
  }
}
