import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { CustomersModule } from '../customers/customers.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { PromotionCategoriesModule } from '../promotion-categories/promotion-categories.module.js';
import { PromoCodesModule } from '../promo-codes/promo-codes.module.js';
import { RewardsModule } from '../rewards/rewards.module.js';
import { BirthdaysController } from './birthdays.controller.js';
import { BirthdaysRepository } from './birthdays.repository.js';
import { BirthdayJob } from './birthday-job.js';
import { Birthdays } from './birthdays.service.js';

@Module({
  imports: [AccountsModule, CustomersModule, JobsModule, OutboxModule, PromotionCategoriesModule, PromoCodesModule, RewardsModule],
  controllers: [BirthdaysController],
  providers: [BirthdaysRepository, Birthdays, BirthdayJob],
  exports: [Birthdays],
})
export class BirthdaysModule {}
