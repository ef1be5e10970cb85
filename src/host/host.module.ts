import { Module } from '@nestjs/common';
import { PluginHttp } from './http/plugin-http.js';
import { GuestTabsModule } from '../modules/guest-tabs/guest-tabs.module.js';
import { IdentificationModule } from '../modules/identification/identification.module.js';
import { SalesRulesModule } from '../modules/sales-rules/sales-rules.module.js';
import { UsageModule } from '../modules/usage/usage.module.js';
import { AccountsModule } from '../modules/accounts/accounts.module.js';
import { RewardsModule } from '../modules/rewards/rewards.module.js';
import { CustomerCardsModule } from '../modules/customer-cards/customer-cards.module.js';
import { VisitsModule } from '../modules/visits/visits.module.js';
import { EventEmitterTransport } from './event-emitter-transport.js';
import { GuestTabHooks } from './guest-tab-hooks.js';
import { GuestTabHooksController } from './guest-tab-hooks.controller.js';
import { GuestTabRecordsController } from './guest-tab-records.controller.js';
import { Inbox } from './inbox/inbox.service.js';
import { MembershipFlowModule } from '../flows/membership/membership-flow.module.js';
import { MembershipsModule } from '../modules/memberships/memberships.module.js';
import { MembershipsController } from './memberships.controller.js';
import { TerminalController } from './terminal/terminal.controller.js';
import { TerminalService } from './terminal/terminal.service.js';

/** The host contract: both transports, the dispatcher and the inbox, the terminal calls. */
@Module({
  imports: [GuestTabsModule, IdentificationModule, SalesRulesModule, UsageModule, AccountsModule, RewardsModule, CustomerCardsModule, VisitsModule, MembershipsModule, MembershipFlowModule],
  controllers: [GuestTabHooksController, GuestTabRecordsController, TerminalController, MembershipsController],
  providers: [
    Inbox,
    GuestTabHooks,
    EventEmitterTransport,
    TerminalService,
    PluginHttp,
  ],
  exports: [GuestTabHooks, TerminalService],
})
export class HostModule {}
