import { Module } from '@nestjs/common';
import { GuestTabsModule } from '../modules/guest-tabs/guest-tabs.module.js';
import { EventEmitterTransport } from './event-emitter-transport.js';
import { GuestTabHooks } from './guest-tab-hooks.js';
import { GuestTabHooksController } from './guest-tab-hooks.controller.js';
import { GuestTabRecordsController } from './guest-tab-records.controller.js';
import { Inbox } from './inbox/inbox.service.js';

/** The host contract: both transports, the dispatcher and the inbox. */
@Module({
  imports: [GuestTabsModule],
  controllers: [GuestTabHooksController, GuestTabRecordsController],
  providers: [Inbox, GuestTabHooks, EventEmitterTransport],
  exports: [GuestTabHooks],
})
export class HostModule {}
