import { Injectable } from '@nestjs/common';
import { Between, In, LessThan, type FindOptionsWhere } from 'typeorm';
import { bindable, insertRows, lockRows, placeholders, selectRows, updateRow } from '../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { GuestCards } from '../guest-cards/guest-cards.service.js';
import { CustomerTotals } from './entities/customer-totals.entity.js';
import { Visit } from './entities/visit.entity.js';
import { VisitLine } from './entities/visit-line.entity.js';

/** The customers a standing is asked for: those named, or a job's keyset range of ids. */
export type CustomersAsked = string[] | { from: string; to: string };

/** Sums over a window, as the driver reads them (a string or a number, depending on the engine). */
export interface StandingRow {
  customerId: string;
  spent?: unknown;
  visits?: unknown;
  points?: unknown;
}

export type StandingSum = 'spent' | 'visits' | 'points';

const STANDING_SUMS: Record<StandingSum, string> = {
  spent: 'SUM(v.net - v.refunded)',
  visits: 'SUM(CASE WHEN v.net > v.refunded OR v.net = 0 THEN 1 ELSE 0 END)',
  points: 'SUM(v.points_earned)',
};

/** The closed visits a period and, if given, a location select. */
export interface VisitWindow {
  from: Date;
  to: Date;
  locationId?: string;
}

