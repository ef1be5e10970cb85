import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { maskPersonalData } from '../../common/personal-data/mask-personal-data.js';
import { PluginMetrics } from '../../common/operations/plugin-metrics.js';
import { GUEST_TAB_EVENT_TYPES } from '../../contract/contract-values.js';
import { MAX_AMOUNT } from '../../common/validation/limits.js';
import { validateInput, validationFailed } from '../../common/validation/validation.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { GuestTabsService } from '../../modules/guest-tabs/guest-tabs.service.js';
import { appliedKey, changesOnlyTheRecord } from '../../modules/guest-tabs/tab-versioning.js';
import { IdentifyService } from '../../modules/identification/identify.service.js';
import type { EventResult } from './event-result.js';
import { GuestTabEventDto } from '../../contract/guest-tab-event.dto.js';
import type { TabSnapshotDto } from '../../contract/tab-snapshot.dto.js';
import { GuestBehindTab } from '../evaluation/guest-behind-tab.js';
import { EventAlreadyReceived, Inbox } from './inbox/inbox.service.js';
import { TabLifecycle, type LifecycleOutcome } from './tab-lifecycle.js';
import { guestProblems, namesGuests } from '../../contract/tab-parts.js';
import { TabGuests, type GuestCard } from './tab-guests.js';
import { TabSplits } from './tab-splits.js';
import type { Customer } from '../../modules/customers/entities/customer.entity.js';
import type { GuestTab } from '../../modules/guest-tabs/guest-tab.entity.js';

/**
 * The single dispatcher of host events: the HTTP transport and the in-process one both
 * end here. One event is one transaction: the inbox row, the tab's lock, the domain
 * effects and the answer commit together or not at all.
 */
@Injectable()
export class GuestTabHooks {
  private readonly logger = new Logger('Regulars');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly inbox: Inbox,
    private readonly guestTabs: GuestTabsService,
    private readonly identification: IdentifyService,
    private readonly guests: GuestBehindTab,
    private readonly lifecycle: TabLifecycle,
    private readonly tabGuests: TabGuests,
    private readonly splits: TabSplits,
    private readonly metrics: PluginMetrics,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /**
   * Validates and applies one event; bad input throws a RegularsError (400) listing each
   * bad field. Typed as the contract's event so a host's mistakes show at compile time;
   * checked all the same, for hosts in plain JavaScript and for the HTTP transport.
   */
  async handle(input: GuestTabEventDto): Promise<EventResult> {
    const type = (GUEST_TAB_EVENT_TYPES as readonly unknown[]).includes(input?.type) ? input.type : 'unknown';
    try {
      const result = await this.dispatch(input);
      this.metrics.guestTabEvent(type, result.status);
      return result;
    } catch (error) {
      this.metrics.guestTabEvent(type, error instanceof RegularsError && error.status < 500 ? 'refused' : 'failed');
      throw error;
    }
  }

  private async dispatch(input: GuestTabEventDto): Promise<EventResult> {
    const event = parseGuestTabEvent(input);
    const receivedAt = this.config.clock.now();
    const key = appliedKey(event);
    try {
      await this.identification.countAttach(event);
      return await this.uow.transaction(() => this.apply(event, key, receivedAt));
    } catch (error) {
      if (error instanceof EventAlreadyReceived) return this.repeatAnswer(event, key, receivedAt);
      // A repeat can be refused by what its first delivery did (a line refunded already)
      // before the inbox would have caught it: it still gets the first answer.
      if (error instanceof RegularsError && error.status < 500 && (await this.inbox.wasReceived(event, key))) return this.repeatAnswer(event, key, receivedAt);
      if (!(error instanceof RegularsError)) {
        this.logger.error(`event ${event.id} (${event.type}, tab ${event.tab.id}) failed`, maskPersonalData((error as Error).stack ?? String(error)));
      }
      throw error;
    }
  }

  /** A repeat's answer is a unit of work of its own: the event's rolled back. */
  private repeatAnswer(event: GuestTabEventDto, key: string, receivedAt: Date): Promise<EventResult> {
    return this.uow.transaction(() => this.inbox.repeatAnswer(event, key, receivedAt));
  }

  /**
   * Five round trips on MySQL: lock the tab, apply, record in the inbox, around BEGIN and
   * COMMIT; four for a change of the tab's record alone, written without the lock's read. A
   * repeat is found by the inbox's unique keys when it records, and its work rolls back
   * with it; repeats are the rare case, so the common one pays no look-up.
   */
  private async apply(event: GuestTabEventDto, key: string, receivedAt: Date): Promise<EventResult> {
    if (changesOnlyTheRecord(event)) {
      const { change, version, status } = await this.guestTabs.recordIfNewer(event);
      if (change === 'stale') return this.stale(event, receivedAt);
      if (change === 'recorded') {
        const effects = [{ kind: 'tab' as const, id: event.tab.id, version, status }];
        await this.inbox.record(event, { status: 'applied', effects, appliedKey: key }, receivedAt);
        return { eventId: event.id, status: 'applied', effects };
      }
    }
    const tab = await this.guestTabs.lock(event.tenantId, event.tab.id);
    if (this.guestTabs.isStale(tab, event)) return this.stale(event, receivedAt);
    const guest = await this.guests.of(event.tenantId, event.tab);
    const previous = tab?.snapshot ?? null;
    const { version, status } = await this.guestTabs.record(tab, event, guest?.id ?? null);
    const outcome = await this.route(event, guest, tab, previous);
    const effects = [{ kind: 'tab', id: event.tab.id, version, status }, ...outcome.effects];
    const { card, cards } = outcome;
    await this.inbox.record(event, { status: 'applied', effects, card, appliedKey: key }, receivedAt);
    return { eventId: event.id, status: 'applied', effects, ...(card ? { card } : {}), ...(cards ? { cards } : {}) };
  }

