import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CustomersModule } from '../customers/customers.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { CardBatchesController } from './card-batches.controller.js';
import { CardBatchesService } from './card-batches.service.js';
import { CustomerSearchController } from './customer-search.controller.js';
import { IdentificationRepository } from './identification.repository.js';
import { IdentifiersController } from './identifiers.controller.js';
import { IdentifiersService } from './identifiers.service.js';
import { IdentifyRateLimiter } from './identify-rate-limiter.js';
import { IdentifyAttemptCounter } from './identify-attempts.js';
import { IdentifyService } from './identify.service.js';

@Module({
  imports: [AuditModule, CustomersModule, OutboxModule, SettingsModule],
  controllers: [CustomerSearchController, IdentifiersController, CardBatchesController],
  providers: [IdentificationRepository, IdentifiersService, CardBatchesService, IdentifyService, IdentifyRateLimiter, IdentifyAttemptCounter],
  exports: [IdentifiersService, IdentifyService],
})
export class IdentificationModule {}
