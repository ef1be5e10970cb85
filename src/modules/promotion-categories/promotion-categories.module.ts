import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module.js';
import { PromotionCategoriesController } from './promotion-categories.controller.js';
import { PromotionCategoriesRepository } from './promotion-categories.repository.js';
import { PromotionCategoriesService } from './promotion-categories.service.js';
import { GuestCardsModule } from '../guest-cards/guest-cards.module.js';

@Module({
  imports: [CustomersModule, GuestCardsModule],
  controllers: [PromotionCategoriesController],
  providers: [PromotionCategoriesService, PromotionCategoriesRepository],
  exports: [PromotionCategoriesService],
})
export class PromotionCategoriesModule {}
