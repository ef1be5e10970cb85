import { Injectable } from '@nestjs/common';
import { RegularsError } from '../../common/errors/regulars-error.js';
import type { EventEffect } from '../../contract/event-effect.js';
import type { GuestTabEventDto } from '../../contract/guest-tab-event.dto.js';
import type { TabGuestDto, TabSnapshotDto } from '../../contract/tab-snapshot.dto.js';
import { AccountsService } from '../../modules/accounts/accounts.service.js';
import { HoldsService } from '../../modules/accounts/holds.service.js';
import type { Customer } from '../../modules/customers/entities/customer.entity.js';
import { GuestTabsService } from '../../modules/guest-tabs/guest-tabs.service.js';
import { VisitsService } from '../../modules/visits/visits.service.js';
import type { CustomerCardDto } from '../customer-card/customer-card.dto.js';
import { GuestBehindTab } from '../evaluation/guest-behind-tab.js';
import { customerOf, guestParts, partId, refundParts, type GuestPart } from '../../contract/tab-parts.js';
import { TabLifecycle, type LifecycleOutcome } from './tab-lifecycle.js';

/** A guest's part of the tab, with the customer behind it (null: unknown, blocked or gone). */
interface SeatedGuest extends GuestPart {
  customer: Customer | null;
}

/** The card of each guest an attach recognised, by the ref the host seats them under. */
export interface GuestCard {
  guestRef: string;
  card: CustomerCardDto;
}

/**
 * A tab of several guests (`tab.guests`): every event is applied to each guest's part as
 * the event of a tab of their own — attach recognises each new guest and answers their
 * card, pre-check freezes each part's bill, close settles each part's holds and accrues on
 * each part's own paid share, refund reverses each part in proportion — and a guest the
 * tab no longer names is detached alone: their holds go back, their visit is cancelled.
 */
@Injectable()
export class TabGuests {
  constructor(
    private readonly lifecycle: TabLifecycle,
    private readonly guests: GuestBehindTab,
    private readonly guestTabs: GuestTabsService,
    private readonly holds: HoldsService,
    private readonly accounts: AccountsService,
    private readonly visits: VisitsService,
  ) {}

  async handle(event: GuestTabEventDto, previous: TabSnapshotDto | null): Promise<LifecycleOutcome & { cards?: GuestCard[] }> {
    const seated = await this.seat(event);
    const effects: EventEffect[] = [];
    if (event.type !== 'guest_tab.cancelled') effects.push(...(await this.detachGone(event, previous)));
    for (const guest of seated) await this.guestTabs.recordAlongside(event, guest.tab, guest.customer?.id ?? null);
    if (previous?.customer) effects.push(...(await this.seatTheOneGuest(event, seated)));
    switch (event.type) {
      case 'guest_tab.customer_attached':
        return this.attachNew(event, seated, previous, effects);
      case 'guest_tab.cancelled':
        for (const part of [...seated.map((guest) => guest.tab), ...this.partsGone(event, previous)]) effects.push(...(await this.leave(event, part, 'tab cancelled')));
        effects.push(...(await this.lifecycle.releaseHolds(event, 'tab cancelled')), ...(await this.lifecycle.cancelVisits(event)));
        for (const guest of seated) effects.push(...(await this.lifecycle.giveCodesBack({ ...event, tab: guest.tab }, ['reserved'])));
        return { effects };
      case 'guest_tab.prechecked':
        for (const guest of seated) effects.push(...(await this.lifecycle.freeze({ ...event, tab: guest.tab }, guest.customer)));
        return { effects };
      case 'guest_tab.closed':
        return { effects: [...effects, ...(await this.close(event, seated))] };
      case 'guest_tab.refunded':
        return { effects: [...effects, ...(await this.refund(event, seated))] };
      default:
        return { effects };
    }
  }

  /**
   * A tab of one guest that becomes a tab of several (only such a tab has visits of its own):
   * that guest's open visit goes to their part (or is cancelled if they are not among the
   * guests), their holds follow them at close.
   */
  private async seatTheOneGuest(event: GuestTabEventDto, seated: SeatedGuest[]): Promise<EventEffect[]> {
    const effects: EventEffect[] = [];
    for (const guest of seated) {
      if (!guest.customer) continue;
      for (const visit of await this.visits.moveOpen(event.tenantId, event.tab.id, guest.tab.id, [guest.customer.id])) effects.push({ kind: 'visit_moved', id: visit.id, from: event.tab.id, to: guest.tab.id });
    }
    return [...effects, ...(await this.lifecycle.cancelVisits(event))];
  }

  /** Each guest's part, with the customer behind it as the tab of one guest would find them. */
  private async seat(event: GuestTabEventDto): Promise<SeatedGuest[]> {
    const seated: SeatedGuest[] = [];
    for (const part of guestParts(event.tab)) seated.push({ ...part, customer: await this.guests.of(event.tenantId, part.tab) });
    return seated;
  }

