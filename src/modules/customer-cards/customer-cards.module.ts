import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { RewardsModule } from '../rewards/rewards.module.js';
import { SalesRulesModule } from '../sales-rules/sales-rules.module.js';
import { VisitsModule } from '../visits/visits.module.js';
import { CustomerCards } from './customer-cards.service.js';

@Module({ imports: [SalesRulesModule, AccountsModule, RewardsModule, VisitsModule], providers: [CustomerCards], exports: [CustomerCards] })
export class CustomerCardsModule {}
