import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { RetryableConflict } from '../../common/database/retryable-conflict.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import type { PersonalDataHolder } from '../../common/personal-data/personal-data-holder.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { GuestTabEventDto } from '../../contract/guest-tab-event.dto.js';
import type { Evaluation } from '../sales-rules/engine/types.js';
import type { GuestTab } from './guest-tab.entity.js';
import { GuestTabsRepository, type RecordedChange, type TabState } from './guest-tabs.repository.js';
import type { TabEvaluation } from './tab-evaluation.entity.js';
import { changesOnlyTheRecord, isStale, statusAfter } from './tab-versioning.js';

/** The plugin's record of host tabs, whose rows are the per-tab locks events apply under. */
@Injectable()
export class GuestTabsService {
  /** What this module keeps about a guest: their export, their erasure and the tenant's purge ask it (PrivacyFlow). */
  readonly personalData: PersonalDataHolder = {
    name: 'guestTabs',
    export: async (tenantId, customerId) =>
      (await this.repository.tabsOfCustomer(tenantId, customerId)).map((tab) => ({
        id: tab.id,
        version: tab.version,
        status: tab.status,
        locationId: tab.locationId,
        updatedAt: tab.updatedAt.toISOString(),
      })),
    erase: (tenantId, customerId) => this.forgetPresentedIdentifiers({ tenantId, customerId }),
    purge: (tenantId) => this.forgetPresentedIdentifiers({ tenantId }),
  };

