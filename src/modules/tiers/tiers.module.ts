import { Module } from '@nestjs/common';
import { CustomerCardsModule } from '../customer-cards/customer-cards.module.js';
import { CustomersModule } from '../customers/customers.module.js';
import { GuestTabsModule } from '../guest-tabs/guest-tabs.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { PromotionCategoriesModule } from '../promotion-categories/promotion-categories.module.js';
import { VisitsModule } from '../visits/visits.module.js';
import { TierHooks } from './tier-hooks.js';
import { TierJob } from './tier-job.js';
import { TierSettingsService } from './tier-settings.service.js';
import { TierStandings } from './tier-standings.service.js';
import { TiersController } from './tiers.controller.js';
import { TiersService } from './tiers.service.js';

@Module({
  imports: [CustomersModule, PromotionCategoriesModule, VisitsModule, GuestTabsModule, CustomerCardsModule, JobsModule],
  controllers: [TiersController],
  providers: [TiersService, TierSettingsService, TierStandings, TierJob, TierHooks],
  exports: [TiersService],
})
export class TiersModule {}
