import { Inject, Injectable } from '@nestjs/common';
import { addDays, localDate, startOfLocalDay } from '../../common/calendar.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { toExactInteger } from '../../common/money.js';
import type { EntryKind } from '../accounts/entities/ledger-entry.entity.js';
import { ALL_LOCATIONS, type ReportDay } from './entities/report-day.entity.js';
import type { ReportDiscount } from './entities/report-discount.entity.js';
import type { ReportPoints } from './entities/report-points.entity.js';
import { NO_VISIT_BEFORE, type ReportReturn } from './entities/report-return.entity.js';
import type { ReportCohort } from './entities/report-cohort.entity.js';
import { ReportsRepository, type Span } from './reports.repository.js';

/** One business day summed: a row per location and one for all ('' ), the rules' discounts, the ledger per account type, the visits by the guest's visit before. */
export interface DaySummary {
  days: ReportDay[];
  discounts: ReportDiscount[];
  points: ReportPoints[];
  returns: ReportReturn[];
  cohort: ReportCohort;
}

/** How long a cohort keeps changing: a second visit within 90 days of the first counts. */
export const COHORT_DAYS = 91;

/** How far back a visit before is told apart: any older one is older than every period's first day. */
const RETURNS_REACH_DAYS = 367;

/** The days of a period as a report reads them: stored where the job summed them, summed now where not. */
export interface PeriodDays {
  /** Per day, the row of the location asked (or of all). */
  days: Map<string, ReportDay>;
  /** Per day, the all-locations row: customers enrolled belong to no location. */
  everywhere: Map<string, ReportDay>;
  discounts: ReportDiscount[];
  points: ReportPoints[];
  /** Distinct guests with a visit in the period, at every location together (when asked for). */
  guests: number;
}

// What each ledger entry kind means to the programme's figures; the rest (holds, transfers,
// imported opening balances, resets) moves the outstanding balance only.
const ISSUED: EntryKind[] = ['accrual', 'deposit', 'manual_credit'];
const REDEEMED: EntryKind[] = ['redemption', 'capture', 'manual_debit', 'offline_spend'];

