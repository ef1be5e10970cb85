import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module.js';
import { VisitsController } from './visits.controller.js';
import { VisitsRepository } from './visits.repository.js';
import { VisitsService } from './visits.service.js';

@Module({ imports: [CustomersModule], controllers: [VisitsController], providers: [VisitsService, VisitsRepository], exports: [VisitsService] })
export class VisitsModule {}
