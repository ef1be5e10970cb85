import { Injectable } from '@nestjs/common';
import { RegularsError } from '../../common/errors/regulars-error.js';
import type { EventEffect } from '../../contract/event-effect.js';
import type { GuestTabEventDto } from '../../contract/guest-tab-event.dto.js';
import type { TabSnapshotDto } from '../../contract/tab-snapshot.dto.js';
import { HoldsService } from '../../modules/accounts/holds.service.js';
import type { Customer } from '../../modules/customers/entities/customer.entity.js';
import type { GuestTab } from '../../modules/guest-tabs/guest-tab.entity.js';
import { GuestTabsService } from '../../modules/guest-tabs/guest-tabs.service.js';
import { PromoCodesService } from '../../modules/promo-codes/promo-codes.service.js';
import type { Evaluation } from '../../modules/sales-rules/engine/types.js';
import { VisitsService } from '../../modules/visits/visits.service.js';
import { GuestBehindTab } from '../evaluation/guest-behind-tab.js';
import { billOfLines, lineShares, type LineShare } from './bill-shares.js';
import { partId } from '../../contract/tab-parts.js';
import { TabLifecycle, type LifecycleOutcome } from './tab-lifecycle.js';

const lineIdsOf = (tab: TabSnapshotDto): string[] => tab.orders.flatMap((order) => order.items.map((item) => item.id));

/**
 * Splitting a tab into several and joining several into one. The tabs of one bill keep
 * its id (`billId`), so a line closed on one of them never counts again on another; what
 * belongs to a guest or a line goes where they went: a guest's holds and open visit with
 * the guest, a payment's hold with the payment, the priced bill with the lines — a split
 * prices the bill as one and each new tab keeps its lines' share of it, so the parts
 * together earn what the bill would have.
 */
@Injectable()
export class TabSplits {
  constructor(
    private readonly lifecycle: TabLifecycle,
    private readonly guests: GuestBehindTab,
    private readonly guestTabs: GuestTabsService,
    private readonly holds: HoldsService,
    private readonly visits: VisitsService,
    private readonly codes: PromoCodesService,
  ) {}

  /**
   * `event.tab` is the tab after the split, `event.parts` the tabs it made. The bill before
   * the split (the source's lines and the parts' together) is priced as one — or taken as
   * printed — and shared out to each tab of one guest, or none, that the bill's guest sits at.
   */
  async split(event: GuestTabEventDto, guest: Customer | null, recorded: GuestTab | null): Promise<LifecycleOutcome> {
    const parts = event.parts ?? [];
    const billId = recorded?.billId ?? event.tab.id;
    await this.guestTabs.joinBill(event.tenantId, [event.tab.id], billId);
    const whole: TabSnapshotDto = { ...event.tab, orders: [...event.tab.orders, ...parts.flatMap((part) => part.orders)] };
    const shareable = event.tab.guests === undefined && parts.every((part) => part.guests === undefined);
    const bill = shareable ? await this.lifecycle.billAsOne({ ...event, tab: whole }, guest?.id ?? null) : null;
    const shares = bill ? lineShares(bill) : null;
    const pricedFor = guest?.id ?? null;
    if (bill && shares) await this.freezeShare(event, event.tab, guest, { bill, shares, pricedFor, keeps: true });

    const effects: EventEffect[] = [];
    const staying = new Set(guest ? [guest.id] : []);
    for (const part of parts) {
      const customer = await this.guests.of(event.tenantId, part);
      await this.guestTabs.recordAlongside(event, part, customer?.id ?? null, billId);
      effects.push({ kind: 'tab', id: part.id, version: part.version, status: part.status, splitFrom: event.tab.id });
      effects.push(...(await this.movePaidHolds(event, part)));
      if (bill && shares) await this.freezeShare(event, part, customer, { bill, shares, pricedFor, keeps: false });
      if (!customer || staying.has(customer.id)) continue;
      // A guest who went to the new tab takes their holds and visit with them (a seated guest's visit is on their part).
      const seats = (recorded?.snapshot?.guests ?? []).map((seated) => partId(event.tab.id, seated.ref));
      effects.push(...(await this.moveGuest(event.tenantId, [event.tab.id, ...seats], part.id, customer.id)));
    }
    return { effects };
  }

