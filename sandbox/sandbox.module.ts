import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { RegularsModule } from '../src/index.js';
import { DemoSeed } from './demo-seed.js';
import { LogContextMiddleware } from './logging/log-context.js';
import { PluginClient } from './pos/plugin-client.js';
import { BackOfficeController } from './pos/back-office.controller.js';
import { PageController } from './pos/page.controller.js';
import { PosController } from './pos/pos.controller.js';
import { TabStore } from './pos/tab-store.js';
import { OfflineTill } from './pos/offline-till.js';
import { Till } from './pos/till.js';
import { SANDBOX_CONFIG, type SandboxConfig } from './sandbox-config.js';

/** A minimal POS host: it imports the plugin exactly as a vendor would, and nothing else of it. */
@Module({})
export class SandboxModule implements NestModule {
  /** Every request, the plugin's too, runs in its log context (logging/log-context.ts). */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(LogContextMiddleware).forRoutes('{*path}');
  }

  static register(config: SandboxConfig): DynamicModule {
    return {
      module: SandboxModule,
      imports: [
        EventEmitterModule.forRoot(),
        RegularsModule.forRoot({
          database: { url: config.databaseUrl },
          tenantSecrets: config.tenantSecrets,
          runMigrations: true,
          defaultCurrency: 'EUR',
          timeZone: 'Europe/Berlin',
          identifyPerMinute: config.identifyPerMinute,
          identifyCounting: config.identifyCounting,
          broker: config.broker,
          webhooks: config.webhooks,
          messages: config.messages,
          clock: config.clock,
          // What an operations team watches in production: /health/live, /health/ready and /metrics.
          operations: { health: true, metrics: true },
        }),
      ],
      controllers: [PageController, PosController, BackOfficeController],
      providers: [{ provide: SANDBOX_CONFIG, useValue: config }, TabStore, Till, OfflineTill, PluginClient, DemoSeed],
    };
  }
}
