import { Module } from '@nestjs/common';
import { IdentificationModule } from '../identification/identification.module.js';
import { SalesRulesModule } from '../sales-rules/sales-rules.module.js';
import { AccountsModule } from '../accounts/accounts.module.js';
import { RewardsModule } from '../rewards/rewards.module.js';
import { CustomerCardsModule } from '../customer-cards/customer-cards.module.js';
import { CustomersModule } from '../customers/customers.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { UsageModule } from '../usage/usage.module.js';
import { VisitsModule } from '../visits/visits.module.js';
import { GuestTabsService } from './guest-tabs.service.js';
import { TabLifecycle } from './tab-lifecycle.service.js';

@Module({
  imports: [IdentificationModule, SalesRulesModule, AccountsModule, RewardsModule, CustomersModule, CustomerCardsModule, VisitsModule, UsageModule, SettingsModule],
  providers: [GuestTabsService, TabLifecycle],
  exports: [GuestTabsService, TabLifecycle],
})
export class GuestTabsModule {}
