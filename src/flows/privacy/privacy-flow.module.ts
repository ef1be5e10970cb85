import { ReferralsModule } from '../../modules/referrals/referrals.module.js';
import { Module } from '@nestjs/common';
import { AccountsModule } from '../../modules/accounts/accounts.module.js';
import { AuditModule } from '../../modules/audit/audit.module.js';
import { BirthdaysModule } from '../../modules/birthdays/birthdays.module.js';
import { CustomersModule } from '../../modules/customers/customers.module.js';
import { GuestTabsModule } from '../../modules/guest-tabs/guest-tabs.module.js';
import { IdentificationModule } from '../../modules/identification/identification.module.js';
import { MembershipsModule } from '../../modules/memberships/memberships.module.js';
import { OutboxModule } from '../../modules/outbox/outbox.module.js';
import { PromotionCategoriesModule } from '../../modules/promotion-categories/promotion-categories.module.js';
import { TiersModule } from '../../modules/tiers/tiers.module.js';
import { UsageModule } from '../../modules/usage/usage.module.js';
import { VisitsModule } from '../../modules/visits/visits.module.js';
import { GuestTabFlowModule } from '../guest-tab/guest-tab-flow.module.js';
import { PrivacyFlow } from './privacy.flow.js';

/** A guest's export and erasure, and the tenant's purge: every module that keeps personal values, asked by name. */
@Module({
  imports: [
    ReferralsModule,
    CustomersModule,
    IdentificationModule,
    PromotionCategoriesModule,
    AccountsModule,
    MembershipsModule,
    VisitsModule,
    GuestTabsModule,
    GuestTabFlowModule,
    UsageModule,
    BirthdaysModule,
    TiersModule,
    AuditModule,
    OutboxModule,
  ],
  providers: [PrivacyFlow],
  exports: [PrivacyFlow],
})
export class PrivacyFlowModule {}
