import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { OutgoingEvent } from '../../contract/events-out.js';
import { within } from '../../common/within.js';
import { ensureStream, openNats, openRabbitMq, publishConfirmed, type NatsSession, type RabbitMqSession } from './broker-connections.js';

/** The delivery targets a broker is to the relay, beside the webhook subscriptions (`subscription_id` of its deliveries). */
export const BROKER_TARGETS = { rabbitmq: 'broker:rabbitmq', nats: 'broker:nats' } as const;
export type BrokerTarget = (typeof BROKER_TARGETS)[keyof typeof BROKER_TARGETS];

/** Headers of a published event beside the broker's own message id. */
const BROKER_EVENT_ID_HEADER = 'Regulars-Event-Id';
const BROKER_EVENT_TYPE_HEADER = 'Regulars-Event-Type';

/**
 * Publishes one outbox event to one of the host's brokers and resolves only once the broker
 * took it (a RabbitMQ publisher confirm, a JetStream publish ack), so the relay marks a
 * delivery delivered only then. Connections open on the first publish and again after one is
 * lost; each attempt, the connecting included, is bounded by `webhooks.timeoutSeconds`, and a
 * failed one is the relay's to retry.
 */
@Injectable()
export class BrokerPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger('Regulars');
  private rabbitMq: Promise<RabbitMqSession> | null = null;
  private nats: Promise<NatsSession & { js: ReturnType<NatsSession['connection']['jetstream']> }> | null = null;

  constructor(@Inject(REGULARS_CONFIG) private readonly config: RegularsConfig) {}

  /** The brokers configured here: each gets every event (but a webhook test) through its own deliveries. */
  targets(): BrokerTarget[] {
    const { rabbitmq, nats } = this.config.broker;
    return [...(rabbitmq ? [BROKER_TARGETS.rabbitmq] : []), ...(nats ? [BROKER_TARGETS.nats] : [])];
  }

  isTarget(subscriptionId: string): subscriptionId is BrokerTarget {
    return (Object.values(BROKER_TARGETS) as string[]).includes(subscriptionId);
  }

  async publish(target: BrokerTarget, event: OutgoingEvent): Promise<void> {
    const ms = this.config.webhooks.timeoutSeconds * 1000;
    const body = Buffer.from(JSON.stringify(event));
    if (target === BROKER_TARGETS.rabbitmq) return within(ms, 'RabbitMQ', this.publishToRabbitMq(event, body, ms));
    return within(ms, 'NATS JetStream', this.publishToNats(event, body, ms));
  }

  private async publishToRabbitMq(event: OutgoingEvent, body: Buffer, ms: number): Promise<void> {
    const config = this.config.broker.rabbitmq;
    if (!config) throw new Error('RabbitMQ is not configured in this instance (broker.rabbitmq)');
    const session = await (this.rabbitMq ??= this.connectRabbitMq(ms));
    await publishConfirmed(session.channel, config.exchange, `${config.routingKeyPrefix}.${event.type}`, body, {
      persistent: true,
      contentType: 'application/json',
      contentEncoding: 'utf-8',
      messageId: event.id,
      type: event.type,
      timestamp: Math.floor(Date.parse(event.occurredAt) / 1000),
      headers: { [BROKER_EVENT_ID_HEADER]: event.id, [BROKER_EVENT_TYPE_HEADER]: event.type },
    });
  }

  private connectRabbitMq(ms: number): Promise<RabbitMqSession> {
    const config = this.config.broker.rabbitmq!;
    const opening = (async () => {
      const session = await openRabbitMq(config, ms, (error) => {
        if (this.rabbitMq === opening) this.rabbitMq = null;
        if (error) this.logger.warn(`RabbitMQ publishing connection lost (${error.message}); the next delivery opens another`);
      });
      await session.channel.assertExchange(config.exchange, 'topic', { durable: true });
      return session;
    })();
    // A failed attempt leaves nothing behind: the next delivery tries again.
    opening.catch(() => {
      if (this.rabbitMq === opening) this.rabbitMq = null;
    });
    return opening;
  }

  private async publishToNats(event: OutgoingEvent, body: Buffer, ms: number): Promise<void> {
    const config = this.config.broker.nats;
    if (!config) throw new Error('NATS is not configured in this instance (broker.nats)');
    const { js, nats } = await (this.nats ??= this.connectNats(ms));
    const headers = nats.headers();
    headers.set(BROKER_EVENT_ID_HEADER, event.id);
    headers.set(BROKER_EVENT_TYPE_HEADER, event.type);
    headers.set('Content-Type', 'application/json');
    // msgID is sent as Nats-Msg-Id: JetStream drops a repeat of an event within its duplicate window.
    await js.publish(`${config.subjectPrefix}.${event.type}`, body, { msgID: event.id, headers, timeout: ms });
  }

  private connectNats(ms: number) {
    const config = this.config.broker.nats!;
    const opening = (async () => {
      const session = await openNats(config, ms);
      try {
        await ensureStream(session.jsm, config.stream, [`${config.subjectPrefix}.>`]);
      } catch (error) {
        await session.connection.close();
        throw error;
      }
      void session.connection.closed().then(() => {
        if (this.nats === opening) this.nats = null;
      });
      return { ...session, js: session.connection.jetstream({ timeout: ms }) };
    })();
    opening.catch(() => {
      if (this.nats === opening) this.nats = null;
    });
    return opening;
  }

  /** After the relay has stopped (its onModuleDestroy waits for its deliveries in flight). */
  async onApplicationShutdown(): Promise<void> {
    const [rabbitMq, nats] = await Promise.all([this.rabbitMq?.catch(() => null), this.nats?.catch(() => null)]);
    this.rabbitMq = this.nats = null;
    await rabbitMq?.connection.close().catch(() => undefined);
    await nats?.connection.drain().catch(() => undefined);
  }
}
