import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { AccountJobs } from './account-jobs.js';
import { MembershipsModule } from '../memberships/memberships.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { UsageModule } from '../usage/usage.module.js';
import { AccountTypesController } from './account-types.controller.js';
import { AccountTypesService } from './account-types.service.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsRepository } from './accounts.repository.js';
import { AccountsService } from './accounts.service.js';
import { HoldsService } from './holds.service.js';
import { Ledger } from './ledger.service.js';
import { LotExpiry } from './lot-expiry-job.js';

@Module({
  imports: [CustomersModule, MembershipsModule, UsageModule, JobsModule, OutboxModule],
  controllers: [AccountTypesController, AccountsController],
  providers: [AccountsRepository, AccountTypesService, AccountsService, HoldsService, Ledger, LotExpiry, AccountJobs],
  exports: [AccountTypesService, AccountsService, HoldsService, LotExpiry],
})
export class AccountsModule {}
