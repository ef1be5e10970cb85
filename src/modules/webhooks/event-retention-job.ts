import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { JobRegistry, type JobContext, type JobOutcome } from '../jobs/jobs.registry.js';
import { Outbox } from '../outbox/outbox.service.js';
import { WebhooksRepository } from './webhooks.repository.js';

const ROWS_PER_BATCH = 1000;

/**
 * The nightly job that keeps the outbox and the delivery log from growing without end: once
 * `webhooks.keepDays` have passed, delivered and dead deliveries go, then the events fanned
 * out that no delivery refers to any more. A pending delivery keeps its event however old,
 * so nothing still owed is lost; each batch is its own transaction.
 */
@Injectable()
export class EventRetentionJob implements OnModuleInit {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly repository: WebhooksRepository,
    private readonly jobs: JobRegistry,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: 'event-retention',
      description: 'Removes delivered and dead deliveries, and the events nothing is owed for, older than webhooks.keepDays.',
      tenants: (now) => this.outbox.tenantsFannedOutBefore(this.cutoff(now)),
      run: (context) => this.forget(context),
    });
  }

  private cutoff(now: Date): Date {
    return new Date(now.getTime() - this.config.webhooks.keepDays * 86_400_000);
  }

  private async forget({ tenantId, now, progress }: JobContext): Promise<JobOutcome> {
    const cutoff = this.cutoff(now);
    let deliveries = 0;
    for (;;) {
      const removed = await this.uow.transaction(async () => {
        const ids = await this.repository.settledBefore(tenantId, cutoff, ROWS_PER_BATCH);
        await this.repository.deleteDeliveries(tenantId, ids);
        return ids.length;
      });
      deliveries += removed;
      await progress(deliveries, null);
      if (removed < ROWS_PER_BATCH) break;
    }
    let events = 0;
    let after = '';
    for (;;) {
      const { read, removed } = await this.uow.transaction(async () => {
        const ids = await this.outbox.fannedOutBefore(tenantId, cutoff, after, ROWS_PER_BATCH);
        const owed = await this.repository.eventsWithDeliveries(tenantId, ids);
        const done = ids.filter((id) => !owed.has(id));
        await this.outbox.forget(tenantId, done);
        return { read: ids, removed: done.length };
      });
      events += removed;
      await progress(deliveries + events, null);
      if (read.length < ROWS_PER_BATCH) break;
      after = read[read.length - 1];
    }
    return { rowsTouched: deliveries + events, outcome: { deliveries, events } };
  }
}
