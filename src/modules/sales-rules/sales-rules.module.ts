import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { CustomersModule } from '../customers/customers.module.js';
import { IdentificationModule } from '../identification/identification.module.js';
import { PromotionCategoriesModule } from '../promotion-categories/promotion-categories.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { UsageModule } from '../usage/usage.module.js';
import { RuleBooks } from './rule-books.service.js';
import { SalesRulesController } from './sales-rules.controller.js';
import { SalesRulesService } from './sales-rules.service.js';
import { TabEvaluator } from './tab-evaluator.service.js';

@Module({
  imports: [PromotionCategoriesModule, CustomersModule, AccountsModule, IdentificationModule, SettingsModule, UsageModule],
  controllers: [SalesRulesController],
  providers: [SalesRulesService, RuleBooks, TabEvaluator],
  exports: [TabEvaluator],
})
export class SalesRulesModule {}
