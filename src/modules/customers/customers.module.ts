import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { ContactsController } from './contacts.controller.js';
import { ContactsService } from './contacts.service.js';
import { CustomerFinders } from './customer-finders.js';
import { CustomerTiers } from './customer-tiers.service.js';
import { CustomersController } from './customers.controller.js';
import { CustomersService } from './customers.service.js';
import { PersonalDataService } from './personal-data.service.js';
import { PrivacyController } from './privacy.controller.js';

@Module({
  imports: [AuditModule, SettingsModule],
  controllers: [CustomersController, ContactsController, PrivacyController],
  providers: [CustomersService, ContactsService, CustomerFinders, CustomerTiers, PersonalDataService],
  exports: [CustomersService, ContactsService, CustomerFinders, CustomerTiers],
})
export class CustomersModule {}