  /** An event older than what the tab's record holds: acknowledged, and nothing else. */
  private async stale(event: GuestTabEventDto, receivedAt: Date): Promise<EventResult> {
    await this.inbox.record(event, { status: 'stale', effects: [] }, receivedAt);
    return { eventId: event.id, status: 'stale', effects: [] };
  }

  /** A split or a merge, a tab of several guests, or a tab of one guest or none. */
  private route(event: GuestTabEventDto, guest: Customer | null, recorded: GuestTab | null, previous: TabSnapshotDto | null): Promise<LifecycleOutcome & { cards?: GuestCard[] }> {
    if (event.type === 'guest_tab.split') return this.splits.split(event, guest, recorded);
    if (event.type === 'guest_tab.merged') return this.splits.merge(event, guest, recorded);
    if (namesGuests(event.tab) || namesGuests(previous)) return this.tabGuests.handle(event, previous);
    return this.lifecycle.handle(event, guest, recorded?.billId ?? null);
  }
}

/**
 * The rules of a tab snapshot that span several fields. A whole tab is bounded like one
 * amount (MAX_AMOUNT), so every total, discount and accrual worked out from it stays exact.
 */
export function tabSnapshotProblems(tab: TabSnapshotDto, path = 'tab'): string[] {
  const problems: string[] = [];
  const customer = tab.customer;
  if (customer && (customer.customerId === undefined) === (customer.identifier === undefined)) {
    problems.push(`${path}.customer: must carry exactly one of customerId or identifier, or be null`);
  }
  problems.push(...guestProblems(tab, path));
  let total = tab.serviceCharge ?? 0;
  for (const order of tab.orders) for (const item of order.items) total += item.amount + (tab.pricesIncludeTax ? 0 : item.taxAmount);
  if (total > MAX_AMOUNT) problems.push(`${path}.orders: the lines, their tax and the service charge add up to more than ${MAX_AMOUNT}`);
  const paid = (tab.payments ?? []).reduce((sum, payment) => sum + payment.amount, 0);
  if (paid > MAX_AMOUNT) problems.push(`${path}.payments: add up to more than ${MAX_AMOUNT}`);
  return problems;
}

/**
 * A split names the new tabs its lines went to, each a tab of its own with lines no other
 * tab of the event has; a merge names the tabs it joined. Neither field on other events.
 */
function splitProblems(event: GuestTabEventDto): string[] {
  const problems: string[] = [];
  if (event.type === 'guest_tab.split' && !event.parts?.length) problems.push('parts: a guest_tab.split event lists the tabs the split made');
  if (event.type !== 'guest_tab.split' && event.parts !== undefined) problems.push('parts: is only allowed on guest_tab.split');
  if (event.type === 'guest_tab.merged' && !event.mergedTabIds?.length) problems.push('mergedTabIds: a guest_tab.merged event lists the tabs joined into tab');
  if (event.type !== 'guest_tab.merged' && event.mergedTabIds !== undefined) problems.push('mergedTabIds: is only allowed on guest_tab.merged');
  const lines = new Set(event.tab.orders.flatMap((order) => order.items.map((item) => item.id)));
  const tabs = new Set([event.tab.id]);
  (event.parts ?? []).forEach((part, i) => {
    problems.push(...tabSnapshotProblems(part, `parts[${i}]`));
    if (tabs.has(part.id)) problems.push(`parts[${i}].id: ${part.id} is named twice in the split`);
    tabs.add(part.id);
    if (part.currency !== event.tab.currency) problems.push(`parts[${i}].currency: a split keeps the bill's currency ${event.tab.currency}`);
    for (const order of part.orders) {
      for (const item of order.items) {
        if (lines.has(item.id)) problems.push(`parts[${i}].orders: line ${item.id} is on two tabs of the split; a line moves, it is not copied`);
        lines.add(item.id);
      }
    }
  });
  (event.mergedTabIds ?? []).forEach((id, i) => {
    if (tabs.has(id)) problems.push(`mergedTabIds[${i}]: ${id} is named twice, or is the tab merged into`);
    tabs.add(id);
  });
  return problems;
}

/** Validates an event envelope, including the rules that span several fields. */
export function parseGuestTabEvent(input: unknown): GuestTabEventDto {
  const event = validateInput(GuestTabEventDto, input, 'event');
  const problems: string[] = [];
  problems.push(...tabSnapshotProblems(event.tab));
  if (event.type === 'guest_tab.refunded' && !event.refundedItems?.length) {
    problems.push('refundedItems: must list the refunded lines of a guest_tab.refunded event');
  }
  if (event.type !== 'guest_tab.refunded' && event.refundedItems !== undefined) {
    problems.push('refundedItems: is only allowed on guest_tab.refunded');
  }
  if ((event.refundedItems ?? []).reduce((sum, item) => sum + item.amount, 0) > MAX_AMOUNT) {
    problems.push(`refundedItems: add up to more than ${MAX_AMOUNT}`);
  }
  problems.push(...splitProblems(event));
  (event.tab.payments ?? []).forEach((payment, i) => {
    if (payment.accountId === undefined) return;
    const field = `tab.payments[${i}].accountId`;
    if (event.offline !== true) problems.push(`${field}: only an offline event names the account a bonus payment spent from; online, name its holdId`);
    else if (payment.method !== 'bonus') problems.push(`${field}: only a bonus payment spends from an account`);
    else if (payment.holdId !== undefined) problems.push(`${field}: a payment names a hold or an account, not both`);
  });
  if (problems.length > 0) throw validationFailed(problems);
  return event;
}
