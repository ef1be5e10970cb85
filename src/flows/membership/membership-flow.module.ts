import { Module } from '@nestjs/common';
import { AccountsModule } from '../../modules/accounts/accounts.module.js';
import { CustomersModule } from '../../modules/customers/customers.module.js';
import { MembershipsModule } from '../../modules/memberships/memberships.module.js';
import { TiersModule } from '../../modules/tiers/tiers.module.js';
import { MembershipFlow } from './membership.flow.js';

@Module({
  imports: [CustomersModule, MembershipsModule, AccountsModule, TiersModule],
  providers: [MembershipFlow],
  exports: [MembershipFlow],
})
export class MembershipFlowModule {}
