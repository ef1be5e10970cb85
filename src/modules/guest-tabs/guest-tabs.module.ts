import { Module } from '@nestjs/common';
import { GuestTabsService } from './guest-tabs.service.js';

@Module({
  providers: [GuestTabsService],
  exports: [GuestTabsService],
})
export class GuestTabsModule {}