  constructor(
    private readonly repository: GuestTabsRepository,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /**
   * Locks the tab's row until the unit of work ends, so the events of one tab apply one
   * after another while other tabs go in parallel. Null for a tab not seen before.
   */
  lock(tenantId: string, tabId: string): Promise<GuestTab | null> {
    return this.repository.lockTab(tenantId, tabId);
  }

  /**
   * Runs `work` (a bonus hold) under the tab's lock, given the tab's row, so that a hold and
   * a cancel, close or detach racing for one tab meet on it: the hold is either refused or
   * committed before the event looks for holds to release. Refused with 409 once the tab
   * is closed or cancelled. A tab the host has not sent yet has no row and no guest, so
   * nothing can be held for it (the work is given null and refuses). Runs in the caller's
   * unit of work, whose end releases the lock.
   */
  async whileOpen<T>(tenantId: string, tabId: string, work: (tab: GuestTab | null) => Promise<T>): Promise<T> {
    const tab = await this.lock(tenantId, tabId);
    if (tab && (tab.status === 'closed' || tab.status === 'cancelled')) {
      throw new RegularsError('tab_finished', `tab ${tabId} is ${tab.status}; nothing more can be held for it`);
    }
    return work(tab);
  }

  isStale(tab: GuestTab | null, event: GuestTabEventDto): boolean {
    return tab !== null && isStale(tab, event);
  }

  /** Records the event's snapshot as the tab's newest state, with the guest behind it. */
  async record(tab: GuestTab | null, event: GuestTabEventDto, customerId: string | null): Promise<{ version: number; status: GuestTab['status'] }> {
    // An older event still applied (a refund overtaken by a later one) leaves the newer state.
    const older = tab !== null && event.tab.version < tab.version;
    const status = older ? tab.status : statusAfter(event);
    const version = Math.max(tab?.version ?? -1, event.tab.version);
    const state: TabState = {
      version,
      status,
      locationId: event.locationId ?? tab?.locationId ?? null,
      customerId: older ? tab.customerId : customerId,
      snapshot: older ? tab.snapshot : event.tab,
      updatedAt: this.config.clock.now(),
      closedAt: older || status !== 'closed' ? (tab?.closedAt ?? null) : new Date(event.tab.closedAt ?? event.occurredAt),
    };
    if (tab) {
      await this.repository.updateTab(tab.tenantId, tab.id, state);
    } else {
      try {
        await this.repository.insertTab({ tenantId: event.tenantId, id: event.tab.id, ...state, billId: null, limitsCounted: false });
      } catch (error) {
        // The first events of a new tab raced; run again and find the row the winner made.
        if (isUniqueViolation(error)) throw new RetryableConflict(`tab ${event.tab.id} created concurrently`);
        throw error;
      }
    }
    return { version, status };
  }

  /**
   * Records the snapshot of a change to the tab's record alone (changesOnlyTheRecord) in one
   * statement and without reading the row first: what `lock`, `isStale` and `record` do for
   * it, the row's lock included. `undecided` changes nothing and leaves the event to them:
   * the tab recorded names guests, or SQLite cannot tell that from a stale event.
   */
  async recordIfNewer(event: GuestTabEventDto): Promise<{ change: RecordedChange; version: number; status: GuestTab['status'] }> {
    if (!changesOnlyTheRecord(event)) {
      throw new Error(`Regulars: a ${event.type} that finalises the tab or names a guest is recorded under the tab's lock`);
    }
    const status = statusAfter(event);
    const change = await this.repository.recordIfNewer(event.tenantId, event.tab.id, {
      version: event.tab.version,
      status,
      locationId: event.locationId ?? null,
      customerId: null,
      snapshot: event.tab,
      updatedAt: this.config.clock.now(),
      closedAt: status === 'closed' ? new Date(event.tab.closedAt ?? event.occurredAt) : null,
    });
    return { change, version: event.tab.version, status };
  }

  /**
   * Records a tab the event brings beside its own (a guest's part, a split's new tab) with
   * the snapshot given, under its own lock taken after the event's tab's: a newer state
   * already recorded for it stays.
   */
  async recordAlongside(event: GuestTabEventDto, snapshot: GuestTabEventDto['tab'], customerId: string | null, billId: string | null = null): Promise<GuestTab | null> {
    const tab = await this.lock(event.tenantId, snapshot.id);
    const alongside = { ...event, tab: snapshot };
    if (!tab || !isStale(tab, alongside)) await this.record(tab, alongside, customerId);
    if (billId) await this.repository.joinBill(event.tenantId, [snapshot.id], billId);
    return tab;
  }

  /** Puts tabs in one bill: the tabs a split made, or merged. */
  joinBill(tenantId: string, tabIds: string[], billId: string): Promise<void> {
    return this.repository.joinBill(tenantId, tabIds, billId);
  }

  /** The lines closed on the other tabs of the bill, which a close of this one does not count again. */
  async linesClosedElsewhere(tenantId: string, billId: string, tabId: string): Promise<Set<string>> {
    const tabs = await this.repository.closedTabsOfBill(tenantId, billId);
    return new Set(tabs.filter((tab) => tab.id !== tabId).flatMap((tab) => (tab.snapshot?.orders ?? []).flatMap((order) => order.items.map((item) => item.id))));
  }

  /**
   * The tab lives on in the event's: whatever comes for it later is stale, so a tab not seen
   * before is recorded as merged all the same.
   */
  async markMerged(event: GuestTabEventDto, tabId: string, billId: string): Promise<void> {
    const now = this.config.clock.now();
    if (await this.repository.markMerged(event.tenantId, tabId, now)) return;
    await this.repository.insertTab({ tenantId: event.tenantId, id: tabId, version: 0, status: 'merged', locationId: event.locationId ?? null, customerId: null, snapshot: null, updatedAt: now, closedAt: null, billId, limitsCounted: false });
  }

  /** The newest bill frozen for the tab, whatever its lines. */
  async newestFrozenBill(tenantId: string, tabId: string): Promise<TabEvaluation | null> {
    const [newest] = await this.repository.frozenEvaluationsNewestFirst(tenantId, tabId);
    return newest ?? null;
  }

  /** The tabs of a bill, as its history shows them. */
  tabsOfBill(tenantId: string, billId: string): Promise<GuestTab[]> {
    return this.repository.tabsOfBill(tenantId, billId);
  }

  frozenEvaluations(tenantId: string, tabId: string): Promise<TabEvaluation[]> {
    return this.repository.frozenEvaluations(tenantId, tabId);
  }

  /** Claims the counting of the closed tab's limited rules, under the tab's lock: true the first time only. */
  claimLimitCount(tenantId: string, tabId: string): Promise<boolean> {
    return this.repository.markLimitsCounted(tenantId, tabId);
  }

  /** Keeps the evaluation a printed bill showed for its tab version; a reprint replaces it. */
  freezeBill(bill: TabEvaluation): Promise<void> {
    return this.repository.freezeEvaluation(bill);
  }

  /** The latest evaluation frozen at pre-check for the tab whose pricing hashed to `inputHash`, if any. */
  async frozenBill(tenantId: string, tabId: string, inputHash: string): Promise<Evaluation | null> {
    const frozen = await this.repository.frozenEvaluationsNewestFirst(tenantId, tabId);
    return frozen.find((candidate) => candidate.inputHash === inputHash)?.evaluation ?? null;
  }

  /**
   * A tab snapshot keeps the identifier the guest presented (a card number, a phone);
   * erasure keeps only the customer id on the tab.
   */
  private async forgetPresentedIdentifiers(where: { tenantId: string; customerId?: string }): Promise<number> {
    const tabs = await this.repository.tabsOf(where);
    let changed = 0;
    for (const tab of tabs) {
      if (!tab.snapshot?.customer?.identifier) continue;
      const customer = tab.customerId ? { customerId: tab.customerId } : null;
      await this.repository.replaceSnapshot(tab.tenantId, tab.id, { ...tab.snapshot, customer });
      changed += 1;
    }
    return changed;
  }

  find(tenantId: string, tabId: string): Promise<GuestTab | null> {
    return this.repository.findTab(tenantId, tabId);
  }
}
