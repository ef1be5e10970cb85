import { Inject, Injectable } from '@nestjs/common';
import { REGULARS_CONFIG } from '../../config/regulars.constants.js';
import type { RegularsConfig } from '../../config/regulars-options.js';
import { AccountsService } from '../accounts/accounts.service.js';
import type { Identified } from '../identification/identify.service.js';
import { RewardsService } from '../rewards/rewards.service.js';
import { TabEvaluator } from '../sales-rules/tab-evaluator.service.js';
import { VisitsService } from '../visits/visits.service.js';
import type { CustomerCardDto } from './customer-card.dto.js';
import { customerCard, type CardFacts } from './customer-card.js';
import type { TabSnapshotDto } from '../../host/contract/tab-snapshot.dto.js';

/** The customer's tier and the next one within reach, from the tiers module when it is there. */
export type CardTierSource = (tenantId: string, customerId: string, now: Date) => Promise<Pick<CardFacts, 'tier' | 'nextTier'>>;

/** The card a waiter sees, answered by identify and by a customer attached to a tab. */
@Injectable()
export class CustomerCards {
  private tierSource: CardTierSource = async () => ({ tier: null, nextTier: null });

  constructor(
    private readonly evaluator: TabEvaluator,
    private readonly accounts: AccountsService,
    private readonly rewards: RewardsService,
    private readonly visits: VisitsService,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  registerTierSource(source: CardTierSource): void {
    this.tierSource = source;
  }

  /** The card; for a guest attached to a tab, with the tab's categories (`tab`, `division`, `table`). */
  async build(tenantId: string, identified: Identified, now: Date, tabCategories?: TabSnapshotDto['categories']): Promise<CustomerCardDto> {
    const customerId = identified.customer.id;
    const [{ evaluation }, accounts, offers, favourites, totals, tiers] = await Promise.all([
      this.evaluator.forCustomer(tenantId, customerId, now, tabCategories),
      this.accounts.ofHolderOf(tenantId, customerId),
      this.rewards.offers(tenantId, customerId, now),
      this.visits.favouritesForCard(tenantId, customerId, now),
      this.visits.totals(tenantId, customerId),
      this.tierSource(tenantId, customerId, now),
    ]);
    return customerCard(identified, now, this.config.timeZone, { evaluation, accounts, offers, favourites, totals, ...tiers });
  }
}
