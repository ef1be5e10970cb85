import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { ContactsController } from './contacts.controller.js';
import { ContactsService } from './contacts.service.js';
import { CustomerTiers } from './customer-tiers.service.js';
import { CustomersController } from './customers.controller.js';
import { CustomersRepository } from './customers.repository.js';
import { CustomersService } from './customers.service.js';
import { CustomerErasure } from './customer-erasure.js';
import { GuestCardsModule } from '../guest-cards/guest-cards.module.js';

@Module({
  imports: [AuditModule, OutboxModule, SettingsModule, GuestCardsModule],
  controllers: [CustomersController, ContactsController],
  providers: [CustomersRepository, CustomersService, ContactsService, CustomerTiers, CustomerErasure],
  exports: [CustomersService, ContactsService, CustomerTiers, CustomerErasure],
})
export class CustomersModule {}
