import { Inject, Injectable } from '@nestjs/common';
import { addDays } from '../../common/calendar.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { toExactInteger } from '../../common/money.js';
import { displayName } from '../customers/customer-presenter.js';
import type { Customer } from '../customers/entities/customer.entity.js';
import { MAX_REPORT_DAYS, REPORT_SECTIONS, type ColumnUnit, type ReportCell, type ReportDto, type ReportName, type ReportQueryDto, type ReportSectionDto } from './dto/report.dto.js';
import { ReportDays, type PeriodDays } from './report-days.service.js';
import { ReportsRepository, type Buckets, type Span } from './reports.repository.js';

/** The period a report was asked for, checked. */
interface Period {
  tenantId: string;
  from: string;
  to: string;
  /** '' for every location. */
  locationId: string;
  span: Span;
  now: Date;
}

const TOP_GUESTS = 20;
/** Guests' totals read at a time while looking for the period's best guests. */
const CANDIDATES_PER_READ = 500;
/** Past this many, the period's visits are summed per guest instead (a short period, whose best guests are not the best of all time). */
const MOST_CANDIDATES = 5000;

type Columns = [string, ColumnUnit][];

function section(key: string, chart: ReportSectionDto['chart'], columns: Columns, rows: ReportCell[][]): ReportSectionDto {
  return { key, chart, columns: columns.map(([name, unit]) => ({ key: name, unit })), rows };
}

/** A share as a percent with one decimal; null when there is nothing to share. */
function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part * 1000) / whole) / 10 : null;
}

/** Revenue over tabs, rounded half up; null without tabs. */
function average(revenue: number | null, tabs: number | null): number | null {
  return revenue !== null && tabs ? Math.round(revenue / tabs) : null;
}

const int = (value: unknown) => toExactInteger(value ?? 0);

