import { Module } from '@nestjs/common';
import { GuestCardsRepository } from './guest-cards.repository.js';
import { GuestCards } from './guest-cards.service.js';

@Module({ providers: [GuestCards, GuestCardsRepository], exports: [GuestCards] })
export class GuestCardsModule {}