  /**
   * `event.tab` is the tab after the merge, `event.mergedTabIds` the tabs joined into it,
   * which end: their holds move to it, their open visits are cancelled, their reserved codes are given back
   * for it to take, and their printed bills join its own when they cover its lines.
   */
  async merge(event: GuestTabEventDto, guest: Customer | null, recorded: GuestTab | null): Promise<LifecycleOutcome> {
    const merged: GuestTab[] = [];
    for (const id of event.mergedTabIds ?? []) {
      const tab = await this.guestTabs.lock(event.tenantId, id);
      if (tab && (tab.status === 'closed' || tab.status === 'cancelled')) {
        throw new RegularsError('tab_finished', `mergedTabIds: tab ${id} is ${tab.status}; only open tabs are merged`);
      }
      if (tab) merged.push(tab);
    }
    const billId = recorded?.billId ?? merged.find((tab) => tab.billId)?.billId ?? event.tab.id;
    await this.guestTabs.joinBill(event.tenantId, [event.tab.id, ...merged.map((tab) => tab.id)], billId);

    const effects: EventEffect[] = [];
    for (const id of event.mergedTabIds ?? []) {
      const open = await this.holds.openForTab(event.tenantId, id);
      await this.holds.moveToTab(event.tenantId, open.map((hold) => hold.id), event.tab.id);
      for (const hold of open) effects.push({ kind: 'hold_moved', id: hold.id, from: id, to: event.tab.id });
      // Its lines are the merged tab's guest's now: the visit on the tab that ended is cancelled.
      for (const visit of await this.visits.cancelOpen(event.tenantId, id)) effects.push({ kind: 'visit', id: visit.id, status: 'cancelled', customerId: visit.customerId });
      for (const code of await this.codes.giveBack(event.tenantId, id, ['reserved'])) effects.push({ kind: 'code', id: code, status: 'released' });
      await this.guestTabs.markMerged(event, id, billId);
      effects.push({ kind: 'tab', id, status: 'merged', mergedInto: event.tab.id });
    }
    await this.freezeUnion(event, guest, [event.tab.id, ...merged.map((tab) => tab.id)]);
    return { effects };
  }

  /** A tab's share of the bill, kept as its printed bill when the bill was priced for its guest. */
  private async freezeShare(
    event: GuestTabEventDto,
    tab: TabSnapshotDto,
    customer: Customer | null,
    { bill, shares, pricedFor, keeps }: { bill: Evaluation; shares: Map<string, LineShare>; pricedFor: string | null; keeps: boolean },
  ): Promise<void> {
    if ((customer?.id ?? null) !== pricedFor) return;
    const share = billOfLines(bill, shares, lineIdsOf(tab), { serviceCharge: tab.serviceCharge ?? 0, coupons: keeps });
    if (share) await this.lifecycle.freezeShare({ ...event, tab }, customer?.id ?? null, share);
  }

  /**
   * The merged tab's lines, each as the newest printed bill of the tab it came from priced
   * it: kept as the merged tab's bill when every line has one and all were priced for its guest.
   */
  private async freezeUnion(event: GuestTabEventDto, guest: Customer | null, tabIds: string[]): Promise<void> {
    if (event.tab.guests !== undefined) return;
    const shares = new Map<string, LineShare>();
    let template: (Evaluation & { customerId: string | null }) | null = null;
    for (const id of tabIds) {
      const newest = await this.guestTabs.newestFrozenBill(event.tenantId, id);
      if (!newest) continue;
      if (newest.evaluation.customerId !== (guest?.id ?? null)) return;
      template ??= newest.evaluation;
      for (const [lineId, share] of lineShares(newest.evaluation)) if (!shares.has(lineId)) shares.set(lineId, share);
    }
    if (!template) return;
    const accountTypes = new Set([...shares.values()].flatMap((share) => Object.keys(share.points)));
    const accrualOf = (type: string) => template!.accrual.find((accrual) => accrual.accountType === type) ?? { accountType: type, points: 0, rules: [] };
    const union = billOfLines({ ...template, accrual: [...accountTypes].sort().map(accrualOf) }, shares, lineIdsOf(event.tab), { serviceCharge: event.tab.serviceCharge ?? 0, coupons: true });
    if (union) await this.lifecycle.freezeShare(event, guest?.id ?? null, union);
  }

  /** A bonus or gift-card payment the host moved to the new tab takes its hold with it, for that tab's close to capture. */
  private async movePaidHolds(event: GuestTabEventDto, part: TabSnapshotDto): Promise<EventEffect[]> {
    const paid = new Set((part.payments ?? []).flatMap((payment) => (payment.holdId ? [payment.holdId] : [])));
    if (paid.size === 0) return [];
    const moving = (await this.holds.openForTab(event.tenantId, event.tab.id)).filter((hold) => paid.has(hold.id));
    await this.holds.moveToTab(event.tenantId, moving.map((hold) => hold.id), part.id);
    return moving.map((hold) => ({ kind: 'hold_moved', id: hold.id, from: event.tab.id, to: part.id }));
  }

  /** The guest's holds and open visit go from one tab to another. */
  private async moveGuest(tenantId: string, [tab, ...seats]: string[], to: string, customerId: string): Promise<EventEffect[]> {
    const effects: EventEffect[] = [];
    const theirs = (await this.holds.openForTab(tenantId, tab)).filter((hold) => hold.customerId === customerId);
    await this.holds.moveToTab(tenantId, theirs.map((hold) => hold.id), to);
    for (const hold of theirs) effects.push({ kind: 'hold_moved', id: hold.id, from: tab, to });
    for (const from of [tab, ...seats]) {
      for (const visit of await this.visits.moveOpen(tenantId, from, to, [customerId])) effects.push({ kind: 'visit_moved', id: visit.id, from, to });
    }
    return effects;
  }
}
