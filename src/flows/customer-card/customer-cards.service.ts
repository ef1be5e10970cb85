import { Inject, Injectable } from '@nestjs/common';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { AccountsService } from '../../modules/accounts/accounts.service.js';
import type { Identified } from '../../modules/identification/identify.service.js';
import { RewardsService } from '../../modules/rewards/rewards.service.js';
import { PromoCodesService } from '../../modules/promo-codes/promo-codes.service.js';
import { TabEvaluator } from '../evaluation/tab-evaluator.js';
import { CustomerTierView } from '../../modules/tiers/customer-tier-view.js';
import { VisitsService } from '../../modules/visits/visits.service.js';
import type { CustomerCardDto } from './customer-card.dto.js';
import { customerCard } from './customer-card.js';
import type { Evaluation } from '../../modules/sales-rules/engine/types.js';
import type { TabSnapshotDto } from '../../contract/tab-snapshot.dto.js';

/** The card a waiter sees, answered by identify and by a customer attached to a tab. */
@Injectable()
export class CustomerCards {
  constructor(
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
   * `table`), or with the evaluation the caller already made for them.
   */
  async build(tenantId: string, identified: Identified, now: Date, before: { tabCategories?: TabSnapshotDto['categories']; evaluation?: Evaluation } = {}): Promise<CustomerCardDto> {
    const customerId = identified.customer.id;
    const [evaluation, accounts, offers, coupons, favourites, totals, tiers] = await Promise.all([
      before.evaluation ?? this.evaluator.forCustomer(tenantId, customerId, now, before.tabCategories).then((result) => result.evaluation),
      this.accounts.ofHolderOf(tenantId, customerId),
      this.rewards.offers(tenantId, customerId, now),
      this.codes.couponsOf(tenantId, customerId, now),
      this.visits.favouritesForCard(tenantId, customerId, now),
      this.visits.totals(tenantId, customerId),
      this.tierView.card(tenantId, customerId, now),
    ]);
    return customerCard(identified, now, this.config.timeZone, { evaluation, accounts, offers, coupons, favourites, totals, ...tiers });
  }
}
