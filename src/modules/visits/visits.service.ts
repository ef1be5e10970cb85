import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { RetryableConflict } from '../../common/database/retryable-conflict.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { MAX_BALANCE } from '../../common/validation/limits.js';
import { newId } from '../../common/ids.js';
import { toExactInteger } from '../../common/money.js';
import { decodeCursor, pageOf, type Page } from '../../common/pagination.js';
import type { PersonalDataHolder } from '../../common/personal-data/personal-data-holder.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RefundedItemDto } from '../../contract/guest-tab-event.dto.js';
import type { TabSnapshotDto } from '../../contract/tab-snapshot.dto.js';
import type { Evaluation } from '../sales-rules/engine/types.js';
import { averageCheck } from './average-check.js';
import type { CustomerStatsDto, FavouriteDto, ListVisitsQueryDto, LocationStatsDto, Period, VisitDto } from './dto/visit.dto.js';
import type { CustomerTotals } from './entities/customer-totals.entity.js';
import type { Visit } from './entities/visit.entity.js';
import type { VisitLine } from './entities/visit-line.entity.js';
import { VisitsRepository } from './visits.repository.js';

/** Who came, at which tab, and where: what starting a visit needs. */
export interface VisitStart {
  tenantId: string;
  customerId: string;
  identifierId: string | null;
  tab: TabSnapshotDto;
  locationId: string | null;
  at: Date;
}

export interface VisitClose extends VisitStart {
  /** The visit the close records, as start() answered it under its row lock. */
  visit: Visit;
  evaluation: Evaluation;
  bonusPaid: number;
  earned: Record<string, number>;
  spent: Record<string, number>;
  /** The part of `earned` that is points (not bonus money). */
  pointsEarned: number;
}

/** What a refund gave back and took back, per account type; `points` is the points part of `earned`. */
export interface Reversed {
  earned: Record<string, number>;
  spent: Record<string, number>;
  points: number;
}

const milli = (quantity: number) => Math.round(quantity * 1000);

/** The window a period means, ending now. */
export function periodWindow(period: Period | undefined, from: string | undefined, to: string | undefined, now: Date): { from: Date; to: Date } {
  if (period === 'custom') return { from: from ? new Date(from) : new Date(0), to: to ? new Date(to) : now };
  const months = period === 'month' ? 1 : period === 'half_year' ? 6 : 12;
  const start = new Date(now);
  start.setUTCMonth(start.getUTCMonth() - months);
  return { from: start, to: now };
}

/** What a customer spent, how often they came and the points they earned, over some time. */
export interface Standing {
  spent: number;
  visits: number;
  points: number;
}

/** Visits of recognised customers, their statistics, and the customers' running totals. */
@Injectable()
export class VisitsService {
  /** What this module keeps about a guest: their export, their erasure and the tenant's purge ask it (PrivacyFlow). */
  readonly personalData: PersonalDataHolder = {
    name: 'visits',
    export: async (tenantId, customerId) => (await this.list(tenantId, customerId, { period: 'custom', limit: 200 })).items,
    // Visits keep the money history by customer id; they hold nothing else about the person.
    erase: async () => 0,
    purge: async () => 0,
  };

