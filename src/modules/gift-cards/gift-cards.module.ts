import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { GiftCardsController } from './gift-cards.controller.js';
import { GiftCardsRepository } from './gift-cards.repository.js';
import { GiftCardsService } from './gift-cards.service.js';

@Module({ imports: [AccountsModule], controllers: [GiftCardsController], providers: [GiftCardsService, GiftCardsRepository], exports: [GiftCardsService] })
export class GiftCardsModule {}
