import { Module } from '@nestjs/common';
import { IdentificationModule } from '../identification/identification.module.js';
import { GuestTabsService } from './guest-tabs.service.js';

@Module({
  imports: [IdentificationModule],
  providers: [GuestTabsService],
  exports: [GuestTabsService],
})
export class GuestTabsModule {}
