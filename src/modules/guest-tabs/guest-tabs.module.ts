import { Module } from '@nestjs/common';
import { IdentificationModule } from '../identification/identification.module.js';
import { SalesRulesModule } from '../sales-rules/sales-rules.module.js';
import { AccountsModule } from '../accounts/accounts.module.js';
import { RewardsModule } from '../rewards/rewards.module.js';
import { GuestTabsService } from './guest-tabs.service.js';

@Module({
  imports: [IdentificationModule, SalesRulesModule, AccountsModule, RewardsModule],
  providers: [GuestTabsService],
  exports: [GuestTabsService],
})
export class GuestTabsModule {}
