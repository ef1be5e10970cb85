import { Module } from '@nestjs/common';
import { AccountsModule } from '../../modules/accounts/accounts.module.js';
import { OutboxModule } from '../../modules/outbox/outbox.module.js';
import { RewardsModule } from '../../modules/rewards/rewards.module.js';
import { AccountEntriesFlow } from './account-entries.flow.js';

@Module({
  imports: [AccountsModule, RewardsModule, OutboxModule],
  providers: [AccountEntriesFlow],
  exports: [AccountEntriesFlow],
})
export class AccountEntriesFlowModule {}
