import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { ConsumeMessage } from 'amqplib';
import type { ConsumerMessages, JsMsg } from 'nats';
import { REGULARS_CONFIG } from '../common/config/regulars.constants.js';
import type { RegularsConfig } from '../common/config/regulars-options.js';
import { asRefusal } from '../common/errors/refusals.js';
import { RegularsError } from '../common/errors/regulars-error.js';
import type { GuestTabEventDto } from '../contract/guest-tab-event.dto.js';
import { GuestTabHooks } from '../flows/guest-tab/guest-tab-hooks.js';
import { ensureStream, openNats, openRabbitMq, publishConfirmed, type NatsConfig, type NatsSession, type RabbitMqConfig, type RabbitMqSession } from '../modules/brokers/broker-connections.js';

/** Headers a dead letter carries beside the refused message's own bytes. */
const REFUSAL_STATUS_HEADER = 'Regulars-Refusal-Status';
const REFUSAL_CODE_HEADER = 'Regulars-Refusal-Code';
const REFUSAL_MESSAGE_HEADER = 'Regulars-Refusal-Message';

/** How long connecting may take, and how long a lost connection waits before the next try. */
const CONNECT_TIMEOUT_MS = 10_000;
const RECONNECT_MS = 2_000;
/** A message the database could not take now is handed back after this long, so a database outage is not a hot loop. */
const REDELIVER_AFTER_MS = 1_000;

/** What becomes of a consumed message: acknowledged, dead-lettered with its refusal, or handed back for redelivery. */
type Verdict = { kind: 'done' } | { kind: 'dead'; refusal: RegularsError } | { kind: 'again' };

/**
 * Guest-tab events from the host's broker — a RabbitMQ queue, a JetStream durable consumer —
 * through the one dispatcher and inbox (GuestTabHooks.handle), unsigned: the broker is the
 * host's, trusted as the in-process transport is. A message is acknowledged only after its
 * event's transaction committed, so a crash before that redelivers it and the inbox keeps it
 * exactly once; a refused event (4xx) goes to the dead-letter destination with its refusal
 * instead of coming back forever; anything else (503 busy, the database unreachable) is
 * handed back for redelivery. Each instance holds at most `prefetch` messages, so several
 * instances share a queue as competing consumers.
 */
