import { Module } from '@nestjs/common';
import { AccountsModule } from '../../modules/accounts/accounts.module.js';
import { GuestTabsModule } from '../../modules/guest-tabs/guest-tabs.module.js';
import { IdentificationModule } from '../../modules/identification/identification.module.js';
import { RewardsModule } from '../../modules/rewards/rewards.module.js';
import { PromoCodesModule } from '../../modules/promo-codes/promo-codes.module.js';
import { GiftCardsModule } from '../../modules/gift-cards/gift-cards.module.js';
import { SalesRulesModule } from '../../modules/sales-rules/sales-rules.module.js';
import { UsageModule } from '../../modules/usage/usage.module.js';
import { CustomerCardFlowModule } from '../customer-card/customer-card-flow.module.js';
import { EvaluationFlowModule } from '../evaluation/evaluation-flow.module.js';
import { CustomersModule } from '../../modules/customers/customers.module.js';
import { MembershipsModule } from '../../modules/memberships/memberships.module.js';
import { OfflineModule } from '../../modules/offline/offline.module.js';
import { PromotionCategoriesModule } from '../../modules/promotion-categories/promotion-categories.module.js';
import { SettingsModule } from '../../modules/settings/settings.module.js';
import { TiersModule } from '../../modules/tiers/tiers.module.js';
import { OfflinePacks } from './offline-packs.js';
import { TerminalService } from './terminal.service.js';

/** The till's own calls: identify, evaluate, hold and release, rewards on a tab, gift cards, the offline pack. */
@Module({
  imports: [
    GuestTabsModule,
    IdentificationModule,
    AccountsModule,
    RewardsModule,
    PromoCodesModule,
    GiftCardsModule,
    SalesRulesModule,
    UsageModule,
    EvaluationFlowModule,
    CustomerCardFlowModule,
    CustomersModule,
    MembershipsModule,
    PromotionCategoriesModule,
    SettingsModule,
    TiersModule,
    OfflineModule,
  ],
  providers: [TerminalService, OfflinePacks],
  exports: [TerminalService],
})
export class TillFlowModule {}
