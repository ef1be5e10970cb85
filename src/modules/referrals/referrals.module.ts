import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { CustomersModule } from '../customers/customers.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { VisitsModule } from '../visits/visits.module.js';
import { ReferralsController } from './referrals.controller.js';
import { ReferralsRepository } from './referrals.repository.js';
import { ReferralsService } from './referrals.service.js';

@Module({ imports: [AccountsModule, CustomersModule, OutboxModule, VisitsModule], controllers: [ReferralsController], providers: [ReferralsService, ReferralsRepository], exports: [ReferralsService] })
export class ReferralsModule {}
