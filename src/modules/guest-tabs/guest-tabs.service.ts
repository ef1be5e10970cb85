import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { RetryableConflict } from '../../common/database/retryable-conflict.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { PersonalDataRegistry } from '../../common/personal-data/personal-data.registry.js';
import { REGULARS_CONFIG } from '../../config/regulars.constants.js';
import type { RegularsConfig } from '../../config/regulars-options.js';
import type { EventEffect } from '../../host/contract/event-result.js';
import type { GuestTabEventDto } from '../../host/contract/guest-tab-event.dto.js';
import { IdentifiersService } from '../identification/identifiers.service.js';
import { HoldsService } from '../accounts/holds.service.js';
import { RewardsService } from '../rewards/rewards.service.js';
import { TabEvaluator } from '../sales-rules/tab-evaluator.service.js';
import { GuestTab } from './guest-tab.entity.js';
import { TabEvaluation } from './tab-evaluation.entity.js';
import { isStale, statusAfter } from './tab-versioning.js';

/** The plugin's record of host tabs, whose rows are the per-tab locks events apply under. */
@Injectable()
export class GuestTabsService implements OnModuleInit {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly personalData: PersonalDataRegistry,
    private readonly identifiers: IdentifiersService,
    private readonly evaluator: TabEvaluator,
    private readonly holds: HoldsService,
    private readonly rewards: RewardsService,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  onModuleInit(): void {
    this.personalData.register({
      name: 'guestTabs',
      export: async (tenantId, customerId) =>
        (await this.uow.read((manager) => manager.find(GuestTab, { where: { tenantId, customerId }, order: { id: 'ASC' } }))).map((tab) => ({
          id: tab.id,
          version: tab.version,
          status: tab.status,
          locationId: tab.locationId,
          updatedAt: tab.updatedAt.toISOString(),
        })),
      erase: (tenantId, customerId) => this.forgetPresentedIdentifiers({ tenantId, customerId }),
      purge: (tenantId) => this.forgetPresentedIdentifiers({ tenantId }),
    });
  }

  /**
   * Locks the tab's row until the unit of work ends, so the events of one tab apply one
   * after another while other tabs go in parallel. Null for a tab not seen before.
   */
  lock(tenantId: string, tabId: string): Promise<GuestTab | null> {
    return this.uow.manager.findOne(GuestTab, { where: { tenantId, id: tabId }, lock: this.uow.rowLock });
  }

  isStale(tab: GuestTab | null, event: GuestTabEventDto): boolean {
    return tab !== null && isStale(tab, event);
  }

  /** Records the event's snapshot as the tab's newest state. */
  async apply(tab: GuestTab | null, event: GuestTabEventDto): Promise<EventEffect[]> {
    const status = statusAfter(event);
    const version = Math.max(tab?.version ?? -1, event.tab.version);
    const state = {
      version,
      status,
      locationId: event.locationId ?? tab?.locationId ?? null,
      customerId: await this.customerOf(event),
      snapshot: event.tab,
      updatedAt: this.config.clock.now(),
    };
    if (tab) {
      await this.uow.manager.update(GuestTab, { tenantId: tab.tenantId, id: tab.id }, state);
    } else {
      try {
        await this.uow.manager.insert(GuestTab, { tenantId: event.tenantId, id: event.tab.id, ...state });
      } catch (error) {
        // The first events of a new tab raced; run again and find the row the winner made.
        if (isUniqueViolation(error)) throw new RetryableConflict(`tab ${event.tab.id} created concurrently`);
        throw error;
      }
    }
    const effects: EventEffect[] = [{ kind: 'tab', id: event.tab.id, version, status }];
    if (event.type === 'guest_tab.prechecked') effects.push(await this.freezeEvaluation(event));
    if (event.type === 'guest_tab.cancelled' || event.type === 'guest_tab.customer_detached') effects.push(...(await this.releaseHolds(event)));
    return effects;
  }

  /** A tab voided or left by its guest pays nothing with bonuses: its holds go back. */
  private async releaseHolds(event: GuestTabEventDto): Promise<EventEffect[]> {
    const reason = event.type === 'guest_tab.cancelled' ? 'tab cancelled' : 'guest removed from the tab';
    const context = { tenantId: event.tenantId, actorId: event.actor.id, actorName: event.actor.name ?? null, eventId: event.id, reason };
    const effects: EventEffect[] = [];
    for (const hold of await this.holds.openForTab(event.tenantId, event.tab.id)) {
      await this.holds.release(context, hold.id);
      effects.push({ kind: 'hold_released', id: hold.id, amount: hold.amount, accountId: hold.accountId });
    }
    return effects;
  }

  /**
   * The bill is printed: what it shows is evaluated at the moment the host printed it,
   * with the rewards whose points are held on the tab, and kept for that tab version, so
   * closing the same version accrues exactly that.
   */
  private async freezeEvaluation(event: GuestTabEventDto): Promise<EventEffect> {
    const rewardIds = (await this.holds.openForTab(event.tenantId, event.tab.id)).flatMap((hold) => (hold.rewardId ? [hold.rewardId] : []));
    const extras = this.rewards.extrasFor(await this.rewards.findMany(event.tenantId, rewardIds));
    const { customerId, evaluation } = await this.evaluator.evaluate(event.tenantId, event.tab, new Date(event.occurredAt), extras);
    await this.uow.manager.save(TabEvaluation, {
      tenantId: event.tenantId,
      tabId: event.tab.id,
      tabVersion: event.tab.version,
      evaluation: { ...evaluation, customerId },
      evaluatedAt: this.config.clock.now(),
    });
    return { kind: 'evaluation', id: event.tab.id, version: event.tab.version, discount: evaluation.totals.discount, total: evaluation.totals.after };
  }

  /** The evaluation frozen at pre-check for a tab version, if the bill was printed at it. */
  frozenEvaluation(tenantId: string, tabId: string, tabVersion: number): Promise<TabEvaluation | null> {
    return this.uow.read((manager) => manager.findOneBy(TabEvaluation, { tenantId, tabId, tabVersion }));
  }

  frozenEvaluations(tenantId: string, tabId: string): Promise<TabEvaluation[]> {
    return this.uow.read((manager) => manager.find(TabEvaluation, { where: { tenantId, tabId }, order: { tabVersion: 'ASC' } }));
  }

  /** The customer behind the tab: given by id, or the holder of the identifier presented. */
  private async customerOf(event: GuestTabEventDto): Promise<string | null> {
    const customer = event.tab.customer;
    if (!customer) return null;
    if (customer.customerId) return customer.customerId;
    const { type, value } = customer.identifier!;
    return this.identifiers.holderOf(event.tenantId, type, value);
  }

  /**
   * A tab snapshot keeps the identifier the guest presented (a card number, a phone);
   * erasure keeps only the customer id on the tab.
   */
  private async forgetPresentedIdentifiers(where: { tenantId: string; customerId?: string }): Promise<number> {
    const tabs = await this.uow.manager.findBy(GuestTab, where);
    let changed = 0;
    for (const tab of tabs) {
      if (!tab.snapshot?.customer?.identifier) continue;
      const customer = tab.customerId ? { customerId: tab.customerId } : null;
      await this.uow.manager.update(GuestTab, { tenantId: tab.tenantId, id: tab.id }, { snapshot: { ...tab.snapshot, customer } });
      changed += 1;
    }
    return changed;
  }

  find(tenantId: string, tabId: string): Promise<GuestTab | null> {
    return this.uow.read((manager) => manager.findOneBy(GuestTab, { tenantId, id: tabId }));
  }
}