  /** The guests attached now and not before are recognised (identify's refusals refuse the event) and answered their cards. */
  private async attachNew(event: GuestTabEventDto, seated: SeatedGuest[], previous: TabSnapshotDto | null, effects: EventEffect[]): Promise<LifecycleOutcome & { cards: GuestCard[] }> {
    // The guest of a tab of one was recognised when they sat down: seating a second does not recognise them again.
    const single = previous?.customer ? [{ ref: '', ...previous.customer } as TabGuestDto] : [];
    const before = new Set([...(previous?.guests ?? []), ...single].map(guestKey));
    const cards: GuestCard[] = [];
    for (const guest of seated) {
      if (before.has(guestKey(guest.guest))) continue;
      const outcome = await this.lifecycle.attach({ ...event, tab: guest.tab });
      effects.push(...outcome.effects);
      if (outcome.card) cards.push({ guestRef: guest.guest.ref, card: outcome.card });
    }
    return { effects, card: cards[0]?.card, cards };
  }

  /** The parts of the guests the previous snapshot named and this one does not. */
  private partsGone(event: GuestTabEventDto, previous: TabSnapshotDto | null): TabSnapshotDto[] {
    const now = new Set((event.tab.guests ?? []).map(guestKey));
    const gone = (previous?.guests ?? []).filter((guest) => !now.has(guestKey(guest)));
    return gone.map((guest) => ({ ...event.tab, guests: undefined, id: partId(event.tab.id, guest.ref), customer: customerOf(guest), orders: [], payments: [] }));
  }

  private async detachGone(event: GuestTabEventDto, previous: TabSnapshotDto | null): Promise<EventEffect[]> {
    const effects: EventEffect[] = [];
    for (const part of this.partsGone(event, previous)) effects.push(...(await this.leave(event, part, 'guest removed from the tab')));
    return effects;
  }

  /**
   * A guest leaves the tab, or the tab is voided: the bonus they hold on it goes back
   * (on the tab or on their part) and their visit is cancelled. A gift card pays for the
   * tab whoever sits at it, so its hold stays.
   */
  private async leave(event: GuestTabEventDto, part: TabSnapshotDto, reason: string): Promise<EventEffect[]> {
    const customer = await this.guests.of(event.tenantId, part);
    if (customer) {
      const theirs = (await this.holds.openForTab(event.tenantId, event.tab.id)).filter((hold) => hold.customerId === customer.id);
      await this.holds.moveToTab(event.tenantId, theirs.map((hold) => hold.id), part.id);
    }
    const left = { ...event, tab: part };
    return [...(await this.lifecycle.releaseHolds(left, reason, { giftCards: false })), ...(await this.lifecycle.cancelVisits(left))];
  }

  /**
   * Each guest's holds move to their part (a gift card's, nobody's, to the first guest's),
   * with the payments that capture them; an offline bonus payment goes to the guest whose
   * account it spent. Each part then closes as a tab of one guest; a hold nobody took goes back.
   */
  private async close(event: GuestTabEventDto, seated: SeatedGuest[]): Promise<EventEffect[]> {
    const effects: EventEffect[] = [];
    const open = await this.holds.openForTab(event.tenantId, event.tab.id);
    const partOf = new Map<string, string>();
    for (const hold of open) {
      const guest = seated.find((candidate) => candidate.customer !== null && candidate.customer.id === hold.customerId) ?? (hold.customerId === null ? seated[0] : undefined);
      if (guest) partOf.set(hold.id, guest.tab.id);
    }
    for (const guest of seated) await this.holds.moveToTab(event.tenantId, open.filter((hold) => partOf.get(hold.id) === guest.tab.id).map((hold) => hold.id), guest.tab.id);
    const payments = event.tab.payments ?? [];
    const unknown = payments.find((payment) => payment.holdId !== undefined && !partOf.has(payment.holdId));
    if (unknown) throw new RegularsError('unknown_hold', `tab.payments: hold ${unknown.holdId} is not an open hold of a guest of tab ${event.tab.id}`);
    for (const guest of seated) {
      const own: typeof payments = [];
      for (const payment of payments) {
        if (payment.holdId !== undefined ? partOf.get(payment.holdId) === guest.tab.id : payment.accountId !== undefined && (await this.spends(event.tenantId, guest, payment.accountId))) own.push(payment);
      }
      effects.push(...(await this.lifecycle.close({ ...event, tab: { ...guest.tab, payments: own } }, guest.customer)));
    }
    effects.push(...(await this.lifecycle.releaseHolds(event, 'tab closed')));
    return effects;
  }

  private async spends(tenantId: string, guest: SeatedGuest, accountId: string): Promise<boolean> {
    const [account] = await this.accounts.withIds(tenantId, [accountId]);
    return guest.customer !== null && account !== undefined && (await this.accounts.spendableBy(tenantId, guest.customer.id, account));
  }

  /** Each guest's part gives back its share of the refunded lines. */
  private async refund(event: GuestTabEventDto, seated: SeatedGuest[]): Promise<EventEffect[]> {
    const effects: EventEffect[] = [];
    const shares = refundParts(event.tab, event.refundedItems ?? []);
    for (const guest of seated) {
      const refundedItems = shares.get(guest.guest.ref);
      if (refundedItems) effects.push(...(await this.lifecycle.refund({ ...event, tab: guest.tab, refundedItems }, guest.customer)));
    }
    return effects;
  }
}

/** Who a guest is, whatever seat the host moves them to. */
const guestKey = (guest: TabGuestDto): string => guest.customerId ?? `${guest.identifier!.type}:${guest.identifier!.value}`;
