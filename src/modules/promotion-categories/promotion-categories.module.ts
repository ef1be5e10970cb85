import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module.js';
import { PromotionCategoriesController } from './promotion-categories.controller.js';
import { PromotionCategoriesRepository } from './promotion-categories.repository.js';
import { PromotionCategoriesService } from './promotion-categories.service.js';

@Module({
  imports: [CustomersModule],
  controllers: [PromotionCategoriesController],
  providers: [PromotionCategoriesService, PromotionCategoriesRepository],
  exports: [PromotionCategoriesService],
})
export class PromotionCategoriesModule {}
