import { Inject, Injectable } from '@nestjs/common';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { JobName, RegularsConfig } from '../../common/config/regulars-options.js';
import { JobScheduler } from '../../modules/jobs/job-scheduler.service.js';
import { Outbox } from '../../modules/outbox/outbox.service.js';

/** The default of `operations.health.outboxLagSeconds`, for an instance with metrics but no health. */
const OUTBOX_BEHIND_SECONDS = 300;

/** One scheduled job's lag: `behind` once its schedule fired twice since its last complete run. */
export interface JobLag {
  job: JobName;
  lagSeconds: number;
  behind: boolean;
  lastCompletedAt: string;
  overdueSince: string | null;
}

/** The relay's lag: the age of the oldest event still owed to webhooks and brokers. */
export interface OutboxLag {
  lagSeconds: number;
  limitSeconds: number;
  behind: boolean;
}

/**
 * How far the jobs and the outbox relay are behind. Both are shared by every instance (one
 * database, one queue of events, one schedule run under a lease), so they are figures to alert
 * on — in readiness' details and as gauges on /metrics — never a reason to fail one
 * instance's readiness: every instance would fail it at once, and the balancer would have
 * none left to send the till to.
 */
@Injectable()
export class OperationsLag {
  constructor(
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
    private readonly scheduler: JobScheduler,
    private readonly outbox: Outbox,
  ) {}

  /** Whether this instance relays events: only then is the relay's lag its to report. */
  get relays(): boolean {
    return this.config.webhooks.relay;
  }

  jobs(): JobLag[] {
    return this.scheduler.lag(this.config.clock.now()).map((lag) => ({ ...lag, behind: lag.overdueSince !== null }));
  }

  async outboxLag(): Promise<OutboxLag> {
    const oldest = await this.outbox.oldestOwed();
    const lagSeconds = oldest ? Math.max(0, Math.round((this.config.clock.now().getTime() - oldest.getTime()) / 1000)) : 0;
    const limitSeconds = this.config.operations.health?.outboxLagSeconds ?? OUTBOX_BEHIND_SECONDS;
    return { lagSeconds, limitSeconds, behind: lagSeconds > limitSeconds };
  }
}
