import { Inject, Injectable, Logger } from '@nestjs/common';
import { addDays, localDate, startOfLocalDay } from '../../common/calendar.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { TenantRevisions } from '../../common/revisions/tenant-revisions.service.js';
import { AccountsService } from '../../modules/accounts/accounts.service.js';
import { CustomersService, servable } from '../../modules/customers/customers.service.js';
import { GuestCards } from '../../modules/guest-cards/guest-cards.service.js';
import { MembershipsService } from '../../modules/memberships/memberships.service.js';
import type { Located } from '../../modules/identification/identify.service.js';
import { PromotionCategoriesService } from '../../modules/promotion-categories/promotion-categories.service.js';
import { RewardsService } from '../../modules/rewards/rewards.service.js';
import { PromoCodesService } from '../../modules/promo-codes/promo-codes.service.js';
import { guestCodes, TabEvaluator } from '../evaluation/tab-evaluator.js';
import { CustomerTierView } from '../../modules/tiers/customer-tier-view.js';
import { VisitsService } from '../../modules/visits/visits.service.js';
import type { CustomerCardDto } from './customer-card.dto.js';
import { customerCard } from './customer-card.js';
import { guestFactsFromStored, type GuestFacts } from './guest-facts.js';
import type { Evaluation } from '../../modules/sales-rules/engine/types.js';
import type { TabSnapshotDto } from '../../contract/tab-snapshot.dto.js';

/**
 * The card a waiter sees, answered by identify and by a customer attached to a tab.
 *
 * What comes from the guest's history (who they are, their categories, tier standing,
 * totals, favourites) is read from their read model in one look-up; balances, coupons and
 * today's limits are read as they are now. A write that changes the history marks the read
 * model old in its own transaction (GuestCards.changed), and the next card assembles it again.
 */
@Injectable()
export class CustomerCards {
  private readonly logger = new Logger('Regulars');
  /** Read models being stored after the answer went out: an instance shutting down waits for them. */
  private readonly storing = new Set<Promise<void>>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly revisions: TenantRevisions,
    private readonly guestCards: GuestCards,
    private readonly customers: CustomersService,
    private readonly memberships: MembershipsService,
    private readonly categories: PromotionCategoriesService,
    private readonly evaluator: TabEvaluator,
    private readonly accounts: AccountsService,
    private readonly rewards: RewardsService,
    private readonly visits: VisitsService,
    private readonly tierView: CustomerTierView,
    private readonly codes: PromoCodesService,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /**
   * The card; for a guest attached to a tab, with the tab's categories (`tab`, `division`,
   * `table`), or with the evaluation the caller already made for them. 404 unknown or
   * erased, 423 terminated.
   */
  async build(
    tenantId: string,
    located: Located,
    now: Date,
    before: { tabCategories?: TabSnapshotDto['categories']; evaluation?: Evaluation; facts?: GuestFacts } = {},
  ): Promise<CustomerCardDto> {
    const { customerId } = located;
    const facts = before.facts ?? (await this.factsOf(tenantId, located, now));
    const day = localDate(now, this.config.timeZone);
    const [evaluation, accounts, offers, coupons, tiers] = await Promise.all([
      before.evaluation ??
        Promise.all([this.categories.codesOnDay(tenantId, facts.categories, day), this.tierView.categoriesOfTier(tenantId, facts.customer.tierId)])
          .then(([personal, tier]) => this.evaluator.forCustomer(tenantId, customerId, now, before.tabCategories, guestCodes(personal, tier)))
          .then((result) => result.evaluation),
      this.accounts.ofHolderOf(tenantId, customerId, facts.holder),
      this.rewards.offers(tenantId, customerId, now),
      facts.hasCoupons ? this.codes.couponsOf(tenantId, customerId, now) : [],
      this.tierView.cardFrom(tenantId, facts.customer.tierId, facts.tier),
    ]);
    const { favourites, totals } = facts;
    return customerCard({ ...located, customer: facts.customer }, now, this.config.timeZone, { evaluation, accounts, offers, coupons, favourites, totals, ...tiers });
  }

  /** Waits for the read models still being stored (a host closing the app). */
  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.storing);
  }

  /**
   * The guest's read model, or their history read and the read model stored again for the
   * next card. The tenant's revision comes with it: read first, it is the one the rest of
   * the call prices and limits with.
   */
  async factsOf(tenantId: string, located: Located, now: Date): Promise<GuestFacts> {
    const found = located.stored !== undefined ? located.stored : await this.guestCards.stored(tenantId, located.customerId);
    if (found) this.revisions.readWith(tenantId, found.tenantRevision);
    const stored = found?.card;
    const revision = found?.tenantRevision ?? (await this.revisions.current(tenantId));
    // Windows of the history (favourites of the half year, a tier's days) move at midnight: a read model serves the business day it was made on.
    const freshUntil = startOfLocalDay(addDays(localDate(now, this.config.timeZone), 1), this.config.timeZone);
    if (stored?.facts && stored.revision === revision && stored.freshUntil?.getTime() === freshUntil.getTime()) {
      const facts = guestFactsFromStored(stored.facts);
      servable(facts.customer, located.customerId);
      return facts;
    }
    const customer = located.customer ?? (await this.customers.findServable(tenantId, located.customerId));
    const [holder, categories, tier, totals, favourites, hasCoupons] = await Promise.all([
      this.memberships.holderOf(tenantId, customer.id),
      this.categories.assignmentTerms(tenantId, customer.id),
      this.tierView.cardFacts(tenantId, customer, now),
      this.visits.totals(tenantId, customer.id),
      this.visits.favouritesForCard(tenantId, customer.id, now),
      this.codes.holdsCoupons(tenantId, customer.id),
    ]);
    const facts: GuestFacts = { customer, holder, categories, tier, totals, favourites, hasCoupons };
    const card = { tenantId, customerId: customer.id, generation: stored?.generation ?? 0, revision, freshUntil, facts };
    if (this.uow.inTransaction) await this.guestCards.store(card);
    else this.storeAfterAnswering(this.guestCards.store(card));
    return facts;
  }

  /** The till has its card; a read model that could not be stored is assembled again next time. */
  private storeAfterAnswering(storing: Promise<void>): void {
    const tracked = storing
      .catch((error: Error) => this.logger.warn(`a guest's card could not be kept for the next look-up: ${error.message}`))
      .finally(() => this.storing.delete(tracked));
    this.storing.add(tracked);
  }
}
