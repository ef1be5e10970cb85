import { ConfigurableModuleBuilder, Module, type DynamicModule } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { UnitOfWork } from './common/database/unit-of-work.js';
import { poolUsage } from './common/database/pool-usage.js';
import { PluginMetrics } from './common/operations/plugin-metrics.js';
import { DatabaseProbe } from './common/operations/database-probe.js';
import { DataSourceProbe } from './database-probe.js';
import { HealthModule } from './transports/operations/health.module.js';
import { MetricsModule } from './transports/operations/metrics.module.js';
import { dataSourceOptions, openDataSource, PendingMigrationsError } from './database.js';
import { REGULARS_CONFIG, REGULARS_CONNECTION } from './common/config/regulars.constants.js';
import type { RegularsConfig, RegularsOptions } from './common/config/regulars-options.js';
import { RegularsOptionsError, resolveOptions } from './common/config/resolve-options.js';
import { TransportsModule } from './transports/transports.module.js';
import { RequestVerifier, SignedActorGuard, SignedEventGuard } from './common/security/signed-request.guards.js';
import { UiSessions } from './common/security/ui-sessions.service.js';
import { UiSessionsRepository } from './common/security/ui-sessions.repository.js';
import { TenantRevisions } from './common/revisions/tenant-revisions.service.js';
import { TenantRevisionsRepository } from './common/revisions/tenant-revisions.repository.js';
import { IdempotencyRepository } from './common/idempotency/idempotency.repository.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { CustomersModule } from './modules/customers/customers.module.js';
import { GuestTabsModule } from './modules/guest-tabs/guest-tabs.module.js';
import { IdentificationModule } from './modules/identification/identification.module.js';
import { PromotionCategoriesModule } from './modules/promotion-categories/promotion-categories.module.js';
import { SalesRulesModule } from './modules/sales-rules/sales-rules.module.js';
import { UsageModule } from './modules/usage/usage.module.js';
import { AccountsModule } from './modules/accounts/accounts.module.js';
import { MembershipsModule } from './modules/memberships/memberships.module.js';
import { RewardsModule } from './modules/rewards/rewards.module.js';
import { PromoCodesModule } from './modules/promo-codes/promo-codes.module.js';
import { GiftCardsModule } from './modules/gift-cards/gift-cards.module.js';
import { ReferralsModule } from './modules/referrals/referrals.module.js';
import { OfflineModule } from './modules/offline/offline.module.js';
import { SettingsModule } from './modules/settings/settings.module.js';
import { VisitsModule } from './modules/visits/visits.module.js';
import { JobsModule } from './modules/jobs/jobs.module.js';
import { TiersModule } from './modules/tiers/tiers.module.js';
import { ReportsModule } from './modules/reports/reports.module.js';
import { BirthdaysModule } from './modules/birthdays/birthdays.module.js';
import { UiModule } from './modules/ui/ui.module.js';
import { OutboxModule } from './modules/outbox/outbox.module.js';
import { WebhooksModule } from './modules/webhooks/webhooks.module.js';
import { GuestMessagesModule } from './modules/guest-messages/guest-messages.module.js';

const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<RegularsOptions>({ moduleName: 'Regulars' }).setClassMethodName('forRoot').build();

/** The validated options, the unit of work and request signing, for every module of the plugin. */
@Module({})
class RegularsCoreModule {}

/** Carries the plugin's config from the TypeORM options factory to the DataSource factory. */
const CONFIG_KEY = Symbol('regulars-config');
type OptionsWithConfig = TypeOrmModuleOptions & { [CONFIG_KEY]: RegularsConfig };

/**
 * The plugin: the one thing a host imports.
 *
 * ```ts
 * RegularsModule.forRoot({ database: { url: process.env.DATABASE_URL }, tenantSecrets: { demo: '…' } })
 * ```
 */
@Module({})
export class RegularsModule extends ConfigurableModuleClass {
  static forRoot(options: typeof OPTIONS_TYPE): DynamicModule {
    return assemble(super.forRoot(options));
  }

  static forRootAsync(options: typeof ASYNC_OPTIONS_TYPE): DynamicModule {
    return assemble(super.forRootAsync(options));
  }
}

function assemble(definition: DynamicModule): DynamicModule {
  const core: DynamicModule = {
    module: RegularsCoreModule,
    global: true,
    imports: definition.imports ?? [],
    providers: [
      ...(definition.providers ?? []),
      { provide: REGULARS_CONFIG, inject: [MODULE_OPTIONS_TOKEN], useFactory: resolveOptions },
      {
        provide: PluginMetrics,
        inject: [REGULARS_CONFIG, getDataSourceToken(REGULARS_CONNECTION)],
        useFactory: (config: RegularsConfig, dataSource: DataSource) => PluginMetrics.create(config, () => poolUsage(dataSource)),
      },
      { provide: DatabaseProbe, inject: [getDataSourceToken(REGULARS_CONNECTION)], useFactory: (dataSource: DataSource) => new DataSourceProbe(dataSource) },
      UnitOfWork,
      RequestVerifier,
      SignedEventGuard,
      SignedActorGuard,
      UiSessions,
      UiSessionsRepository,
      TenantRevisions,
      TenantRevisionsRepository,
      IdempotencyRepository,
    ],
    exports: [REGULARS_CONFIG, PluginMetrics, DatabaseProbe, UnitOfWork, RequestVerifier, SignedEventGuard, SignedActorGuard, UiSessions, TenantRevisions, IdempotencyRepository],
  };
  const database = TypeOrmModule.forRootAsync({
    name: REGULARS_CONNECTION,
    inject: [REGULARS_CONFIG],
    useFactory: (config: RegularsConfig): OptionsWithConfig => ({
      ...(config.database.dataSource?.options ?? dataSourceOptions(config)),
      // A wrong option or a pending migration will not fix itself: fail at once.
      retryAttempts: 2,
      retryDelay: 1000,
      toRetry: (error: unknown) => !(error instanceof RegularsOptionsError) && !(error instanceof PendingMigrationsError),
      [CONFIG_KEY]: config,
    }),
    dataSourceFactory: (options?: DataSourceOptions): Promise<DataSource> =>
      openDataSource((options as OptionsWithConfig)[CONFIG_KEY]),
  });
  return {
    module: definition.module,
    imports: [
      core,
      database,
      SettingsModule,
      AuditModule,
      CustomersModule,
      IdentificationModule,
      UsageModule,
      PromotionCategoriesModule,
      SalesRulesModule,
      MembershipsModule,
      AccountsModule,
      RewardsModule,
      PromoCodesModule,
      GiftCardsModule,
      ReferralsModule,
      OfflineModule,
      VisitsModule,
      GuestTabsModule,
      JobsModule,
      TiersModule,
      ReportsModule,
      BirthdaysModule,
      OutboxModule,
      GuestMessagesModule,
      WebhooksModule,
      TransportsModule,
      UiModule,
      HealthModule,
      MetricsModule,
    ],
    exports: [TransportsModule],
  };
}