/** The business days of the plugin's time zone, summed for the reports. */
@Injectable()
export class ReportDays {
  constructor(
    private readonly repository: ReportsRepository,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  today(now: Date): string {
    return localDate(now, this.config.timeZone);
  }

  /** The instants a stretch of local days covers, `from` and `to` included. */
  span(from: string, to: string): Span {
    return { start: startOfLocalDay(from, this.config.timeZone), end: startOfLocalDay(addDays(to, 1), this.config.timeZone) };
  }

  /**
   * Sums one day from the rows themselves: what the job stores, and what a report uses for a
   * day not stored. Finding each visit's visit before is the costly part: left out when
   * `returns` is false (a report that counts no distinct guests).
   */
  async summarise(tenantId: string, day: string, now: Date, returns = true): Promise<DaySummary> {
    const span = this.span(day, day);
    const [enrolled, visits, tabs, discounted, ledger, previous, cohort] = await Promise.all([
      this.repository.enrolled(tenantId, span),
      this.repository.visitFigures(tenantId, span),
      this.repository.closedTabs(tenantId, span),
      this.repository.discountedVisits(tenantId, span),
      this.repository.ledgerMoves(tenantId, span),
      returns ? this.repository.previousVisits(tenantId, span) : [],
      this.cohortOf(tenantId, day),
    ]);
    const rows = new Map<string, ReportDay>();
    const rowOf = (locationId: string) => {
      let row = rows.get(locationId);
      if (!row) {
        row = { tenantId, day, locationId, enrolled: 0, active: 0, identifiedTabs: 0, identifiedRevenue: 0, allTabs: null, allRevenue: null, rolledUpAt: now };
        rows.set(locationId, row);
      }
      return row;
    };
    rowOf(ALL_LOCATIONS).enrolled = toExactInteger(enrolled?.enrolled ?? 0);
    for (const figures of visits) {
      const row = rowOf((figures.locationId as string | null) ?? ALL_LOCATIONS);
      row.active = toExactInteger(figures.active);
      row.identifiedTabs = toExactInteger(figures.tabs);
      row.identifiedRevenue = toExactInteger(figures.revenue);
    }
    // A host that sends tabs without a guest sends every tab: only then is "all tabs" known. A
    // guest's tab brings what its visits came to (above); one without, what the host says it came to.
    const everyTab = new Map<string, { tabs: number; revenue: number; withoutGuest: boolean }>();
    for (const tab of tabs) {
      const revenue = tab.customerId ? 0 : tabRevenue(parsed(tab.snapshot));
      for (const locationId of new Set([ALL_LOCATIONS, (tab.locationId as string | null) ?? ALL_LOCATIONS])) {
        const sum = everyTab.get(locationId) ?? { tabs: 0, revenue: 0, withoutGuest: false };
        sum.tabs += 1;
        sum.revenue += revenue;
        sum.withoutGuest ||= !tab.customerId;
        everyTab.set(locationId, sum);
      }
    }
    for (const [locationId, sum] of everyTab) {
      if (!sum.withoutGuest) continue;
      const row = rowOf(locationId);
      row.allTabs = sum.tabs;
      row.allRevenue = row.identifiedRevenue + sum.revenue;
    }
    const reach = addDays(day, -RETURNS_REACH_DAYS);
    const byDayBefore = new Map<string, ReportReturn>();
    for (const visit of previous) {
      const before = visit.previous ? this.today(visit.previous) : NO_VISIT_BEFORE;
      const previousDay = before && before < reach ? reach : before;
      const row = byDayBefore.get(previousDay) ?? { tenantId, day, previousDay, visits: 0 };
      row.visits += 1;
      byDayBefore.set(previousDay, row);
    }
    return { days: [...rows.values()], discounts: discountsOf(tenantId, day, discounted), points: pointsOf(tenantId, day, ledger), returns: [...byDayBefore.values()], cohort };
  }

  /** The guests whose first visit was on the day, and how many came back within 30, 60, 90 days. */
  async cohortOf(tenantId: string, day: string): Promise<ReportCohort> {
    const [row] = await this.repository.cohorts(tenantId, this.span(day, day), { labels: [day], starts: [] });
    const count = (value: unknown) => toExactInteger(value ?? 0);
    return { tenantId, day, guests: count(row?.guests), returned30: count(row?.returned30), returned60: count(row?.returned60), returned90: count(row?.returned90) };
  }

  /** The period's cohorts by day of first visit: stored once they can no longer change, summed from the guests' totals before. */
  async cohorts(tenantId: string, from: string, to: string, now: Date): Promise<ReportCohort[]> {
    const today = this.today(now);
    const settled = addDays(today, -COHORT_DAYS);
    const stored = new Map((await this.repository.storedCohorts(tenantId, from, to)).map((row) => [row.day, row]));
    const cohorts: ReportCohort[] = [];
    for (let day = from; day <= to && day <= today; day = addDays(day, 1)) {
      const kept = day < settled ? stored.get(day) : undefined;
      cohorts.push(kept ?? (await this.cohortOf(tenantId, day)));
    }
    return cohorts;
  }

  /**
   * The period's days for a location ('' for all): the stored summaries, and the days the
   * job has not summed (today, or days before its first run) summed now; with `guests`, the
   * period's distinct guests too. Days after today are left out: nothing happened on them yet.
   */
  async period(tenantId: string, from: string, to: string, locationId: string, now: Date, guests = false): Promise<PeriodDays> {
    const [storedDays, storedDiscounts, storedPoints, storedGuests] = await Promise.all([
      this.repository.storedDays(tenantId, from, to, locationId),
      this.repository.storedDiscounts(tenantId, from, to, locationId),
      this.repository.storedPoints(tenantId, from, to),
      guests ? this.repository.storedFirstVisits(tenantId, from, to) : 0,
    ]);
    const result: PeriodDays = { days: new Map(), everywhere: new Map(), discounts: storedDiscounts, points: storedPoints, guests: toExactInteger(storedGuests ?? 0) };
    for (const row of storedDays) {
      if (row.locationId === ALL_LOCATIONS) result.everywhere.set(row.day, row);
      if (row.locationId === locationId) result.days.set(row.day, row);
    }
    const today = this.today(now);
    const last = to < today ? to : today;
    for (let day = from; day <= last; day = addDays(day, 1)) {
      if (result.everywhere.has(day)) continue;
      const summary = await this.summarise(tenantId, day, now, guests);
      for (const row of summary.days) {
        if (row.locationId === ALL_LOCATIONS) result.everywhere.set(day, row);
        if (row.locationId === locationId) result.days.set(day, row);
      }
      result.discounts.push(...summary.discounts.filter((row) => row.locationId === locationId));
      result.points.push(...summary.points);
      result.guests += summary.returns.filter((row) => row.previousDay < from).reduce((sum, row) => sum + row.visits, 0);
    }
    return result;
  }
}

function parsed(value: unknown): Record<string, unknown> | null {
  if (typeof value === 'string') return JSON.parse(value) as Record<string, unknown>;
  return (value as Record<string, unknown> | null) ?? null;
}

/** What a tab came to: its payments when the host sent them, otherwise its lines. */
function tabRevenue(snapshot: Record<string, unknown> | null): number {
  if (!snapshot) return 0;
  const payments = (snapshot.payments as { amount: number }[] | undefined) ?? [];
  if (payments.length > 0) return payments.reduce((sum, payment) => sum + payment.amount, 0);
  const orders = (snapshot.orders as { items: { amount: number }[] }[] | undefined) ?? [];
  return orders.reduce((sum, order) => sum + order.items.reduce((lines, item) => lines + item.amount, 0), 0);
}

function discountsOf(tenantId: string, day: string, visits: Record<string, unknown>[]): ReportDiscount[] {
  const sums = new Map<string, ReportDiscount & { tabIds: Set<string> }>();
  for (const visit of visits) {
    const given = (parsed(visit.discounts) as unknown as { ruleId: string; categoryCode: string; amount: number }[] | null) ?? [];
    for (const discount of given) {
      for (const locationId of new Set([ALL_LOCATIONS, (visit.locationId as string | null) ?? ALL_LOCATIONS])) {
        const key = JSON.stringify([locationId, discount.categoryCode, discount.ruleId]);
        const sum = sums.get(key) ?? { tenantId, day, locationId, categoryCode: discount.categoryCode, ruleId: discount.ruleId, amount: 0, tabs: 0, tabIds: new Set<string>() };
        sum.amount += discount.amount;
        sum.tabIds.add(visit.tabId as string);
        sums.set(key, sum);
      }
    }
  }
  return [...sums.values()].map(({ tabIds, ...sum }) => ({ ...sum, tabs: tabIds.size }));
}

function pointsOf(tenantId: string, day: string, moves: Record<string, unknown>[]): ReportPoints[] {
  const sums = new Map<string, ReportPoints>();
  for (const move of moves) {
    const accountTypeId = move.accountTypeId as string;
    const sum = sums.get(accountTypeId) ?? { tenantId, day, accountTypeId, issued: 0, redeemed: 0, expired: 0, netChange: 0 };
    const kind = move.kind as EntryKind;
    const credits = toExactInteger(move.credits);
    const debits = toExactInteger(move.debits);
    if (ISSUED.includes(kind)) sum.issued += credits - debits;
    if (REDEEMED.includes(kind)) sum.redeemed += debits - credits;
    if (kind === 'expiry') sum.expired += debits - credits;
    // A reversal takes back what a refunded tab earned (a debit) or gives back what it spent (a credit).
    if (kind === 'reversal') [sum.issued, sum.redeemed] = [sum.issued - debits, sum.redeemed - credits];
    sum.netChange += credits - debits;
    sums.set(accountTypeId, sum);
  }
  return [...sums.values()];
}
