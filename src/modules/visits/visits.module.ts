import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module.js';
import { VisitsController } from './visits.controller.js';
import { VisitsRepository } from './visits.repository.js';
import { VisitsService } from './visits.service.js';
import { GuestCardsModule } from '../guest-cards/guest-cards.module.js';

@Module({ imports: [CustomersModule, GuestCardsModule], controllers: [VisitsController], providers: [VisitsService, VisitsRepository], exports: [VisitsService] })
export class VisitsModule {}
