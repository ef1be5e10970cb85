import { Controller, Get, Inject, type OnModuleInit, SetMetadata } from '@nestjs/common';
import { LazyModuleLoader } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { DatabaseProbe } from '../../common/operations/database-probe.js';
import { optionalPackage } from '../../common/optional-package.js';
import { REGULARS_CONTROLLER } from '../../common/regulars-controller.decorator.js';
import { JobScheduler } from '../../modules/jobs/job-scheduler.service.js';
import { Outbox } from '../../modules/outbox/outbox.service.js';

/** A database that neither answers nor fails (a dropped link) must not hold the probe past the orchestrator's timeout. */
const DATABASE_TIMEOUT_MS = 3000;

/**
 * Liveness and readiness for the host's orchestrator, in terminus' body (200, or 503 naming
 * what is down). Unsigned like any probe: they tell whether the plugin can serve, never a
 * tenant's data. Out of the OpenAPI document: no host calls them, an orchestrator does.
 * Mounted at `operations.health.path` (operations-routes.ts), or not at all.
 */
@Controller()
@SetMetadata(REGULARS_CONTROLLER, true)
@ApiExcludeController()
export class HealthController implements OnModuleInit {
  private checks!: HealthCheckService;
  private indicators!: HealthIndicatorService;

  constructor(
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
    private readonly lazyModules: LazyModuleLoader,
    private readonly database: DatabaseProbe,
    private readonly scheduler: JobScheduler,
    private readonly outbox: Outbox,
  ) {}

  /** Terminus is loaded only when health is on, so a host without it installs nothing. */
  async onModuleInit(): Promise<void> {
    if (!this.config.operations.health) return;
    const terminus = await optionalPackage<typeof import('@nestjs/terminus')>('@nestjs/terminus', 'operations.health');
    const module = await this.lazyModules.load(() => terminus.TerminusModule.forRoot());
    this.checks = module.get(terminus.HealthCheckService);
    this.indicators = module.get(terminus.HealthIndicatorService);
  }

  /** The process answers: an orchestrator restarts it when it does not. */
  @Get('live')
  live(): Promise<object> {
    return this.checks.check([]);
  }

  /** The plugin can serve the till: take the instance out of the balancer when it cannot. */
  @Get('ready')
  ready(): Promise<object> {
    const checks = [() => this.databaseAnswers(), () => this.migrationsApplied(), () => this.jobsOnSchedule()];
    // Only an instance that relays owes the events: elsewhere the relay's lag is not this instance's to report.
    if (this.config.webhooks.relay) checks.push(() => this.outboxDelivered());
    return this.checks.check(checks);
  }

  private async databaseAnswers(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('database');
    try {
      await withTimeout(this.database.ping(), DATABASE_TIMEOUT_MS);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  private async migrationsApplied(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('migrations');
    try {
      const pending = await withTimeout(this.database.pendingMigrations(), DATABASE_TIMEOUT_MS);
      return pending.length === 0 ? indicator.up() : indicator.down({ pending, message: 'apply them with npx regulars migrate run' });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  private async jobsOnSchedule(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('jobs');
    const lagging = this.scheduler.lagging(this.config.clock.now());
    return lagging.length === 0 ? indicator.up() : indicator.down({ lagging });
  }

  private async outboxDelivered(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('outbox');
    const limit = this.config.operations.health!.outboxLagSeconds;
    try {
      const oldest = await withTimeout(this.outbox.oldestOwed(), DATABASE_TIMEOUT_MS);
      const lagSeconds = oldest ? Math.max(0, Math.round((this.config.clock.now().getTime() - oldest.getTime()) / 1000)) : 0;
      return lagSeconds <= limit ? indicator.up({ lagSeconds }) : indicator.down({ lagSeconds, limitSeconds: limit });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
