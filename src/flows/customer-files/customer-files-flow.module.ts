import { Module } from '@nestjs/common';
import { AccountsModule } from '../../modules/accounts/accounts.module.js';
import { CustomersModule } from '../../modules/customers/customers.module.js';
import { IdentificationModule } from '../../modules/identification/identification.module.js';
import { PromotionCategoriesModule } from '../../modules/promotion-categories/promotion-categories.module.js';
import { TiersModule } from '../../modules/tiers/tiers.module.js';
import { CustomerImport } from './customer-import.js';
import { CustomerExport } from './customer-export.js';
import { UsageModule } from '../../modules/usage/usage.module.js';
import { ImportsModule } from '../../modules/imports/imports.module.js';

/** A restaurant's regulars brought in from the system it moves from, and taken out when it leaves. */
@Module({
  imports: [CustomersModule, IdentificationModule, PromotionCategoriesModule, TiersModule, AccountsModule, UsageModule, ImportsModule],
  providers: [CustomerImport, CustomerExport],
  exports: [CustomerImport, CustomerExport],
})
export class CustomerFilesFlowModule {}
