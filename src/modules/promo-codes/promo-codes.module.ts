import { Module } from '@nestjs/common';
import { PromotionCategoriesModule } from '../promotion-categories/promotion-categories.module.js';
import { PromoCodeBatchesController, PromoCodesController } from './promo-codes.controller.js';
import { PromoCodesRepository } from './promo-codes.repository.js';
import { PromoCodesService } from './promo-codes.service.js';
import { GuestCardsModule } from '../guest-cards/guest-cards.module.js';

@Module({ imports: [PromotionCategoriesModule, GuestCardsModule], controllers: [PromoCodesController, PromoCodeBatchesController], providers: [PromoCodesService, PromoCodesRepository], exports: [PromoCodesService] })
export class PromoCodesModule {}
