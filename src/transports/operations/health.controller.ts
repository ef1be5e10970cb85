import { Controller, Get, Inject, type OnModuleInit, SetMetadata } from '@nestjs/common';
import { LazyModuleLoader } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { DatabaseProbe } from '../../common/operations/database-probe.js';
import { optionalPackage } from '../../common/optional-package.js';
import { REGULARS_CONTROLLER } from '../../common/regulars-controller.decorator.js';
import { OperationsLag } from './operations-lag.js';
import { within } from '../../common/within.js';

/** A database that neither answers nor fails (a dropped link) must not hold the probe past the orchestrator's timeout. */
const DATABASE_TIMEOUT_MS = 3000;

/**
 * Liveness and readiness for the host's orchestrator, in terminus' body (200, or 503 naming
 * what is down). Readiness fails only on what is this instance's own — its database link,
 * the migrations its code expects; the jobs' and the relay's lag are shared by every
 * instance, so they are details (`behind: true`) and gauges to alert on, never a 503 that
 * would take every instance out of the balancer at once (operations-lag.ts). Unsigned like any probe: they tell whether the plugin can serve, never a
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
    private readonly lag: OperationsLag,
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

  /** This instance can serve the till: take it out of the balancer when it cannot. */
  @Get('ready')
  ready(): Promise<object> {
    const checks = [() => this.databaseAnswers(), () => this.migrationsApplied(), () => this.jobsOnSchedule()];
    // Only an instance that relays reports the relay's lag: elsewhere no event waits on it.
    if (this.lag.relays) checks.push(() => this.outboxDelivered());
    return this.checks.check(checks);
  }

  private async databaseAnswers(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('database');
    try {
      await within(DATABASE_TIMEOUT_MS, 'the database', this.database.ping());
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  private async migrationsApplied(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('migrations');
    try {
      const pending = await within(DATABASE_TIMEOUT_MS, 'the database', this.database.pendingMigrations());
      return pending.length === 0 ? indicator.up() : indicator.down({ pending, message: 'apply them with npx regulars migrate run' });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  /** Up whatever the lag (shared by every instance): `behind` and the lagging jobs say it. */
  private async jobsOnSchedule(): Promise<HealthIndicatorResult> {
    const jobs = this.lag.jobs();
    const lagging = jobs.filter((job) => job.behind).map(({ job, lastCompletedAt, overdueSince }) => ({ job, lastCompletedAt, overdueSince }));
    return this.indicators.check('jobs').up({ behind: lagging.length > 0, lagging });
  }

  /** Up whatever the lag (shared by every instance); a failed look-up is the database indicator's to report. */
  private async outboxDelivered(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('outbox');
    try {
      return indicator.up({ ...(await within(DATABASE_TIMEOUT_MS, 'the outbox', this.lag.outboxLag())) });
    } catch (error) {
      return indicator.up({ lagSeconds: null, message: (error as Error).message });
    }
  }
}
