import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { JobRegistry, type JobContext, type JobOutcome } from '../jobs/jobs.registry.js';
import { GuestMessageRelay } from '../guest-messages/guest-message-relay.js';
import { Outbox } from '../outbox/outbox.service.js';
import { WebhooksRepository } from './webhooks.repository.js';

const ROWS_PER_BATCH = 1000;

/**
 * The nightly job that keeps the outbox and the delivery log from growing without end: once
 * `webhooks.keepDays` have passed, delivered, dead and skipped deliveries go, then the events
 * fanned out and the records of messages told that no delivery refers to any more. A pending
 * delivery keeps its event however old, so nothing still owed is lost; each batch is its own
 * transaction.
 */
@Injectable()
export class EventRetentionJob implements OnModuleInit {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly messages: GuestMessageRelay,
    private readonly repository: WebhooksRepository,
    private readonly jobs: JobRegistry,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: 'event-retention',
      description: 'Removes delivered, dead and skipped deliveries, and the events and told messages nothing is owed for, older than webhooks.keepDays.',
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
    const events = await this.forgetUnowed(
      tenantId,
      (after) => this.outbox.fannedOutBefore(tenantId, cutoff, after, ROWS_PER_BATCH),
      (ids) => this.outbox.forget(tenantId, ids),
    );
    await progress(deliveries + events, null);
    const told = await this.forgetUnowed(
      tenantId,
      (after) => this.messages.toldBefore(tenantId, cutoff, after, ROWS_PER_BATCH),
      (ids) => this.messages.forgetTold(tenantId, ids),
    );
    return { rowsTouched: deliveries + events + told, outcome: { deliveries, events, told } };
  }

  /**
   * Removes, a batch per transaction in event id order, the rows `read` finds whose event no
   * delivery refers to any more: an event still owed, or a message whose delivery may be
   * handled again, stays.
   */
  private async forgetUnowed(tenantId: string, read: (after: string) => Promise<string[]>, forget: (eventIds: string[]) => Promise<void>): Promise<number> {
    let removed = 0;
    let after = '';
    for (;;) {
      const batch = await this.uow.transaction(async () => {
        const eventIds = await read(after);
        const owed = await this.repository.eventsWithDeliveries(tenantId, eventIds);
        const done = eventIds.filter((id) => !owed.has(id));
        await forget(done);
        return { eventIds, removed: done.length };
      });
      removed += batch.removed;
      if (batch.eventIds.length < ROWS_PER_BATCH) return removed;
      after = batch.eventIds[batch.eventIds.length - 1];
    }
  }
}
