import { Injectable } from '@nestjs/common';
import { Between, type EntityManager } from 'typeorm';
import { bindable, placeholders } from '../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { Customer } from '../customers/entities/customer.entity.js';
import { Visit } from '../visits/entities/visit.entity.js';
import { ReportDay } from './entities/report-day.entity.js';
import { ReportDiscount } from './entities/report-discount.entity.js';
import { ReportPoints } from './entities/report-points.entity.js';
import { ReportReturn } from './entities/report-return.entity.js';
import { ReportCohort } from './entities/report-cohort.entity.js';

/** Instants bounding a stretch of local days: from `start` inclusive to `end` exclusive. */
export interface Span {
  start: Date;
  end: Date;
}

/** A period cut into labelled stretches (months), in order, covering `start`–`end`. */
export interface Buckets {
  labels: string[];
  /** The instant each stretch after the first begins. */
  starts: Date[];
}

type Row = Record<string, unknown>;

/**
 * The reports' reads: SQL over other modules' tables (visits, customers, the ledger, tiers,
 * holds, codes), read-only and always by a key that leads with the tenant, and the summary
 * tables this module owns and the nightly job fills.
 */
@Injectable()
export class ReportsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  // The day's figures, as the job stores them and a report computes a day not stored yet.

  async enrolled(tenantId: string, span: Span): Promise<Row | undefined> {
    return this.uow.read(async (manager) => {
      const [row] = await manager.query('SELECT COUNT(*) AS enrolled FROM rc_customers WHERE tenant_id = ? AND created_at >= ? AND created_at < ?', [tenantId, ...at(manager, span)]);
      return row;
    });
  }

  /** Closed visits per location (null: none given) and, in the last row, of every location together (distinct guests and tabs are not sums). */
  visitFigures(tenantId: string, span: Span): Promise<Row[]> {
    return this.uow.read(async (manager) => {
      const figures = "COUNT(DISTINCT v.customer_id) AS active, COUNT(DISTINCT v.tab_id) AS tabs, COALESCE(SUM(v.net - v.refunded), 0) AS revenue FROM rc_visits v WHERE v.tenant_id = ? AND v.closed_at >= ? AND v.closed_at < ? AND v.status = 'closed'";
      const perLocation: Row[] = await manager.query(`SELECT v.location_id AS locationId, ${figures} AND v.location_id IS NOT NULL GROUP BY v.location_id`, [tenantId, ...at(manager, span)]);
      const [all] = await manager.query(`SELECT NULL AS locationId, ${figures}`, [tenantId, ...at(manager, span)]);
      return [...perLocation, all];
    });
  }

  /** The tabs the host sent that closed in the span, guests' or not: what "all tabs" counts. */
  closedTabs(tenantId: string, span: Span): Promise<Row[]> {
    return this.uow.read((manager) =>
      manager.query("SELECT location_id AS locationId, customer_id AS customerId, snapshot FROM rc_guest_tabs WHERE tenant_id = ? AND status = 'closed' AND closed_at >= ? AND closed_at < ?", [
        tenantId,
        ...at(manager, span),
      ]),
    );
  }

  /** The discounted visits closed in the span, with the rules that priced them. */
  discountedVisits(tenantId: string, span: Span): Promise<Row[]> {
    return this.uow.read((manager) =>
      manager.query("SELECT v.location_id AS locationId, v.tab_id AS tabId, v.discounts AS discounts FROM rc_visits v WHERE v.tenant_id = ? AND v.closed_at >= ? AND v.closed_at < ? AND v.status = 'closed' AND v.discount > 0", [
        tenantId,
        ...at(manager, span),
      ]),
    );
  }

  /** The ledger's credits and debits in the span per account type and entry kind. */
  ledgerMoves(tenantId: string, span: Span): Promise<Row[]> {
    return this.uow.read((manager) =>
      manager.query(
        `SELECT a.account_type_id AS accountTypeId, e.kind AS kind,
                COALESCE(SUM(CASE WHEN e.amount > 0 THEN e.amount ELSE 0 END), 0) AS credits,
                COALESCE(SUM(CASE WHEN e.amount < 0 THEN -e.amount ELSE 0 END), 0) AS debits
         FROM rc_ledger_entries e JOIN rc_accounts a ON a.tenant_id = e.tenant_id AND a.id = e.account_id
         WHERE e.tenant_id = ? AND e.created_at >= ? AND e.created_at < ? GROUP BY a.account_type_id, e.kind`,
        [tenantId, ...at(manager, span)],
      ),
    );
  }

  /** Each visit closed in the span with the time of the same guest's closed visit before it (null for a first visit). */
  previousVisits(tenantId: string, span: Span): Promise<{ closedAt: Date; previous: Date | null }[]> {
    return this.uow.read(async (manager) => {
      const rows: Row[] = await manager.query(
        `SELECT v.closed_at AS closedAt,
                (SELECT p.closed_at FROM rc_visits p WHERE p.tenant_id = v.tenant_id AND p.customer_id = v.customer_id AND p.closed_at < v.closed_at AND p.status = 'closed'
                 ORDER BY p.closed_at DESC LIMIT 1) AS previous
         FROM rc_visits v WHERE v.tenant_id = ? AND v.closed_at >= ? AND v.closed_at < ? AND v.status = 'closed'`,
        [tenantId, ...at(manager, span)],
      );
      const time = manager.connection.getMetadata(Visit).findColumnWithPropertyName('closedAt')!;
      const hydrate = (value: unknown) => (value === null || value === undefined ? null : (manager.connection.driver.prepareHydratedValue(value, time) as Date));
      return rows.map((row) => ({ closedAt: hydrate(row.closedAt)!, previous: hydrate(row.previous) }));
    });
  }

  // The summaries.

  /** Replaces what is stored of the day with a fresh summary, in the caller's unit of work. */
  async storeDay(tenantId: string, day: string, rows: { days: ReportDay[]; discounts: ReportDiscount[]; points: ReportPoints[]; returns: ReportReturn[]; cohort: ReportCohort }): Promise<void> {
    const manager = this.uow.manager;
    for (const entity of [ReportDay, ReportDiscount, ReportPoints, ReportReturn, ReportCohort]) await manager.delete(entity, { tenantId, day });
    for (const [entity, list] of [
      [ReportDay, rows.days],
      [ReportDiscount, rows.discounts],
      [ReportPoints, rows.points],
      [ReportReturn, rows.returns],
      [ReportCohort, [rows.cohort]],
    ] as const) {
      for (let i = 0; i < list.length; i += 200) await manager.insert(entity, list.slice(i, i + 200));
    }
  }

  /** The days of the period stored for a location ('' for all), and which days are stored at all. */
  storedDays(tenantId: string, from: string, to: string, locationId: string): Promise<ReportDay[]> {
    return this.uow.read((manager) =>
      manager.find(ReportDay, { where: [{ tenantId, day: Between(from, to), locationId: '' }, ...(locationId ? [{ tenantId, day: Between(from, to), locationId }] : [])] }),
    );
  }

  storedDiscounts(tenantId: string, from: string, to: string, locationId: string): Promise<ReportDiscount[]> {
    return this.uow.read((manager) => manager.find(ReportDiscount, { where: { tenantId, day: Between(from, to), locationId } }));
  }

  storedPoints(tenantId: string, from: string, to: string): Promise<ReportPoints[]> {
    return this.uow.read((manager) => manager.find(ReportPoints, { where: { tenantId, day: Between(from, to) } }));
  }

  /** Replaces a day's cohort, in the caller's unit of work. */
  async storeCohort(cohort: ReportCohort): Promise<void> {
    await this.uow.manager.delete(ReportCohort, { tenantId: cohort.tenantId, day: cohort.day });
    await this.uow.manager.insert(ReportCohort, cohort);
  }

  storedCohorts(tenantId: string, from: string, to: string): Promise<ReportCohort[]> {
    return this.uow.read((manager) => manager.find(ReportCohort, { where: { tenantId, day: Between(from, to) } }));
  }

  /** Of the stored days of the period, the visits that were a guest's first in it: its distinct guests. */
  async storedFirstVisits(tenantId: string, from: string, to: string): Promise<unknown> {
    return this.uow.read(async (manager) => {
      const [row] = await manager.query('SELECT COALESCE(SUM(visits), 0) AS visits FROM rc_report_returns WHERE tenant_id = ? AND day BETWEEN ? AND ? AND previous_day < ?', [tenantId, from, to, from]);
      return row?.visits;
    });
  }

  /** The newest day stored, if any: the job goes on from the day after it. */
  async lastStoredDay(tenantId: string): Promise<string | null> {
    return this.uow.read(async (manager) => {
      const [row] = await manager.query("SELECT MAX(day) AS day FROM rc_report_days WHERE tenant_id = ? AND location_id = ''", [tenantId]);
      return (row?.day as string | null) ?? null;
    });
  }

  /** When the tenant's first customer was made: the first day worth summing. */
  async firstCustomerAt(tenantId: string): Promise<Date | null> {
    const first = await this.uow.read((manager) => manager.findOne(Customer, { where: { tenantId }, order: { createdAt: 'ASC' }, select: { tenantId: true, id: true, createdAt: true } }));
    return first?.createdAt ?? null;
  }

  /** Tenants that have customers: those the nightly summary has work for. */
  async tenants(): Promise<string[]> {
    return this.uow.read(async (manager) => (await manager.query('SELECT DISTINCT tenant_id AS tenantId FROM rc_customers')).map((row: Row) => row.tenantId as string));
  }

  // Reads over a whole period.

  /** Distinct guests with a visit closed in the span: not a sum of days. */
  async activeGuests(tenantId: string, span: Span, locationId: string): Promise<unknown> {
    return this.uow.read(async (manager) => {
      const [row] = await manager.query(
        `SELECT COUNT(DISTINCT v.customer_id) AS guests FROM rc_visits v WHERE v.tenant_id = ? AND v.closed_at >= ? AND v.closed_at < ? AND v.status = 'closed'${locationId ? ' AND v.location_id = ?' : ''}`,
        [tenantId, ...at(manager, span), ...(locationId ? [locationId] : [])],
      );
      return row?.guests;
    });
  }

  /** Guests by month of their first visit, with how many came back within 30, 60 and 90 days. */
  cohorts(tenantId: string, span: Span, months: Buckets): Promise<Row[]> {
    return this.uow.read((manager) => {
      const returned = (days: number) => `SUM(CASE WHEN ${this.withinDays('second_visit_at', 'first_visit_at', days)} THEN 1 ELSE 0 END) AS returned${days}`;
      const bucket = bucketOf(manager, 'first_visit_at', months);
      return manager.query(
        `SELECT month, COUNT(*) AS guests, ${returned(30)}, ${returned(60)}, ${returned(90)}
         FROM (SELECT ${bucket.sql} AS month, first_visit_at, second_visit_at FROM rc_customer_totals WHERE tenant_id = ? AND first_visit_at >= ? AND first_visit_at < ?) c
         GROUP BY month`,
        [...bucket.parameters, tenantId, ...at(manager, span)],
      );
    });
  }

  /** The outstanding balance of every account type now. */
  outstanding(tenantId: string): Promise<Row[]> {
    return this.uow.read((manager) => manager.query('SELECT account_type_id AS accountTypeId, SUM(total) AS outstanding FROM rc_accounts WHERE tenant_id = ? GROUP BY account_type_id', [tenantId]));
  }

  accountTypes(tenantId: string): Promise<Row[]> {
    return this.uow.read((manager) => manager.query('SELECT id, code, kind, unit FROM rc_account_types WHERE tenant_id = ?', [tenantId]));
  }

  /** Guests per current tier. */
  tierCounts(tenantId: string): Promise<Row[]> {
    return this.uow.read((manager) => manager.query('SELECT tier_id AS tierId, COUNT(*) AS guests FROM rc_customers WHERE tenant_id = ? AND tier_id IS NOT NULL GROUP BY tier_id', [tenantId]));
  }

  tiers(tenantId: string): Promise<Row[]> {
    return this.uow.read((manager) => manager.query('SELECT id, code, name, tier_rank AS tierRank FROM rc_tiers WHERE tenant_id = ?', [tenantId]));
  }

  /** Tier moves since `since`, counted per stretch of `buckets` (a stretch before its first start is labelled by its first label) and per move. */
  tierMovesSince(tenantId: string, since: Date, buckets: Buckets): Promise<Row[]> {
    return this.uow.read((manager) => {
      const bucket = bucketOf(manager, 'moved_at', buckets);
      return manager.query(
        `SELECT stretch, from_tier_id AS fromTierId, to_tier_id AS toTierId, COUNT(*) AS moves
         FROM (SELECT ${bucket.sql} AS stretch, from_tier_id, to_tier_id FROM rc_tier_moves WHERE tenant_id = ? AND moved_at >= ?) m
         GROUP BY stretch, from_tier_id, to_tier_id`,
        [...bucket.parameters, tenantId, bindable(manager, Visit, 'closedAt', since)],
      );
    });
  }

  /** The period's tier moves per from, to and reason, with the guests who made them. */
  tierMoves(tenantId: string, span: Span): Promise<Row[]> {
    return this.uow.read((manager) =>
      manager.query(
        `SELECT from_tier_id AS fromTierId, to_tier_id AS toTierId, reason, COUNT(DISTINCT customer_id) AS guests FROM rc_tier_moves
         WHERE tenant_id = ? AND moved_at >= ? AND moved_at < ? GROUP BY from_tier_id, to_tier_id, reason`,
        [tenantId, ...at(manager, span)],
      ),
    );
  }

  /** Rewards taken in the period: holds for a reward that a closed tab captured. */
  rewardRedemptions(tenantId: string, span: Span, locationId: string): Promise<Row[]> {
    return this.uow.read((manager) =>
      manager.query(
        `SELECT h.reward_id AS rewardId, MAX(r.name) AS name, COUNT(*) AS redemptions, COUNT(DISTINCT h.customer_id) AS guests
         FROM rc_holds h LEFT JOIN rc_rewards r ON r.tenant_id = h.tenant_id AND r.id = h.reward_id
         ${locationId ? 'JOIN rc_guest_tabs t ON t.tenant_id = h.tenant_id AND t.id = h.tab_id' : ''}
         WHERE h.tenant_id = ? AND h.status = 'captured' AND h.reward_id IS NOT NULL AND h.resolved_at >= ? AND h.resolved_at < ?${locationId ? ' AND t.location_id = ?' : ''}
         GROUP BY h.reward_id`,
        [tenantId, ...at(manager, span), ...(locationId ? [locationId] : [])],
      ),
    );
  }

  /** Codes made up to the end of the period, per batch (or per code, or per category of personal coupons). */
  codesIssued(tenantId: string, end: Date): Promise<Row[]> {
    return this.uow.read((manager) =>
      manager.query(
        `SELECT c.batch_id AS batchId, MAX(b.name) AS batchName, CASE WHEN c.batch_id IS NULL AND c.customer_id IS NULL THEN c.code ELSE NULL END AS code,
                CASE WHEN c.batch_id IS NULL AND c.customer_id IS NOT NULL THEN c.category_code ELSE NULL END AS couponCategory, COUNT(*) AS issued
         FROM rc_promo_codes c LEFT JOIN rc_promo_code_batches b ON b.tenant_id = c.tenant_id AND b.id = c.batch_id
         WHERE c.tenant_id = ? AND c.created_at < ?
         GROUP BY c.batch_id, CASE WHEN c.batch_id IS NULL AND c.customer_id IS NULL THEN c.code ELSE NULL END, CASE WHEN c.batch_id IS NULL AND c.customer_id IS NOT NULL THEN c.category_code ELSE NULL END`,
        [tenantId, bindable(manager, Visit, 'closedAt', end)],
      ),
    );
  }

  /** Tabs that used a code in the period, grouped as codesIssued groups them. */
  codesRedeemed(tenantId: string, span: Span, locationId: string): Promise<Row[]> {
    return this.uow.read((manager) =>
      manager.query(
        `SELECT c.batch_id AS batchId, CASE WHEN c.batch_id IS NULL AND c.customer_id IS NULL THEN c.code ELSE NULL END AS code,
                CASE WHEN c.batch_id IS NULL AND c.customer_id IS NOT NULL THEN c.category_code ELSE NULL END AS couponCategory, COUNT(*) AS redeemed
         FROM rc_promo_code_uses u JOIN rc_promo_codes c ON c.tenant_id = u.tenant_id AND c.id = u.code_id
         ${locationId ? 'JOIN rc_guest_tabs t ON t.tenant_id = u.tenant_id AND t.id = u.tab_id' : ''}
         WHERE u.tenant_id = ? AND u.status = 'consumed' AND u.updated_at >= ? AND u.updated_at < ?${locationId ? ' AND t.location_id = ?' : ''}
         GROUP BY c.batch_id, CASE WHEN c.batch_id IS NULL AND c.customer_id IS NULL THEN c.code ELSE NULL END, CASE WHEN c.batch_id IS NULL AND c.customer_id IS NOT NULL THEN c.category_code ELSE NULL END`,
        [tenantId, ...at(manager, span), ...(locationId ? [locationId] : [])],
      ),
    );
  }

  /** Guests by what they spent (or how often they came) over all their visits, most first: `limit` of them from `offset`. */
  rankedTotals(tenantId: string, by: 'spent' | 'visits', offset: number, limit: number): Promise<Row[]> {
    const order = by === 'spent' ? 'spent DESC, visits DESC' : 'visits DESC, spent DESC';
    return this.uow.read((manager) =>
      manager.query(`SELECT customer_id AS customerId, spent, visits FROM rc_customer_totals WHERE tenant_id = ? ORDER BY ${order}, customer_id LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`, [
        tenantId,
      ]),
    );
  }

  /** What the guests named spent and how often they came in the span. */
  periodSums(tenantId: string, ids: string[], span: Span, locationId: string): Promise<Row[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.uow.read((manager) =>
      manager.query(
        `SELECT v.customer_id AS customerId, SUM(v.net - v.refunded) AS spent, SUM(CASE WHEN v.net > v.refunded OR v.net = 0 THEN 1 ELSE 0 END) AS visits
         FROM rc_visits v WHERE v.tenant_id = ? AND v.customer_id IN (${placeholders(ids)}) AND v.closed_at >= ? AND v.closed_at < ? AND v.status = 'closed'${locationId ? ' AND v.location_id = ?' : ''}
         GROUP BY v.customer_id`,
        [tenantId, ...ids, ...at(manager, span), ...(locationId ? [locationId] : [])],
      ),
    );
  }

  /** The period's best guests by what they spent or how often they came, `limit` of them. */
  topGuests(tenantId: string, span: Span, locationId: string, by: 'spent' | 'visits', limit: number): Promise<Row[]> {
    return this.uow.read((manager) =>
      manager.query(
        `SELECT v.customer_id AS customerId, SUM(v.net - v.refunded) AS spent, SUM(CASE WHEN v.net > v.refunded OR v.net = 0 THEN 1 ELSE 0 END) AS visits
         FROM rc_visits v WHERE v.tenant_id = ? AND v.closed_at >= ? AND v.closed_at < ? AND v.status = 'closed'${locationId ? ' AND v.location_id = ?' : ''}
         GROUP BY v.customer_id ORDER BY ${by === 'spent' ? 'spent DESC, visits DESC' : 'visits DESC, spent DESC'}, v.customer_id LIMIT ${Math.trunc(limit)}`,
        [tenantId, ...at(manager, span), ...(locationId ? [locationId] : [])],
      ),
    );
  }

  customersNamed(tenantId: string, ids: string[]): Promise<Row[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.uow.read((manager) =>
      manager.query(
        `SELECT id, kind, status, first_name AS firstName, middle_name AS middleName, last_name AS lastName, organisation_name AS organisationName FROM rc_customers WHERE tenant_id = ? AND id IN (${placeholders(ids)})`,
        [tenantId, ...ids],
      ),
    );
  }

  rulesNamed(tenantId: string, ids: string[]): Promise<Row[]> {
    if (ids.length === 0) return Promise.resolve([]);
    // A reward taken at the till discounts by a rule of its own, under the reward's id.
    return this.uow.read((manager) =>
      manager.query(`SELECT id, name FROM rc_sales_rules WHERE tenant_id = ? AND id IN (${placeholders(ids)}) UNION ALL SELECT id, name FROM rc_rewards WHERE tenant_id = ? AND id IN (${placeholders(ids)})`, [
        tenantId,
        ...ids,
        tenantId,
        ...ids,
      ]),
    );
  }

  /** `later` is at most `days` days after `earlier` (both times of the same row). */
  private withinDays(later: string, earlier: string, days: number): string {
    return this.uow.engine === 'mysql' ? `${later} <= DATE_ADD(${earlier}, INTERVAL ${Math.trunc(days)} DAY)` : `julianday(${later}) <= julianday(${earlier}) + ${Math.trunc(days)}`;
  }
}

function at(manager: EntityManager, span: Span): unknown[] {
  return [bindable(manager, Visit, 'closedAt', span.start), bindable(manager, Visit, 'closedAt', span.end)];
}

/** A CASE that labels a time by the stretch it falls in: the last label whose start it has reached. */
function bucketOf(manager: EntityManager, column: string, buckets: Buckets): { sql: string; parameters: unknown[] } {
  const reversed = buckets.starts.map((start, i) => ({ start, label: buckets.labels[i + 1] })).reverse();
  if (reversed.length === 0) return { sql: '?', parameters: [buckets.labels[0]] };
  return {
    sql: `CASE ${reversed.map(() => `WHEN ${column} >= ? THEN ?`).join(' ')} ELSE ? END`,
    parameters: [...reversed.flatMap(({ start, label }) => [bindable(manager, Visit, 'closedAt', start), label]), buckets.labels[0]],
  };
}