/** The programme's reports over a period of business days, as sections of rows a page charts and a CSV repeats. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly repository: ReportsRepository,
    private readonly days: ReportDays,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  async report(tenantId: string, report: ReportName, query: ReportQueryDto): Promise<ReportDto> {
    const period = this.period(tenantId, query);
    if (query.format === 'csv') {
      const sections: readonly string[] = REPORT_SECTIONS[report];
      if (!query.section) throw RegularsError.invalid([`section: a CSV answers one section; the ${report} report has ${sections.join(', ')}`]);
      if (!sections.includes(query.section)) throw RegularsError.invalid([`section: the ${report} report has ${sections.join(', ')}, not ${query.section}`]);
    }
    const sections = await this.sections(report, period);
    return {
      report,
      from: period.from,
      to: period.to,
      locationId: period.locationId || null,
      currency: this.config.defaultCurrency,
      sections: query.section ? sections.filter(({ key }) => key === query.section) : sections,
    };
  }

  private period(tenantId: string, query: ReportQueryDto): Period {
    for (const field of ['from', 'to'] as const) {
      const day = query[field];
      const midnight = new Date(`${day}T00:00:00Z`);
      if (isNaN(midnight.getTime()) || midnight.toISOString().slice(0, 10) !== day) throw RegularsError.invalid([`${field}: ${day} is not a day of the calendar`]);
    }
    if (query.from > query.to) throw RegularsError.invalid([`to: must not come before from (${query.from})`]);
    if (addDays(query.from, MAX_REPORT_DAYS - 1) < query.to) throw RegularsError.invalid([`to: a report covers at most ${MAX_REPORT_DAYS} days`]);
    return { tenantId, from: query.from, to: query.to, locationId: query.locationId ?? '', span: this.days.span(query.from, query.to), now: this.config.clock.now() };
  }

  private sections(report: ReportName, period: Period): Promise<ReportSectionDto[]> {
    switch (report) {
      case 'members':
        return this.members(period);
      case 'money':
        return this.money(period);
      case 'points':
        return this.points(period);
      case 'tiers':
        return this.tiers(period);
      case 'rewards':
        return this.rewards(period);
      case 'top-guests':
        return this.topGuests(period);
    }
  }

  private dayList(period: Period): string[] {
    const list: string[] = [];
    for (let day = period.from; day <= period.to; day = addDays(day, 1)) list.push(day);
    return list;
  }

  private periodDays(period: Period, guests = false): Promise<PeriodDays> {
    return this.days.period(period.tenantId, period.from, period.to, period.locationId, period.now, guests && !period.locationId);
  }

  /** The months the period touches, each starting where the period or the month starts. */
  private months(period: Period): Buckets & { ends: Date[] } {
    const labels: string[] = [];
    const starts: Date[] = [];
    const ends: Date[] = [];
    let month = period.from.slice(0, 7);
    while (month <= period.to.slice(0, 7)) {
      labels.push(month);
      const next = addDays(`${month}-28`, 4).slice(0, 7);
      const lastDay = addDays(`${next}-01`, -1);
      ends.push(this.days.span(period.from, lastDay < period.to ? lastDay : period.to).end);
      if (labels.length > 1) starts.push(this.days.span(`${month}-01`, `${month}-01`).start);
      month = next;
    }
    return { labels, starts, ends };
  }

  /** Distinct guests with a visit in the period: from the day summaries, or at one location from its visits. */
  private async activeGuests(period: Period, days: PeriodDays): Promise<number> {
    return period.locationId ? int(await this.repository.activeGuests(period.tenantId, period.span, period.locationId)) : days.guests;
  }

  private async members(period: Period): Promise<ReportSectionDto[]> {
    const [days, cohorts] = await Promise.all([this.periodDays(period, true), this.days.cohorts(period.tenantId, period.from, period.to, period.now)]);
    const active = await this.activeGuests(period, days);
    const byMonth = new Map<string, number[]>();
    for (const cohort of cohorts) {
      const sum = byMonth.get(cohort.day.slice(0, 7)) ?? [0, 0, 0, 0];
      [cohort.guests, cohort.returned30, cohort.returned60, cohort.returned90].forEach((count, i) => (sum[i] += count));
      byMonth.set(cohort.day.slice(0, 7), sum);
    }
    const byDay = this.dayList(period).map((day) => [day, days.everywhere.get(day)?.enrolled ?? 0, days.days.get(day)?.active ?? 0]);
    const enrolled = byDay.reduce((sum, [, count]) => sum + (count as number), 0);
    return [
      section('by_day', 'line', [['day', 'day'], ['enrolled', 'count'], ['active', 'count']], byDay),
      section('totals', 'none', [['enrolled', 'count'], ['active', 'count']], [[enrolled, active]]),
      section(
        'cohorts',
        'bar',
        [['month', 'month'], ['guests', 'count'], ['returned_30', 'count'], ['returned_60', 'count'], ['returned_90', 'count']],
        this.months(period).labels.map((month) => [month, ...(byMonth.get(month) ?? [0, 0, 0, 0])]),
      ),
    ];
  }

  private async money(period: Period): Promise<ReportSectionDto[]> {
    const days = await this.periodDays(period);
    const byDay = this.dayList(period).map((day) => {
      const row = days.days.get(day);
      const tabs = row?.identifiedTabs ?? 0;
      const revenue = row?.identifiedRevenue ?? 0;
      const allTabs = row ? row.allTabs : null;
      const allRevenue = row ? row.allRevenue : null;
      return [day, tabs, revenue, average(revenue, tabs), allTabs, allRevenue, average(allRevenue, allTabs)];
    });
    const given = new Map<string, { categoryCode: string; ruleId: string; amount: number; tabs: number }>();
    for (const row of days.discounts) {
      const key = JSON.stringify([row.categoryCode, row.ruleId]);
      const sum = given.get(key) ?? { categoryCode: row.categoryCode, ruleId: row.ruleId, amount: 0, tabs: 0 };
      sum.amount += row.amount;
      sum.tabs += row.tabs;
      given.set(key, sum);
    }
    const rules = new Map((await this.repository.rulesNamed(period.tenantId, [...new Set([...given.values()].map(({ ruleId }) => ruleId))])).map((row) => [row.id as string, row.name as string]));
    const discounts = [...given.values()]
      .sort((a, b) => b.amount - a.amount || a.categoryCode.localeCompare(b.categoryCode) || a.ruleId.localeCompare(b.ruleId))
      .map(({ categoryCode, ruleId, amount, tabs }) => [categoryCode, rules.get(ruleId) ?? ruleId, amount, tabs]);
    return [
      section(
        'by_day',
        'line',
        [
          ['day', 'day'],
          ['identified_tabs', 'count'],
          ['identified_revenue', 'money'],
          ['identified_average_check', 'money'],
          ['all_tabs', 'count'],
          ['all_revenue', 'money'],
          ['all_average_check', 'money'],
        ],
        byDay,
      ),
      section('discounts', 'bar', [['category', 'text'], ['rule', 'text'], ['amount', 'money'], ['tabs', 'count']], discounts),
    ];
  }

  private async points(period: Period): Promise<ReportSectionDto[]> {
    const today = this.days.today(period.now);
    const [days, types, outstanding, after] = await Promise.all([
      this.periodDays(period),
      this.repository.accountTypes(period.tenantId),
      this.repository.outstanding(period.tenantId),
      // What the accounts did after the period, taken back off today's balances.
      period.to < today ? this.days.period(period.tenantId, addDays(period.to, 1), today, '', period.now) : null,
    ]);
    const typeOf = new Map(types.map((type) => [type.id as string, type]));
    const code = (id: string) => (typeOf.get(id)?.code as string | undefined) ?? id;
    const inPoints = (id: string) => typeOf.get(id)?.unit === 'points';
    const moves = days.points
      .filter((row) => row.issued || row.redeemed || row.expired)
      .sort((a, b) => a.day.localeCompare(b.day) || code(a.accountTypeId).localeCompare(code(b.accountTypeId)));
    // A column has one unit: types kept in a currency move money, shown apart from points.
    const movesOf = (points: boolean) => moves.filter((row) => inPoints(row.accountTypeId) === points).map((row) => [row.day, code(row.accountTypeId), row.issued, row.redeemed, row.expired]);
    const balance = new Map(outstanding.map((row) => [row.accountTypeId as string, int(row.outstanding)]));
    for (const row of after?.points ?? []) balance.set(row.accountTypeId, (balance.get(row.accountTypeId) ?? 0) - row.netChange);
    const liability = [...typeOf.values()]
      .sort((a, b) => (a.code as string).localeCompare(b.code as string))
      .map((type) => {
        const owed = balance.get(type.id as string) ?? 0;
        // Points have no price of their own; a type kept in a currency owes what is on it.
        return [type.code as string, type.unit === 'points' ? owed : null, type.unit === 'points' ? null : owed];
      });
    return [
      section('by_day', 'bar', [['day', 'day'], ['account_type', 'text'], ['issued', 'points'], ['redeemed', 'points'], ['expired', 'points']], movesOf(true)),
      section('money_by_day', 'bar', [['day', 'day'], ['account_type', 'text'], ['issued', 'money'], ['redeemed', 'money'], ['expired', 'money']], movesOf(false)),
      section('liability', 'bar', [['account_type', 'text'], ['outstanding', 'points'], ['value', 'money']], liability),
    ];
  }

  private async tiers(period: Period): Promise<ReportSectionDto[]> {
    const months = this.months(period);
    const [tiers, counts, moves, periodMoves] = await Promise.all([
      this.repository.tiers(period.tenantId),
      this.repository.tierCounts(period.tenantId),
      // Moves since the first month's end, per the stretch between month ends they fall in.
      this.repository.tierMovesSince(period.tenantId, months.ends[0], { labels: months.ends.map((_, i) => String(i)), starts: months.ends.slice(1) }),
      this.repository.tierMoves(period.tenantId, period.span),
    ]);
    const ranked = [...tiers].sort((a, b) => int(a.tierRank) - int(b.tierRank));
    const rankOf = new Map(ranked.map((tier) => [tier.id as string, int(tier.tierRank)]));
    const nameOf = (id: unknown) => (id ? ((ranked.find((tier) => tier.id === id)?.name as string | undefined) ?? String(id)) : null);
    // Walking back from today's tiers: each month end's guests are today's, less the moves since.
    const guests = new Map(counts.map((row) => [row.tierId as string, int(row.guests)]));
    const atEnd: Map<string, number>[] = [];
    for (let stretch = months.ends.length - 1; stretch >= 0; stretch--) {
      for (const move of moves.filter((row) => Number(row.stretch) === stretch)) {
        const count = int(move.moves);
        if (move.toTierId) guests.set(move.toTierId as string, (guests.get(move.toTierId as string) ?? 0) - count);
        if (move.fromTierId) guests.set(move.fromTierId as string, (guests.get(move.fromTierId as string) ?? 0) + count);
      }
      atEnd[stretch] = new Map(guests);
    }
    const byMonth = months.labels.flatMap((month, i) => ranked.map((tier) => [month, tier.name as string, atEnd[i].get(tier.id as string) ?? 0]));
    const direction = (row: Record<string, unknown>) => {
      if (row.reason === 'manual' || row.reason === 'terminated') return row.reason as string;
      const from = row.fromTierId ? (rankOf.get(row.fromTierId as string) ?? 0) : -Infinity;
      const to = row.toTierId ? (rankOf.get(row.toTierId as string) ?? 0) : -Infinity;
      return to > from ? 'up' : 'down';
    };
    const merged = new Map<string, ReportCell[]>();
    for (const row of periodMoves) {
      const cells: ReportCell[] = [nameOf(row.fromTierId), nameOf(row.toTierId), direction(row), int(row.guests)];
      const key = JSON.stringify(cells.slice(0, 3));
      const known = merged.get(key);
      if (known) known[3] = (known[3] as number) + (cells[3] as number);
      else merged.set(key, cells);
    }
    return [
      section('by_month', 'bar', [['month', 'month'], ['tier', 'text'], ['guests', 'count']], byMonth),
      section(
        'moves',
        'none',
        [['from_tier', 'text'], ['to_tier', 'text'], ['direction', 'text'], ['guests', 'count']],
        [...merged.values()].sort((a, b) => (b[3] as number) - (a[3] as number)),
      ),
    ];
  }

  private async rewards(period: Period): Promise<ReportSectionDto[]> {
    const [redemptions, days, issued, redeemed] = await Promise.all([
      this.repository.rewardRedemptions(period.tenantId, period.span, period.locationId),
      this.periodDays(period, true),
      this.repository.codesIssued(period.tenantId, period.span.end),
      this.repository.codesRedeemed(period.tenantId, period.span, period.locationId),
    ]);
    const guests = await this.activeGuests(period, days);
    const byReward = redemptions
      .map((row) => [(row.name as string | null) ?? (row.rewardId as string), int(row.redemptions), int(row.guests), percent(int(row.guests), guests)])
      .sort((a, b) => (b[1] as number) - (a[1] as number));
    const label = (row: Record<string, unknown>) => JSON.stringify([row.batchId ?? null, row.code ?? null, row.couponCategory ?? null]);
    const codes = new Map<string, { name: string; issued: number; redeemed: number }>();
    for (const row of issued) {
      const name = (row.batchName as string | null) ?? (row.code as string | null) ?? `coupons ${row.couponCategory as string}`;
      codes.set(label(row), { name, issued: int(row.issued), redeemed: 0 });
    }
    for (const row of redeemed) {
      const known = codes.get(label(row));
      if (known) known.redeemed = int(row.redeemed);
    }
    const codeRows = [...codes.values()]
      .filter(({ redeemed: used }) => used > 0)
      .concat([...codes.values()].filter(({ redeemed: used }) => used === 0))
      .map(({ name, issued: made, redeemed: used }) => [name, made, used, percent(used, made)]);
    return [
      section('by_reward', 'bar', [['reward', 'text'], ['redemptions', 'count'], ['guests', 'count'], ['redemption_rate', 'percent']], byReward),
      section('codes', 'bar', [['batch_or_code', 'text'], ['issued', 'count'], ['redeemed', 'count'], ['redemption_rate', 'percent']], codeRows),
    ];
  }

  private async topGuests(period: Period): Promise<ReportSectionDto[]> {
    const [bySpend, byVisits] = await Promise.all([this.best(period, 'spent'), this.best(period, 'visits')]);
    const ids = [...new Set([...bySpend, ...byVisits].map((row) => row.customerId as string))];
    const names = new Map((await this.repository.customersNamed(period.tenantId, ids)).map((row) => [row.id as string, displayName(row as unknown as Customer)]));
    const name = (row: Record<string, unknown>) => names.get(row.customerId as string) ?? null;
    return [
      section(
        'by_spend',
        'bar',
        [['customer_id', 'text'], ['name', 'text'], ['spent', 'money'], ['visits', 'count']],
        bySpend.map((row) => [row.customerId as string, name(row), int(row.spent), int(row.visits)]),
      ),
      section(
        'by_visits',
        'bar',
        [['customer_id', 'text'], ['name', 'text'], ['visits', 'count'], ['spent', 'money']],
        byVisits.map((row) => [row.customerId as string, name(row), int(row.visits), int(row.spent)]),
      ),
    ];
  }

  /**
   * The period's best guests by spend or by visits. No guest spent or came more in a period
   * than over all their visits, so the guests are read best of all time first and each one's
   * period summed, until the twentieth of the period beats every guest not yet read: a year's
   * best are found among a few hundred guests instead of millions of visits. A short period,
   * whose best guests are not the best of all time, has few visits: they are summed per guest.
   */
  private async best(period: Period, by: 'spent' | 'visits'): Promise<Record<string, unknown>[]> {
    const key = (row: { spent: number; visits: number }) => (by === 'spent' ? [row.spent, row.visits] : [row.visits, row.spent]);
    const beats = (a: number[], b: number[]) => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
    const order = (a: { customerId: string; spent: number; visits: number }, b: { customerId: string; spent: number; visits: number }) => {
      const [x, y] = [key(a), key(b)];
      return beats(x, y) ? -1 : beats(y, x) ? 1 : a.customerId < b.customerId ? -1 : 1;
    };
    let found: { customerId: string; spent: number; visits: number }[] = [];
    for (let offset = 0; offset < MOST_CANDIDATES; offset += CANDIDATES_PER_READ) {
      const candidates = await this.repository.rankedTotals(period.tenantId, by, offset, CANDIDATES_PER_READ);
      const sums = await this.repository.periodSums(period.tenantId, candidates.map((row) => row.customerId as string), period.span, period.locationId);
      found = [...found, ...sums.map((row) => ({ customerId: row.customerId as string, spent: int(row.spent), visits: int(row.visits) }))].sort(order).slice(0, TOP_GUESTS);
      const last = candidates[candidates.length - 1];
      if (candidates.length < CANDIDATES_PER_READ || (found.length === TOP_GUESTS && beats(key(found[TOP_GUESTS - 1]), key({ spent: int(last.spent), visits: int(last.visits) })))) return found;
    }
    return this.repository.topGuests(period.tenantId, period.span, period.locationId, by, TOP_GUESTS);
  }
}
