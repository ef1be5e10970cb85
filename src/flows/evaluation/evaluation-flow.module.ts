import { Module } from '@nestjs/common';
import { AccountsModule } from '../../modules/accounts/accounts.module.js';
import { CustomersModule } from '../../modules/customers/customers.module.js';
import { IdentificationModule } from '../../modules/identification/identification.module.js';
import { PromotionCategoriesModule } from '../../modules/promotion-categories/promotion-categories.module.js';
import { SalesRulesModule } from '../../modules/sales-rules/sales-rules.module.js';
import { SettingsModule } from '../../modules/settings/settings.module.js';
import { TiersModule } from '../../modules/tiers/tiers.module.js';
import { UsageModule } from '../../modules/usage/usage.module.js';
import { GuestBehindTab } from './guest-behind-tab.js';
import { TabEvaluator } from './tab-evaluator.js';

/** Prices a tab for its guest: the rule book, the guest's categories and tier, today's usage, the tab's bonus payments. */
@Module({
  imports: [SalesRulesModule, PromotionCategoriesModule, TiersModule, CustomersModule, IdentificationModule, AccountsModule, SettingsModule, UsageModule],
  providers: [TabEvaluator, GuestBehindTab],
  exports: [TabEvaluator, GuestBehindTab],
})
export class EvaluationFlowModule {}
