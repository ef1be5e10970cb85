import { Module } from '@nestjs/common';
import { GuestTabsRepository } from './guest-tabs.repository.js';
import { GuestTabsService } from './guest-tabs.service.js';

@Module({
  providers: [GuestTabsService, GuestTabsRepository],
  exports: [GuestTabsService],
})
export class GuestTabsModule {}
