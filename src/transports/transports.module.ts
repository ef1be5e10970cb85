import { Module } from '@nestjs/common';
import { AccountEntriesFlowModule } from '../flows/account-entries/account-entries-flow.module.js';
import { GuestTabFlowModule } from '../flows/guest-tab/guest-tab-flow.module.js';
import { CustomerFilesFlowModule } from '../flows/customer-files/customer-files-flow.module.js';
import { MembershipFlowModule } from '../flows/membership/membership-flow.module.js';
import { PrivacyFlowModule } from '../flows/privacy/privacy-flow.module.js';
import { TillFlowModule } from '../flows/till/till-flow.module.js';
import { GuestTabsModule } from '../modules/guest-tabs/guest-tabs.module.js';
import { ImportsModule } from '../modules/imports/imports.module.js';
import { MembershipsModule } from '../modules/memberships/memberships.module.js';
import { VisitsModule } from '../modules/visits/visits.module.js';
import { BrokerTransport } from './broker-transport.js';
import { EventEmitterTransport } from './event-emitter-transport.js';
import { AccountEntriesController } from './http/account-entries.controller.js';
import { CustomerFilesController } from './http/customer-files.controller.js';
import { GuestTabHooksController } from './http/guest-tab-hooks.controller.js';
import { GuestTabRecordsController } from './http/guest-tab-records.controller.js';
import { MembershipsController } from './http/memberships.controller.js';
import { PluginHttp } from './http/plugin-http.js';
import { PrivacyController } from './http/privacy.controller.js';
import { TerminalController } from './http/terminal.controller.js';

/** How hosts reach the flows: the signed HTTP routes that cross modules, the in-process event emitter and the host's brokers. */
@Module({
  imports: [GuestTabFlowModule, TillFlowModule, MembershipFlowModule, PrivacyFlowModule, AccountEntriesFlowModule, CustomerFilesFlowModule, GuestTabsModule, ImportsModule, MembershipsModule, VisitsModule],
  controllers: [AccountEntriesController, CustomerFilesController, GuestTabHooksController, GuestTabRecordsController, TerminalController, MembershipsController, PrivacyController],
  providers: [EventEmitterTransport, BrokerTransport, PluginHttp],
  exports: [GuestTabFlowModule, TillFlowModule, CustomerFilesFlowModule],
})
export class TransportsModule {}
