import { Module } from '@nestjs/common';
import { BrokersModule } from '../brokers/brokers.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { GuestMessagesModule } from '../guest-messages/guest-messages.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { EventRetentionJob } from './event-retention-job.js';
import { WebhookRelay } from './webhook-relay.js';
import { WebhookSender } from './webhook-sender.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhooksService } from './webhooks.service.js';

/** Webhook subscriptions, their management API, the relay that delivers the outbox to them, to the host's brokers and as messages to guests, and the job that keeps the log's length. */
@Module({
  imports: [OutboxModule, BrokersModule, GuestMessagesModule, JobsModule],
  controllers: [WebhooksController],
  providers: [WebhooksRepository, WebhooksService, WebhookSender, WebhookRelay, EventRetentionJob],
  exports: [WebhookRelay],
})
export class WebhooksModule {}
