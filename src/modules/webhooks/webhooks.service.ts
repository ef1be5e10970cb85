import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { newId } from '../../common/ids.js';
import { decodeCursor, pageOf, type Page } from '../../common/pagination.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { BROKER_TARGETS, BrokerPublisher } from '../brokers/broker-publisher.js';
import { GUEST_MESSAGES_TARGET } from '../guest-messages/guest-message-relay.js';
import { Outbox } from '../outbox/outbox.service.js';
import type { CreateWebhookDto, DeliveryDto, DeliveryTargetDto, ListDeliveriesQueryDto, TestEventDto, UpdateWebhookDto, WebhookDto, WebhookWithSecretDto } from './dto/webhook.dto.js';
import type { WebhookDelivery } from './entities/webhook-delivery.entity.js';
import type { WebhookSubscription } from './entities/webhook-subscription.entity.js';
import { urlProblem } from './webhook-targets.js';
import { WebhooksRepository } from './webhooks.repository.js';

/** The management of webhook subscriptions: what the back office does with them. Writes run in the caller's unit of work. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly repository: WebhooksRepository,
    private readonly outbox: Outbox,
    private readonly brokers: BrokerPublisher,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** Where this instance delivers events beside the subscriptions: the host's brokers and the guests' messages, each with its delivery log. */
  targets(): DeliveryTargetDto[] {
    return [
      ...this.brokers.targets().map((id) => ({ id, kind: id === BROKER_TARGETS.rabbitmq ? ('rabbitmq' as const) : ('nats' as const) })),
      ...(this.config.messages ? [{ id: GUEST_MESSAGES_TARGET, kind: 'guest_messages' as const }] : []),
    ];
  }

  async list(tenantId: string): Promise<WebhookDto[]> {
    return (await this.repository.subscriptionsOf(tenantId)).map(present);
  }

  async get(tenantId: string, id: string): Promise<WebhookDto> {
    return present(await this.find(tenantId, id));
  }

  async create(actor: RequestActor, input: CreateWebhookDto): Promise<WebhookWithSecretDto> {
    this.checkTarget(input.url);
    const now = this.config.clock.now();
    const subscription: WebhookSubscription = {
      tenantId: actor.tenantId,
      id: newId('wh', now),
      url: input.url,
      eventTypes: input.eventTypes,
      secret: newSecret(),
      description: input.description ?? null,
      active: input.active ?? true,
      createdAt: now,
      updatedAt: now,
      updatedBy: actor.id,
    };
    await this.repository.insertSubscription(subscription);
    return { ...present(subscription), secret: subscription.secret };
  }

  async update(actor: RequestActor, id: string, input: UpdateWebhookDto): Promise<WebhookDto> {
    const subscription = await this.lock(actor.tenantId, id);
    if (input.url !== undefined) this.checkTarget(input.url);
    const changes = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<WebhookSubscription>;
    const values = { ...changes, updatedAt: this.config.clock.now(), updatedBy: actor.id };
    await this.repository.updateSubscription(actor.tenantId, id, values);
    return present({ ...subscription, ...values });
  }

  /** The subscription and its delivery log go; deliveries not sent yet are not sent. */
  async remove(actor: RequestActor, id: string): Promise<void> {
    await this.lock(actor.tenantId, id);
    await this.repository.deleteSubscription(actor.tenantId, id);
  }

  /** A new secret, from the next attempt on: a delivery that fails meanwhile goes through once the receiver has it. */
  async rotateSecret(actor: RequestActor, id: string): Promise<WebhookWithSecretDto> {
    const subscription = await this.lock(actor.tenantId, id);
    const values = { secret: newSecret(), updatedAt: this.config.clock.now(), updatedBy: actor.id };
    await this.repository.updateSubscription(actor.tenantId, id, values);
    return { ...present({ ...subscription, ...values }), secret: values.secret };
  }

  /** A subscription's delivery log, or a broker's or the guests' messages' (by their target id). */
  async deliveries(tenantId: string, subscriptionId: string, query: ListDeliveriesQueryDto): Promise<Page<DeliveryDto>> {
    // A target's log stays readable after the option that made it is gone: what was owed then still shows.
    if (!this.brokers.isTarget(subscriptionId) && subscriptionId !== GUEST_MESSAGES_TARGET) await this.find(tenantId, subscriptionId);
    const limit = query.limit ?? 50;
    const rows = await this.repository.deliveriesPage(tenantId, subscriptionId, { status: query.status, before: decodeCursor(query.cursor) }, limit + 1);
    return pageOf(rows, limit, presentDelivery);
  }

  /**
   * Sends a delivery again as soon as the relay can: a dead one gets another retryForHours
   * of retries, a delivered one is sent once more (the receiver deduplicates by event id).
   */
  async retry(actor: RequestActor, deliveryId: string): Promise<DeliveryDto> {
    const delivery = await this.repository.delivery(actor.tenantId, deliveryId);
    if (!delivery) throw RegularsError.notFound('delivery', deliveryId);
    const values = { status: 'pending' as const, nextAttemptAt: this.config.clock.now(), firstAttemptAt: null };
    await this.repository.updateDelivery(actor.tenantId, deliveryId, values);
    return presentDelivery({ ...delivery, ...values });
  }

  /** Records a webhook.test event for the subscription, active or not; the relay sends it to that subscription alone. */
  async sendTest(actor: RequestActor, id: string): Promise<TestEventDto> {
    await this.find(actor.tenantId, id);
    const eventId = this.outbox.record(actor.tenantId, 'webhook.test', { subscriptionId: id, sentBy: actor.id });
    return { eventId, subscriptionId: id };
  }

  private async find(tenantId: string, id: string): Promise<WebhookSubscription> {
    const subscription = await this.repository.subscription(tenantId, id);
    if (!subscription) throw RegularsError.notFound('webhook', id);
    return subscription;
  }

  private async lock(tenantId: string, id: string): Promise<WebhookSubscription> {
    const subscription = await this.repository.lockSubscription(tenantId, id);
    if (!subscription) throw RegularsError.notFound('webhook', id);
    return subscription;
  }

  /** No DNS here: only a literal address or localhost is refused now; names are checked at every delivery. */
  private checkTarget(url: string): void {
    if (this.config.webhooks.allowPrivateTargets) return;
    const problem = urlProblem(new URL(url));
    if (problem) throw new RegularsError('private_target', `url: ${problem}; webhooks go to public addresses`, { url });
  }
}

function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

function present(subscription: WebhookSubscription): WebhookDto {
  return {
    id: subscription.id,
    url: subscription.url,
    eventTypes: subscription.eventTypes,
    description: subscription.description,
    active: subscription.active,
    createdAt: subscription.createdAt.toISOString(),
    updatedAt: subscription.updatedAt.toISOString(),
    updatedBy: subscription.updatedBy,
  };
}

function presentDelivery(delivery: WebhookDelivery): DeliveryDto {
  const iso = (at: Date | null) => at?.toISOString() ?? null;
  return {
    id: delivery.id,
    subscriptionId: delivery.subscriptionId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    customerId: delivery.customerId,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.status === 'pending' ? delivery.nextAttemptAt.toISOString() : null,
    firstAttemptAt: iso(delivery.firstAttemptAt),
    deliveredAt: iso(delivery.deliveredAt),
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt.toISOString(),
  };
}
