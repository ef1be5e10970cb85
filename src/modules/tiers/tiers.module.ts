import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { PromotionCategoriesModule } from '../promotion-categories/promotion-categories.module.js';
import { VisitsModule } from '../visits/visits.module.js';
import { CustomerTierView } from './customer-tier-view.js';
import { TierJob } from './tier-job.js';
import { TierSettingsService } from './tier-settings.service.js';
import { TierStandings } from './tier-standings.service.js';
import { TiersController } from './tiers.controller.js';
import { TiersRepository } from './tiers.repository.js';
import { TiersService } from './tiers.service.js';
import { GuestCardsModule } from '../guest-cards/guest-cards.module.js';

@Module({
  imports: [CustomersModule, PromotionCategoriesModule, VisitsModule, JobsModule, OutboxModule, GuestCardsModule],
  controllers: [TiersController],
  providers: [TiersRepository, TiersService, TierSettingsService, TierStandings, TierJob, CustomerTierView],
  exports: [TiersService, CustomerTierView],
})
export class TiersModule {}
