import type { ChannelModel, ConfirmChannel } from 'amqplib';
import type { JetStreamManager, NatsConnection } from 'nats';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { optionalPackage } from '../../common/optional-package.js';

export type RabbitMqConfig = NonNullable<RegularsConfig['broker']['rabbitmq']>;
export type NatsConfig = NonNullable<RegularsConfig['broker']['nats']>;

/** A RabbitMQ connection with a confirm channel: a publish counts once the broker has taken responsibility for it. */
export interface RabbitMqSession {
  connection: ChannelModel;
  channel: ConfirmChannel;
}

/** Opens a connection within `timeoutMs`; `onLost` hears when it or its channel goes, so the owner opens another. */
export async function openRabbitMq(config: RabbitMqConfig, timeoutMs: number, onLost: (error: Error | undefined) => void): Promise<RabbitMqSession> {
  const amqp = await optionalPackage<typeof import('amqplib')>('amqplib', 'broker.rabbitmq');
  const connection = await amqp.connect(config.url, { timeout: timeoutMs });
  let lost = false;
  const lose = (error?: Error) => {
    if (!lost) onLost(error);
    lost = true;
  };
  // Without an error listener a broken connection would bring the host's process down.
  connection.on('error', lose);
  connection.on('close', lose);
  try {
    const channel = await connection.createConfirmChannel();
    channel.on('error', lose);
    channel.on('close', () => {
      lose();
      connection.close().catch(() => undefined);
    });
    return { connection, channel };
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
}

/** Publishes and waits for the broker's confirm. */
export function publishConfirmed(channel: ConfirmChannel, exchange: string, routingKey: string, body: Buffer, options: Parameters<ConfirmChannel['publish']>[3]): Promise<void> {
  return new Promise((resolve, reject) => {
    channel.publish(exchange, routingKey, body, options, (error) => (error ? reject(error instanceof Error ? error : new Error(`the broker refused the message (${String(error)})`)) : resolve()));
  });
}

export interface NatsSession {
  connection: NatsConnection;
  jsm: JetStreamManager;
  nats: typeof import('nats');
}

/** Connects within `timeoutMs`; once connected the client reconnects by itself for as long as it lives. */
export async function openNats(config: NatsConfig, timeoutMs: number): Promise<NatsSession> {
  const nats = await optionalPackage<typeof import('nats')>('nats', 'broker.nats');
  const connection = await nats.connect({ servers: config.servers, timeout: timeoutMs, maxReconnectAttempts: -1, name: 'regulars' });
  try {
    return { connection, jsm: await connection.jetstreamManager({ timeout: timeoutMs }), nats };
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
}

/** Makes a stream over `subjects` unless one of that name exists; an existing stream is the host's and stays as it is. */
export async function ensureStream(jsm: JetStreamManager, name: string, subjects: string[]): Promise<void> {
  try {
    await jsm.streams.info(name);
  } catch (error) {
    if (!/stream not found/i.test((error as Error).message)) throw error;
    await jsm.streams.add({ name, subjects });
  }
}
