import { Module } from '@nestjs/common';
import { AccountsModule } from '../../modules/accounts/accounts.module.js';
import { CustomersModule } from '../../modules/customers/customers.module.js';
import { IdentificationModule } from '../../modules/identification/identification.module.js';
import { PromotionCategoriesModule } from '../../modules/promotion-categories/promotion-categories.module.js';
import { TiersModule } from '../../modules/tiers/tiers.module.js';
import { CustomerImport } from './customer-import.js';

/** A restaurant's existing regulars brought in from the system it moves from. */
@Module({
  imports: [CustomersModule, IdentificationModule, PromotionCategoriesModule, TiersModule, AccountsModule],
  providers: [CustomerImport],
  exports: [CustomerImport],
})
export class ImportFlowModule {}