  constructor(
    private readonly repository: VisitsRepository,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** The guest is at the tab: their visit begins (again, if they were removed and came back). */
  async start(start: VisitStart, options: { lock?: boolean } = {}): Promise<Visit> {
    const existing = options.lock
      ? await this.repository.lockVisitAtTab(start.tenantId, start.tab.id, start.customerId)
      : await this.repository.visitAtTab(start.tenantId, start.tab.id, start.customerId);
    if (existing) {
      if (existing.status === 'cancelled') {
        await this.repository.updateVisit(start.tenantId, existing.id, { status: 'open', updatedAt: start.at });
        existing.status = 'open';
      }
      return existing;
    }
    return this.insert(start);
  }

  /** The guest left the tab, or the tab was voided: their open visits spent nothing. */
  async cancelOpen(tenantId: string, tabId: string, customerId?: string): Promise<Visit[]> {
    const open = await this.repository.openVisitsOfTab(tenantId, tabId, customerId);
    for (const visit of open) await this.repository.updateVisit(tenantId, visit.id, { status: 'cancelled', updatedAt: this.config.clock.now() });
    return open;
  }

  /**
   * Records the closed tab on the visit (started now if the close came first) with its
   * lines and amounts, and adds it to the customer's totals. A visit already closed is
   * answered as it is: the totals move once.
   */
  async recordClose(close: VisitClose): Promise<{ visit: Visit; new: boolean }> {
    const { visit } = close;
    if (visit.status === 'closed') return { visit, new: false };
    const { totals } = close.evaluation;
    const discounts = new Map<string, { ruleId: string; ruleVersion: number; categoryCode: string; amount: number }>();
    for (const discount of close.evaluation.lines.flatMap((line) => line.discounts)) {
      const known = discounts.get(discount.ruleId) ?? { ruleId: discount.ruleId, ruleVersion: discount.ruleVersion, categoryCode: discount.categoryCode, amount: 0 };
      known.amount += discount.amount;
      discounts.set(discount.ruleId, known);
    }
    const closed: Partial<Visit> = {
      status: 'closed',
      identifierId: visit.identifierId ?? close.identifierId,
      closedAt: close.at,
      gross: totals.before,
      discount: totals.discount,
      net: totals.after,
      tax: close.tab.orders.flatMap((order) => order.items).reduce((sum, item) => sum + item.taxAmount, 0),
      serviceCharge: close.tab.serviceCharge ?? 0,
      bonusPaid: close.bonusPaid,
      earned: close.earned,
      spent: close.spent,
      pointsEarned: close.pointsEarned,
      discounts: [...discounts.values()],
      updatedAt: close.at,
    };
    Object.assign(visit, closed);
    await this.repository.updateVisit(close.tenantId, visit.id, closed);
    const priced = new Map(close.evaluation.lines.map((line) => [line.lineId, line]));
    const lines: VisitLine[] = close.tab.orders.flatMap((order) =>
      order.items.map((item) => ({
        tenantId: close.tenantId,
        visitId: visit.id,
        lineId: item.id,
        customerId: close.customerId,
        productId: item.productId,
        name: item.name ?? null,
        productGroupIds: item.productGroupIds ?? [],
        quantityMilli: milli(item.quantity),
        amount: priced.get(item.id)?.amount ?? item.amount,
        discount: priced.get(item.id)?.discountTotal ?? 0,
        refundedMilli: 0,
        refundedAmount: 0,
      })),
    );
    await this.repository.insertLines(lines);
    const largest = await this.repository.addVisitToTotals(close.tenantId, close.customerId, { spent: visit.net, points: close.pointsEarned, at: close.at });
    if (largest > MAX_BALANCE) {
      // Past it, the guest's statistics and tier standing could no longer be exact integers.
      throw new RegularsError('total_limit', `the customer's running totals would pass ${MAX_BALANCE}; nothing was written`, {
        customer: close.customerId,
        limit: MAX_BALANCE,
      });
    }
    return { visit, new: true };
  }

  /**
   * Records refunded lines on a closed visit. Refunding more than is left of what was
   * paid, or more of a line than was bought, is refused with 422. A full refund takes
   * the visit out of the customer's totals altogether.
   */
  async recordRefund(tenantId: string, visit: Visit, items: RefundedItemDto[]): Promise<{ amount: number; full: boolean }> {
    const amount = items.reduce((sum, item) => sum + item.amount, 0);
    const remaining = visit.net - visit.refunded;
    if (amount > remaining) {
      throw new RegularsError('refund_exceeds_paid', `refundedItems: ${amount} would be refunded, ${remaining} is left of what was paid`, {
        paid: visit.net,
        refundedBefore: visit.refunded,
      });
    }
    const lines = new Map((await this.repository.linesOfVisit(tenantId, visit.id)).map((line) => [line.lineId, line]));
    for (const item of items) {
      const line = lines.get(item.itemId);
      if (!line) throw new RegularsError('unknown_line', `refundedItems: there is no line ${item.itemId} on the tab`);
      if (line.refundedMilli + milli(item.quantity) > line.quantityMilli) {
        throw new RegularsError('refund_exceeds_line', `refundedItems: more of ${item.itemId} would be refunded than was bought`);
      }
      line.refundedMilli += milli(item.quantity);
      line.refundedAmount += item.amount;
      await this.repository.updateLine(tenantId, visit.id, line.lineId, { refundedMilli: line.refundedMilli, refundedAmount: line.refundedAmount });
    }
    const full = amount === remaining;
    visit.refunded += amount;
    await this.repository.updateVisit(tenantId, visit.id, { refunded: visit.refunded, updatedAt: this.config.clock.now() });
    await this.takeFromTotals(tenantId, visit.customerId, { spent: amount, visits: full ? 1 : 0, points: 0 });
    return { amount, full };
  }

  /** What a refund gave back to the guest's accounts and took from them. */
  async recordReversals(tenantId: string, visit: Visit, reversed: Reversed): Promise<void> {
    const less = (from: Record<string, number>, taken: Record<string, number>) =>
      Object.fromEntries(Object.entries(from).map(([type, amount]) => [type, amount - (taken[type] ?? 0)]));
    visit.earned = less(visit.earned, reversed.earned);
    visit.spent = less(visit.spent, reversed.spent);
    visit.pointsEarned -= reversed.points;
    await this.repository.updateVisit(tenantId, visit.id, { earned: visit.earned, spent: visit.spent, pointsEarned: visit.pointsEarned });
    if (reversed.points !== 0) await this.takeFromTotals(tenantId, visit.customerId, { spent: 0, visits: 0, points: reversed.points });
  }

  /**
   * A guest's open visit goes with them to another tab (a split, a merge); where they have
   * one there already, the one they bring is cancelled: one visit per guest per tab.
   */
  async moveOpen(tenantId: string, fromTabId: string, toTabId: string, customerIds: string[]): Promise<Visit[]> {
    const moved: Visit[] = [];
    for (const visit of await this.repository.openVisitsOfTab(tenantId, fromTabId)) {
      if (!customerIds.includes(visit.customerId)) continue;
      const [there] = await this.repository.openVisitsOfTab(tenantId, toTabId, visit.customerId);
      if (there) await this.repository.updateVisit(tenantId, visit.id, { status: 'cancelled', updatedAt: this.config.clock.now() });
      else await this.repository.moveOpenVisit(tenantId, visit.id, toTabId);
      moved.push(visit);
    }
    return moved;
  }

  closedVisitOfTab(tenantId: string, tabId: string): Promise<Visit | null> {
    return this.repository.lockClosedVisitOfTab(tenantId, tabId);
  }

  async totals(tenantId: string, customerId: string): Promise<CustomerTotals> {
    return (
      (await this.repository.totalsOf(tenantId, customerId)) ?? {
        tenantId,
        customerId,
        spent: 0,
        visits: 0,
        pointsEarned: 0,
        firstVisitAt: null,
        lastVisitAt: null,
        secondVisitAt: null,
      }
    );
  }

  /** The visits of a tab, whatever their status: the integrator's view of what a tab did. */
  /** The visits of a tab, and of its guests' parts when it has several. */
  async ofTab(tenantId: string, tabId: string, partIds: string[] = []): Promise<VisitDto[]> {
    const visits = await this.repository.visitsOfTabs(tenantId, [tabId, ...partIds]);
    const lines = await this.linesOf(tenantId, visits.map((visit) => visit.id));
    return visits.map((visit) => presentVisit(visit, lines.get(visit.id) ?? []));
  }

  /**
   * Each customer's spend (net of refunds), visits (a fully refunded one does not count)
   * and points, over the whole history (`windowDays` null: the running totals) or the
   * last `windowDays` days, for the customers named, or for every customer whose id is
   * in a range (a job's keyset batch: one range scan of an index that covers the query).
   * Over a window only the sums asked for are computed; the others answer 0.
   */
  async standings(
    tenantId: string,
    customers: string[] | { from: string; to: string },
    windowDays: number | null,
    now: Date,
    sums: (keyof Standing)[] = ['spent', 'visits', 'points'],
  ): Promise<Map<string, Standing>> {
    const found = new Map<string, Standing>();
    if (Array.isArray(customers) && customers.length === 0) return found;
    const rows =
      windowDays === null
        ? await this.repository.runningStandings(tenantId, customers)
        : await this.repository.standingsSince(tenantId, customers, new Date(now.getTime() - windowDays * 86_400_000), sums);
    for (const row of rows) {
      found.set(row.customerId, { spent: toExactInteger(row.spent ?? 0), visits: toExactInteger(row.visits ?? 0), points: toExactInteger(row.points ?? 0) });
    }
    return found;
  }

  async list(tenantId: string, customerId: string, query: ListVisitsQueryDto): Promise<Page<VisitDto>> {
    const limit = query.limit ?? 50;
    const window = periodWindow(query.period, query.from, query.to, this.config.clock.now());
    const visits = await this.repository.closedVisitsPage(tenantId, customerId, { ...window, locationId: query.locationId }, decodeCursor(query.cursor), limit + 1);
    const lines = await this.linesOf(tenantId, visits.slice(0, limit).map((visit) => visit.id));
    return pageOf(visits, limit, (visit) => presentVisit(visit, lines.get(visit.id) ?? []));
  }

  async stats(tenantId: string, customerId: string, query: { period?: Period; from?: string; to?: string; locationId?: string }): Promise<CustomerStatsDto> {
    const window = periodWindow(query.period, query.from, query.to, this.config.clock.now());
    const visits = await this.repository.closedVisitsIn(tenantId, customerId, { ...window, locationId: query.locationId });
    const counted = visits.filter((visit) => visit.net > visit.refunded || visit.net === 0);
    const spent = visits.reduce((sum, visit) => sum + visit.net - visit.refunded, 0);
    const add = (into: Record<string, number>, from: Record<string, number>) => {
      for (const [type, amount] of Object.entries(from)) into[type] = (into[type] ?? 0) + amount;
      return into;
    };
    const favourites = await this.favourites(tenantId, customerId, window, query.locationId);
    return {
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      spent,
      visits: counted.length,
      averageCheck: averageCheck(spent, counted.length),
      pointsEarned: visits.reduce((all, visit) => add(all, visit.earned), {}),
      pointsSpent: visits.reduce((all, visit) => add(all, visit.spent), {}),
      favouritesByQuantity: [...favourites].sort((a, b) => b.quantity - a.quantity || b.visits - a.visits || a.productId.localeCompare(b.productId)).slice(0, 5),
      favouritesByVisits: [...favourites].sort((a, b) => b.visits - a.visits || b.quantity - a.quantity || a.productId.localeCompare(b.productId)).slice(0, 5),
    };
  }

  /** What the guest orders most, for the card the waiter sees. */
  async favouritesForCard(tenantId: string, customerId: string, now: Date): Promise<FavouriteDto[]> {
    const window = periodWindow('half_year', undefined, undefined, now);
    return (await this.favourites(tenantId, customerId, window)).sort((a, b) => b.quantity - a.quantity || a.productId.localeCompare(b.productId)).slice(0, 3);
  }

  /**
   * Identified customers' closed visits at a location: a customer is new when the period
   * holds their first closed visit there, returning when they had been before.
   */
  async locationStats(tenantId: string, locationId: string, query: { period?: Period; from?: string; to?: string }): Promise<LocationStatsDto> {
    const window = periodWindow(query.period, query.from, query.to, this.config.clock.now());
    const [totals, newcomers] = await this.repository.locationTotals(tenantId, locationId, window);
    const customers = toExactInteger(totals?.customers ?? 0);
    const newCustomers = toExactInteger(newcomers?.customers ?? 0);
    return {
      locationId,
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      visits: toExactInteger(totals?.visits ?? 0),
      customers,
      newCustomers,
      returningCustomers: customers - newCustomers,
      spent: toExactInteger(totals?.spent ?? 0),
    };
  }

  private async favourites(tenantId: string, customerId: string, window: { from: Date; to: Date }, locationId?: string): Promise<FavouriteDto[]> {
    const rows = await this.repository.favourites(tenantId, customerId, { ...window, locationId });
    return rows
      .map((row) => ({ productId: row.productId, name: row.name, quantity: toExactInteger(row.quantity) / 1000, visits: toExactInteger(row.visits) }))
      .filter((favourite) => favourite.quantity > 0);
  }

  /** A refund taken out of the guest's totals (a close adds to them in one statement, addVisitToTotals). */
  private async takeFromTotals(tenantId: string, customerId: string, refunded: { spent: number; visits: number; points: number }): Promise<void> {
    const totals = await this.repository.lockTotals(tenantId, customerId);
    if (!totals) {
      try {
        await this.repository.insertTotals({
          tenantId,
          customerId,
          spent: -refunded.spent,
          visits: -refunded.visits,
          pointsEarned: -refunded.points,
          firstVisitAt: null,
          lastVisitAt: null,
          secondVisitAt: null,
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new RetryableConflict(`totals of ${customerId} created concurrently`);
        throw error;
      }
      return;
    }
    totals.spent -= refunded.spent;
    totals.visits -= refunded.visits;
    totals.pointsEarned -= refunded.points;
    if (refunded.visits > 0) {
      // A visit refunded in full no longer counts: the first, second and last visits are those left.
      const counted = (await this.repository.closedVisitsOfCustomer(tenantId, customerId)).filter((visit) => visit.net > visit.refunded);
      const times = counted.map((visit) => visit.closedAt!.getTime()).sort((a, b) => a - b);
      totals.firstVisitAt = times.length ? new Date(times[0]) : null;
      totals.secondVisitAt = times.length > 1 ? new Date(times[1]) : null;
      totals.lastVisitAt = times.length ? new Date(times[times.length - 1]) : null;
    }
    const { spent, visits, pointsEarned, firstVisitAt, secondVisitAt, lastVisitAt } = totals;
    await this.repository.updateTotals(tenantId, customerId, { spent, visits, pointsEarned, firstVisitAt, secondVisitAt, lastVisitAt });
  }

  private async insert(start: VisitStart): Promise<Visit> {
    const visit: Visit = {
      tenantId: start.tenantId,
      id: newId('v', start.at),
      customerId: start.customerId,
      identifierId: start.identifierId,
      tabId: start.tab.id,
      status: 'open',
      currency: start.tab.currency,
      locationId: start.locationId,
      divisionId: start.tab.divisionId ?? null,
      tableId: start.tab.tableId ?? null,
      waiterId: start.tab.waiterId ?? null,
      guestCount: start.tab.guestCount ?? null,
      // The guest sat down when the tab opened, whichever event told the plugin first.
      startedAt: new Date(start.tab.openedAt),
      closedAt: null,
      gross: 0,
      discount: 0,
      net: 0,
      tax: 0,
      serviceCharge: 0,
      bonusPaid: 0,
      earned: {},
      spent: {},
      pointsEarned: 0,
      discounts: [],
      refunded: 0,
      updatedAt: start.at,
    };
    try {
      await this.repository.insertVisit(visit);
    } catch (error) {
      if (isUniqueViolation(error)) throw new RetryableConflict(`visit of tab ${start.tab.id} started concurrently`);
      throw error;
    }
    return visit;
  }

  private async linesOf(tenantId: string, visitIds: string[]): Promise<Map<string, VisitLine[]>> {
    const byVisit = new Map<string, VisitLine[]>();
    if (visitIds.length === 0) return byVisit;
    const lines = await this.repository.linesOfVisits(tenantId, visitIds);
    for (const line of lines) byVisit.set(line.visitId, [...(byVisit.get(line.visitId) ?? []), line]);
    return byVisit;
  }
}

export function presentVisit(visit: Visit, lines: VisitLine[]): VisitDto {
  const { tenantId: _tenant, identifierId: _identifier, guestCount: _guests, updatedAt: _updated, startedAt, closedAt, ...shown } = visit;
  return {
    ...shown,
    startedAt: startedAt.toISOString(),
    closedAt: closedAt?.toISOString() ?? null,
    lines: lines.map((line) => ({
      lineId: line.lineId,
      productId: line.productId,
      name: line.name,
      quantity: line.quantityMilli / 1000,
      amount: line.amount,
      discount: line.discount,
      refundedQuantity: line.refundedMilli / 1000,
      refundedAmount: line.refundedAmount,
    })),
  };
}
