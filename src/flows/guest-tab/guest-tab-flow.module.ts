import { Module } from '@nestjs/common';
import { AccountsModule } from '../../modules/accounts/accounts.module.js';
import { CustomersModule } from '../../modules/customers/customers.module.js';
import { GuestTabsModule } from '../../modules/guest-tabs/guest-tabs.module.js';
import { IdentificationModule } from '../../modules/identification/identification.module.js';
import { OutboxModule } from '../../modules/outbox/outbox.module.js';
import { RewardsModule } from '../../modules/rewards/rewards.module.js';
import { PromoCodesModule } from '../../modules/promo-codes/promo-codes.module.js';
import { SettingsModule } from '../../modules/settings/settings.module.js';
import { TiersModule } from '../../modules/tiers/tiers.module.js';
import { UsageModule } from '../../modules/usage/usage.module.js';
import { VisitsModule } from '../../modules/visits/visits.module.js';
import { CustomerCardFlowModule } from '../customer-card/customer-card-flow.module.js';
import { EvaluationFlowModule } from '../evaluation/evaluation-flow.module.js';
import { ReferralsModule } from '../../modules/referrals/referrals.module.js';
import { OfflineModule } from '../../modules/offline/offline.module.js';
import { SalesRulesModule } from '../../modules/sales-rules/sales-rules.module.js';
import { GuestTabHooks } from './guest-tab-hooks.js';
import { Inbox } from './inbox/inbox.service.js';
import { InboxRepository } from './inbox/inbox.repository.js';
import { TabLifecycle } from './tab-lifecycle.js';
import { TabGuests } from './tab-guests.js';
import { TabSplits } from './tab-splits.js';

/** A host's guest-tab events: the inbox, the tab's lock and record, and what each event means for the guest. */
@Module({
  imports: [
    GuestTabsModule,
    IdentificationModule,
    CustomersModule,
    AccountsModule,
    RewardsModule,
    PromoCodesModule,
    ReferralsModule,
    OfflineModule,
    SalesRulesModule,
    VisitsModule,
    UsageModule,
    SettingsModule,
    TiersModule,
    OutboxModule,
    EvaluationFlowModule,
    CustomerCardFlowModule,
  ],
  providers: [GuestTabHooks, Inbox, InboxRepository, TabLifecycle, TabGuests, TabSplits],
  exports: [GuestTabHooks, Inbox],
})
export class GuestTabFlowModule {}
