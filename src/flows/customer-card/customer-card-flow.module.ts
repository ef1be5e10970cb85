import { Module } from '@nestjs/common';
import { AccountsModule } from '../../modules/accounts/accounts.module.js';
import { CustomersModule } from '../../modules/customers/customers.module.js';
import { GuestCardsModule } from '../../modules/guest-cards/guest-cards.module.js';
import { MembershipsModule } from '../../modules/memberships/memberships.module.js';
import { PromotionCategoriesModule } from '../../modules/promotion-categories/promotion-categories.module.js';
import { RewardsModule } from '../../modules/rewards/rewards.module.js';
import { PromoCodesModule } from '../../modules/promo-codes/promo-codes.module.js';
import { TiersModule } from '../../modules/tiers/tiers.module.js';
import { VisitsModule } from '../../modules/visits/visits.module.js';
import { EvaluationFlowModule } from '../evaluation/evaluation-flow.module.js';
import { CustomerCards } from './customer-cards.service.js';

/** The card a waiter sees: the evaluation's limits, the purse, offers, favourites, history and tier, from the guest's read model. */
@Module({
  imports: [EvaluationFlowModule, AccountsModule, CustomersModule, GuestCardsModule, MembershipsModule, PromotionCategoriesModule, RewardsModule, PromoCodesModule, VisitsModule, TiersModule],
  providers: [CustomerCards],
  exports: [CustomerCards],
})
export class CustomerCardFlowModule {}