/** Visits, their lines and the customers' running totals. */
@Injectable()
export class VisitsRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly guestCards: GuestCards,
  ) {}

  visitAtTab(tenantId: string, tabId: string, customerId: string): Promise<Visit | null> {
    return this.uow.read((manager) => manager.findOneBy(Visit, { tenantId, tabId, customerId }));
  }

  async lockVisitAtTab(tenantId: string, tabId: string, customerId: string): Promise<Visit | null> {
    const [visit] = await lockRows(this.uow.manager, Visit, 'tenant_id = ? AND tab_id = ? AND customer_id = ?', [tenantId, tabId, customerId]);
    return visit ?? null;
  }

  async lockClosedVisitOfTab(tenantId: string, tabId: string): Promise<Visit | null> {
    const [visit] = await lockRows(this.uow.manager, Visit, "tenant_id = ? AND tab_id = ? AND status = 'closed'", [tenantId, tabId], { limit: 1 });
    return visit ?? null;
  }

  openVisitsOfTab(tenantId: string, tabId: string, customerId?: string): Promise<Visit[]> {
    return this.uow.read((manager) => manager.findBy(Visit, { tenantId, tabId, status: 'open', ...(customerId ? { customerId } : {}) }));
  }

  async moveOpenVisit(tenantId: string, visitId: string, tabId: string): Promise<void> {
    await this.uow.manager.update(Visit, { tenantId, id: visitId, status: 'open' }, { tabId });
  }

  async insertVisit(visit: Visit): Promise<void> {
    await this.uow.manager.insert(Visit, visit);
  }

  async updateVisit(tenantId: string, visitId: string, changes: Partial<Visit>): Promise<void> {
    await updateRow<Visit>(this.uow.manager, Visit, { tenantId, id: visitId }, changes);
  }

  /** The closed tab's lines, written once when the visit closes: a closed visit is never closed again, nor reopened. */
  async insertLines(lines: VisitLine[]): Promise<void> {
    await insertRows(this.uow.manager, VisitLine, lines);
  }

  linesOfVisit(tenantId: string, visitId: string): Promise<VisitLine[]> {
    return this.uow.read((manager) => manager.findBy(VisitLine, { tenantId, visitId }));
  }

  async updateLine(tenantId: string, visitId: string, lineId: string, changes: Partial<VisitLine>): Promise<void> {
    await this.uow.manager.update(VisitLine, { tenantId, visitId, lineId }, changes);
  }

  linesOfVisits(tenantId: string, visitIds: string[]): Promise<VisitLine[]> {
    return this.uow.read((manager) => manager.find(VisitLine, { where: { tenantId, visitId: In(visitIds) }, order: { lineId: 'ASC' } }));
  }

  visitsOfTabs(tenantId: string, tabIds: string[]): Promise<Visit[]> {
    return this.uow.read((manager) => manager.find(Visit, { where: { tenantId, tabId: In(tabIds) }, order: { id: 'ASC' } }));
  }

  closedVisitsOfCustomer(tenantId: string, customerId: string): Promise<Visit[]> {
    return this.uow.read((manager) => manager.findBy(Visit, { tenantId, customerId, status: 'closed' }));
  }

  /** The customer's closed visits in the window, newest first, `limit` of them before the `before` id. */
  closedVisitsPage(tenantId: string, customerId: string, window: VisitWindow, before: string | undefined, limit: number): Promise<Visit[]> {
    const where = closedIn(tenantId, customerId, window);
    if (before) where.id = LessThan(before);
    return this.uow.read((manager) => manager.find(Visit, { where, order: { id: 'DESC' }, take: limit }));
  }

  closedVisitsIn(tenantId: string, customerId: string, window: VisitWindow): Promise<Visit[]> {
    return this.uow.read((manager) => manager.findBy(Visit, closedIn(tenantId, customerId, window)));
  }

  async totalsOf(tenantId: string, customerId: string): Promise<CustomerTotals | undefined> {
    return this.uow.read(async (manager) => (await selectRows(manager, CustomerTotals, 'tenant_id = ? AND customer_id = ?', [tenantId, customerId]))[0]);
  }

  async lockTotals(tenantId: string, customerId: string): Promise<CustomerTotals | null> {
    const [totals] = await lockRows(this.uow.manager, CustomerTotals, 'tenant_id = ? AND customer_id = ?', [tenantId, customerId]);
    return totals ?? null;
  }

  /**
   * Adds a closed visit to the guest's totals in one upsert, keeping the two earliest and the
   * last visit (a replayed offline close may come before either), and answers the larger of
   * spent and points the totals now hold, for the caller's limit.
   */
  async addVisitToTotals(tenantId: string, customerId: string, visit: { spent: number; points: number; at: Date }): Promise<number> {
    const manager = this.uow.manager;
    const at = bindable(manager, CustomerTotals, 'firstVisitAt', visit.at);
    const insert =
      'INSERT INTO rc_customer_totals (tenant_id, customer_id, spent, visits, points_earned, first_visit_at, last_visit_at, second_visit_at) VALUES (?, ?, ?, 1, ?, ?, ?, NULL)';
    const parameters = [tenantId, customerId, visit.spent, visit.points, at, at];
    // `given(column)`: the value the statement brought, in the engine's words.
    const added = (given: (column: string) => string) =>
      `second_visit_at = CASE WHEN first_visit_at IS NULL OR ${given('first_visit_at')} < first_visit_at THEN first_visit_at ` +
      `WHEN second_visit_at IS NULL OR ${given('first_visit_at')} < second_visit_at THEN ${given('first_visit_at')} ELSE second_visit_at END, ` +
      `first_visit_at = CASE WHEN first_visit_at IS NULL OR ${given('first_visit_at')} < first_visit_at THEN ${given('first_visit_at')} ELSE first_visit_at END, ` +
      `last_visit_at = CASE WHEN last_visit_at IS NULL OR ${given('last_visit_at')} > last_visit_at THEN ${given('last_visit_at')} ELSE last_visit_at END, ` +
      `spent = spent + ${given('spent')}, visits = visits + 1, `;
    this.guestCards.changed(tenantId, [customerId]);
    if (this.uow.engine === 'mysql') {
      // MySQL assigns left to right, each assignment seeing those before it: second_visit_at
      // reads first_visit_at before it moves, and the last one reads spent already added to.
      // The answer comes back as LAST_INSERT_ID (the table has no AUTO_INCREMENT); a new row's is 0.
      const result = await manager.queryRunner!.query(
        `${insert} ON DUPLICATE KEY UPDATE ${added((column) => `VALUES(${column})`)}` +
          'points_earned = points_earned + VALUES(points_earned) + 0 * LAST_INSERT_ID(GREATEST(spent, points_earned + VALUES(points_earned)))',
        parameters,
        true,
      );
      return Math.max(Number((result.raw as { insertId: number | string }).insertId), visit.spent, visit.points);
    }
    // SQLite's assignments all read the row as it was; the totals are read back after it, in
    // process (the statement that would answer them is not one MySQL 8 has).
    await manager.query(`${insert} ON CONFLICT (tenant_id, customer_id) DO UPDATE SET ${added((column) => `excluded.${column}`)}points_earned = points_earned + excluded.points_earned`, parameters);
    const [totals] = await selectRows(manager, CustomerTotals, 'tenant_id = ? AND customer_id = ?', [tenantId, customerId]);
    return Math.max(totals.spent, totals.pointsEarned);
  }

  async insertTotals(totals: CustomerTotals): Promise<void> {
    await insertRows(this.uow.manager, CustomerTotals, [totals]);
    this.guestCards.changed(totals.tenantId, [totals.customerId]);
  }

  async updateTotals(tenantId: string, customerId: string, changes: Partial<CustomerTotals>): Promise<void> {
    await updateRow<CustomerTotals>(this.uow.manager, CustomerTotals, { tenantId, customerId }, changes);
    this.guestCards.changed(tenantId, [customerId]);
  }

  /** The running totals of the customers asked. Asked for batches of thousands by the tier job: plain SQL. */
  runningStandings(tenantId: string, customers: CustomersAsked): Promise<StandingRow[]> {
    const who = whose('customer_id', customers);
    return this.uow.read((manager) =>
      manager.query(`SELECT customer_id AS customerId, spent, visits, points_earned AS points FROM rc_customer_totals WHERE tenant_id = ? AND ${who.sql}`, [
        tenantId,
        ...who.parameters,
      ]),
    );
  }

  /** The sums asked for over the customers' visits closed after `since`; one range scan of the covering index. */
  standingsSince(tenantId: string, customers: CustomersAsked, since: Date, sums: StandingSum[]): Promise<StandingRow[]> {
    const who = whose('v.customer_id', customers);
    return this.uow.read((manager) =>
      manager.query(
        `SELECT v.customer_id AS customerId, ${sums.map((sum) => `${STANDING_SUMS[sum]} AS ${sum}`).join(', ')} FROM rc_visits v
         WHERE v.tenant_id = ? AND ${who.sql} AND v.closed_at > ? AND v.status = 'closed' GROUP BY v.customer_id`,
        [tenantId, ...who.parameters, bindable(manager, Visit, 'closedAt', since)],
      ),
    );
  }

  /**
   * The closed visits at a location in the window (how many, by how many customers, what
   * they spent), and how many of those customers had no closed visit there before it.
   */
  locationTotals(
    tenantId: string,
    locationId: string,
    window: { from: Date; to: Date },
  ): Promise<[{ visits: unknown; customers: unknown; spent: unknown } | undefined, { customers: unknown } | undefined]> {
    return this.uow.read(async (manager) => {
      const from = bindable(manager, Visit, 'closedAt', window.from);
      const to = bindable(manager, Visit, 'closedAt', window.to);
      const inWindow = "FROM rc_visits v WHERE v.tenant_id = ? AND v.location_id = ? AND v.status = 'closed' AND v.closed_at BETWEEN ? AND ?";
      const [all] = await manager.query(`SELECT COUNT(*) AS visits, COUNT(DISTINCT v.customer_id) AS customers, COALESCE(SUM(v.net - v.refunded), 0) AS spent ${inWindow}`, [
        tenantId,
        locationId,
        from,
        to,
      ]);
      const [firstTime] = await manager.query(
        `SELECT COUNT(DISTINCT v.customer_id) AS customers ${inWindow}
         AND NOT EXISTS (SELECT 1 FROM rc_visits p WHERE p.tenant_id = v.tenant_id AND p.customer_id = v.customer_id AND p.location_id = v.location_id AND p.status = 'closed' AND p.closed_at < ?)`,
        [tenantId, locationId, from, to, from],
      );
      return [all, firstTime];
    });
  }

  /** What the customer bought on their closed visits in the window, per product. Asked for at every card: plain SQL. */
  favourites(tenantId: string, customerId: string, window: VisitWindow): Promise<{ productId: string; name: string | null; quantity: unknown; visits: unknown }[]> {
    return this.uow.read((manager) => {
      const at = (date: Date) => bindable(manager, Visit, 'closedAt', date);
      return manager.query(
        `SELECT l.product_id AS productId, MAX(l.name) AS name, SUM(l.quantity_milli - l.refunded_milli) AS quantity, COUNT(DISTINCT l.visit_id) AS visits
         FROM rc_visit_lines l JOIN rc_visits v ON v.tenant_id = l.tenant_id AND v.id = l.visit_id
         WHERE l.tenant_id = ? AND l.customer_id = ? AND v.status = 'closed' AND v.closed_at BETWEEN ? AND ?${window.locationId ? ' AND v.location_id = ?' : ''}
         GROUP BY l.product_id`,
        [tenantId, customerId, at(window.from), at(window.to), ...(window.locationId ? [window.locationId] : [])],
      );
    });
  }
}

function closedIn(tenantId: string, customerId: string, window: VisitWindow): FindOptionsWhere<Visit> {
  const where: FindOptionsWhere<Visit> = { tenantId, customerId, status: 'closed', closedAt: Between(window.from, window.to) };
  if (window.locationId) where.locationId = window.locationId;
  return where;
}

function whose(column: string, customers: CustomersAsked): { sql: string; parameters: string[] } {
  return Array.isArray(customers)
    ? { sql: `${column} IN (${placeholders(customers)})`, parameters: customers }
    : { sql: `${column} BETWEEN ? AND ?`, parameters: [customers.from, customers.to] };
}