@Injectable()
export class BrokerTransport implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Regulars');
  private readonly stopped = new AbortController();
  private readonly handling = new Set<Promise<void>>();
  private readonly reconnects = new Set<NodeJS.Timeout>();
  private rabbitMq: { session: RabbitMqSession; consumerTag: string } | null = null;
  private nats: { session: NatsSession; messages: ConsumerMessages; reading: Promise<void> } | null = null;

  constructor(
    private readonly hooks: GuestTabHooks,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** Tries each broker once before the host starts serving; one that is down is tried again in the background. */
  async onApplicationBootstrap(): Promise<void> {
    const { rabbitmq, nats } = this.config.broker;
    await Promise.all([
      rabbitmq?.queue ? this.keepTrying('RabbitMQ', () => this.consumeRabbitMq(rabbitmq)) : undefined,
      nats?.consume ? this.keepTrying('NATS JetStream', () => this.consumeNats(nats)) : undefined,
    ]);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped.abort();
    for (const timer of this.reconnects) clearTimeout(timer);
    const rabbitMq = this.rabbitMq;
    const nats = this.nats;
    this.rabbitMq = this.nats = null;
    await rabbitMq?.session.channel.cancel(rabbitMq.consumerTag).catch(() => undefined);
    nats?.messages.stop();
    await nats?.reading;
    // The events being applied finish and are acknowledged before the connections go.
    await Promise.all(this.handling);
    await rabbitMq?.session.connection.close().catch(() => undefined);
    await nats?.session.connection.drain().catch(() => undefined);
  }

  private async keepTrying(broker: string, start: () => Promise<void>): Promise<void> {
    if (this.stopped.signal.aborted) return;
    try {
      await start();
    } catch (error) {
      this.logger.warn(`${broker}: not consuming guest-tab events (${(error as Error).message}); trying again in ${RECONNECT_MS / 1000} s`);
      this.later(() => this.keepTrying(broker, start));
    }
  }

  private later(work: () => Promise<void>): void {
    if (this.stopped.signal.aborted) return;
    const timer = setTimeout(() => {
      this.reconnects.delete(timer);
      void work();
    }, RECONNECT_MS);
    this.reconnects.add(timer);
  }

  private async consumeRabbitMq(config: RabbitMqConfig): Promise<void> {
    const queue = config.queue!;
    const session = await openRabbitMq(config, CONNECT_TIMEOUT_MS, (error) => {
      if (this.rabbitMq?.session !== session || this.stopped.signal.aborted) return;
      this.rabbitMq = null;
      this.logger.warn(`RabbitMQ: the consuming connection was lost (${error?.message ?? 'closed'}); reconnecting`);
      this.later(() => this.keepTrying('RabbitMQ', () => this.consumeRabbitMq(config)));
    });
    try {
      const { channel } = session;
      await channel.assertQueue(queue, { durable: true });
      await channel.assertQueue(deadQueue(queue), { durable: true });
      await channel.prefetch(config.prefetch);
      // Set before consuming, so a connection lost from here on is seen as this one.
      this.rabbitMq = { session, consumerTag: '' };
      const { consumerTag } = await channel.consume(queue, (message) => message && this.track(this.onRabbitMq(session, queue, message)), { noAck: false });
      this.rabbitMq.consumerTag = consumerTag;
    } catch (error) {
      this.rabbitMq = null;
      await session.connection.close().catch(() => undefined);
      throw error;
    }
  }

  private async onRabbitMq({ channel }: RabbitMqSession, queue: string, message: ConsumeMessage): Promise<void> {
    const verdict = await this.apply(message.content);
    try {
      if (verdict.kind === 'dead') {
        await publishConfirmed(channel, '', deadQueue(queue), message.content, {
          persistent: true,
          contentType: message.properties.contentType,
          messageId: message.properties.messageId,
          headers: { ...message.properties.headers, ...refusalHeaders(verdict.refusal) },
        });
      }
      if (verdict.kind === 'again') {
        await this.pause();
        channel.nack(message, false, true);
      } else {
        channel.ack(message);
      }
    } catch (error) {
      // The channel went: RabbitMQ hands the message to a consumer again, and the inbox answers a repeat.
      this.logger.warn(`RabbitMQ: message ${message.properties.messageId ?? message.fields.deliveryTag} not settled (${(error as Error).message}); it will be redelivered`);
    }
  }

  private async consumeNats(config: NatsConfig): Promise<void> {
    const { stream, subject, durable } = config.consume!;
    const session = await openNats(config, CONNECT_TIMEOUT_MS);
    try {
      const { jsm, connection, nats } = session;
      await ensureStream(jsm, stream, [subject]);
      // Dead letters are kept in the plugin's own stream, beside the events it publishes.
      await ensureStream(jsm, config.stream, [`${config.subjectPrefix}.>`]);
      await jsm.consumers.info(stream, durable).catch(async (error: Error) => {
        if (!/consumer not found/i.test(error.message)) throw error;
        await jsm.consumers.add(stream, { durable_name: durable, ack_policy: nats.AckPolicy.Explicit, filter_subject: subject });
      });
      const js = connection.jetstream();
      const messages = await (await js.consumers.get(stream, durable)).consume({ max_messages: config.prefetch });
      const reading = (async () => {
        const inHand = new Set<Promise<void>>();
        try {
          for await (const message of messages) {
            const handled = this.track(this.onNats(session, config, message));
            inHand.add(handled);
            void handled.finally(() => inHand.delete(handled));
            // At most `prefetch` events in hand at once in this instance; the rest wait in the stream for whoever is free.
            if (inHand.size >= config.prefetch) await Promise.race(inHand);
          }
        } catch (error) {
          this.logger.warn(`NATS JetStream: consuming stopped (${(error as Error).message})`);
        }
        // Ended without being stopped (the consumer deleted, the connection closed): start over.
        if (this.stopped.signal.aborted || this.nats?.session !== session) return;
        this.nats = null;
        await session.connection.close().catch(() => undefined);
        this.later(() => this.keepTrying('NATS JetStream', () => this.consumeNats(config)));
      })();
      this.nats = { session, messages, reading };
    } catch (error) {
      await session.connection.close().catch(() => undefined);
      throw error;
    }
  }

  private async onNats({ connection, nats }: NatsSession, config: NatsConfig, message: JsMsg): Promise<void> {
    const verdict = await this.apply(Buffer.from(message.data));
    try {
      if (verdict.kind === 'done') return message.ack();
      if (verdict.kind === 'again') return message.nak(REDELIVER_AFTER_MS);
      const headers = nats.headers();
      for (const [name, value] of Object.entries(refusalHeaders(verdict.refusal))) headers.set(name, String(value));
      headers.set('Regulars-Original-Subject', message.subject);
      // Its stream sequence as message id: a dead letter written twice (a crash before the term) is stored once.
      await connection.jetstream().publish(deadSubject(config), message.data, { headers, msgID: `${message.info.stream}-${message.seq}` });
      message.term();
    } catch (error) {
      this.logger.warn(`NATS JetStream: message ${message.seq} not settled (${(error as Error).message}); it will be redelivered`);
    }
  }

  /** The event applied in its own transaction, and what that means for its message. */
  private async apply(body: Buffer): Promise<Verdict> {
    let event: unknown;
    try {
      event = JSON.parse(body.toString('utf8'));
    } catch {
      return { kind: 'dead', refusal: new RegularsError('invalid_json', 'the message is not a JSON guest-tab event') };
    }
    try {
      await this.hooks.handle(event as GuestTabEventDto);
      return { kind: 'done' };
    } catch (error) {
      const refusal = asRefusal(error);
      if (refusal && refusal.status < 500) return { kind: 'dead', refusal };
      // A 503 passes; an unexpected error (logged by the dispatcher) may be one too, and a fixed bug applies it then.
      return { kind: 'again' };
    }
  }

  private track(work: Promise<void>): Promise<void> {
    const tracked = work.finally(() => this.handling.delete(tracked));
    this.handling.add(tracked);
    return tracked;
  }

  /** Waits before handing a message back, unless the plugin is stopping. */
  private pause(): Promise<void> {
    return sleep(REDELIVER_AFTER_MS, undefined, { signal: this.stopped.signal }).catch(() => undefined);
  }
}

function deadQueue(queue: string): string {
  return `${queue}.dead`;
}

function deadSubject(config: Pick<NatsConfig, 'subjectPrefix'>): string {
  return `${config.subjectPrefix}.guest_tab.dead`;
}

function refusalHeaders(refusal: RegularsError): Record<string, string | number> {
  return {
    [REFUSAL_STATUS_HEADER]: refusal.status,
    [REFUSAL_CODE_HEADER]: refusal.code,
    // A header is one line.
    [REFUSAL_MESSAGE_HEADER]: refusal.message.replace(/[\r\n]+/g, ' ').slice(0, 1000),
  };
}
