import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { connect as connectRabbitMq, type Channel, type ChannelModel } from 'amqplib';
import { connect as connectNats, type JetStreamManager, type NatsConnection } from 'nats';
import mysql from 'mysql2/promise';
import { PERMISSIONS, signRequest } from '../../src/index.js';
import { DEVELOPMENT_SECRET, SANDBOX_TENANT } from '../../sandbox/sandbox-config.js';
import { NATS_SERVERS, RABBITMQ_URL, uniqueName, until } from '../support/brokers.js';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { SmtpInbox } from '../support/smtp-inbox.js';
import { WebhookReceiver, type Received } from '../support/webhook-receiver.js';

/** An instance of the host with the plugin, in a process of its own, as a vendor runs several. */
interface Instance {
  name: string;
  process: ChildProcess;
  url: string;
  log: string[];
}

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Which of the processes has a TCP connection from this local port (Linux: /proc). */
function processWithPort(port: number, processes: ChildProcess[]): ChildProcess | undefined {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set(
    ['/proc/net/tcp', '/proc/net/tcp6']
      .flatMap((file) => readFileSync(file, 'utf8').split('\n').slice(1))
      .map((line) => line.trim().split(/\s+/))
      .filter((columns) => columns[1]?.endsWith(`:${hex}`))
      .map((columns) => `socket:[${columns[9]}]`),
  );
  return processes.find((child) => {
    const dir = `/proc/${child.pid}/fd`;
    return readdirSync(dir).some((fd) => {
      try {
        return inodes.has(readlinkSync(join(dir, fd)));
      } catch {
        return false;
      }
    });
  });
}

/**
 * The done criterion: a guest's evening — attached at the till, a close with accrual
 * that moves them up a tier and makes a reward reachable, a second visit — reaches a webhook
 * receiver, a RabbitMQ queue, a NATS subject and the guest's mailbox (SMTP) exactly once each,
 * in order, while two
 * instances relay and the one sending the tier move is killed with SIGKILL mid-delivery.
 * MariaDB only: two processes share one database server.
 */
const engines = TEST_ENGINES.filter((engine) => engine === 'mariadb');
(engines.length > 0 ? describe : describe.skip)('events out through kill -9 of an instance (mariadb)', () => {
  const exchange = uniqueName('x_crash');
  const queue = uniqueName('crm_crash');
  const stream = uniqueName('REGULARS_crash');
  const subjectPrefix = uniqueName('crash');
  const instances: Instance[] = [];
  let database: TestDatabase;
  let receiver: WebhookReceiver;
  let inbox: SmtpInbox;
  let rabbitMq: ChannelModel;
  let channel: Channel;
  let nats: NatsConnection;
  let jsm: JetStreamManager;

  async function start(name: string): Promise<Instance> {
    const port = await freePort();
    const child = spawn(process.execPath, ['--max-old-space-size=256', join(process.cwd(), 'dist/sandbox/main.js')], {
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: database.url,
        REGULARS_BROKER: JSON.stringify({ rabbitmq: { url: RABBITMQ_URL, exchange }, nats: { servers: NATS_SERVERS, stream, subjectPrefix } }),
        REGULARS_WEBHOOKS: JSON.stringify({ allowPrivateTargets: true, pollIntervalMs: 100, timeoutSeconds: 5, leaseSeconds: 7 }),
        REGULARS_MESSAGES: JSON.stringify({ channel: 'smtp', smtp: { host: '127.0.0.1', port: inbox.port, from: 'hello@lumi.example' }, quietHours: false }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const instance = { name, process: child, url: `http://127.0.0.1:${port}`, log: [] as string[] };
    child.stdout!.on('data', (chunk: Buffer) => instance.log.push(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => instance.log.push(chunk.toString()));
    instances.push(instance);
    await until(`${name} to start (log: ${instance.log.join('').slice(-2000)})`, () => instance.log.join('').includes('Regulars sandbox is running'), 60_000);
    return instance;
  }

  /** A signed management or till call to one instance, as a host that is not Node makes it. */
  async function call<T>(instance: Instance, method: string, path: string, body?: object): Promise<T> {
    const text = body === undefined ? '' : JSON.stringify(body);
    const actorHeader = JSON.stringify({ tenantId: SANDBOX_TENANT, id: 'manager-crash', name: 'Maria', permissions: Object.keys(PERMISSIONS), requestId: randomUUID() });
    const headers: Record<string, string> = { ...signRequest({ secret: DEVELOPMENT_SECRET, body: text, actorHeader }), 'idempotency-key': randomUUID() };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${instance.url}${path}`, { method, headers, body: body === undefined ? undefined : text });
    const answer = await response.json().catch(() => null);
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer as T;
  }

  async function tab(instance: Instance, type: 'guest_tab.opened' | 'guest_tab.closed', tabId: string, version: number, appId: string, amount: number): Promise<void> {
    const now = new Date().toISOString();
    const event = tabEvent(type, {
      id: `evt-crash-${tabId}-${version}`,
      tenantId: SANDBOX_TENANT,
      occurredAt: now,
      tabId,
      version,
      tab: {
        status: type === 'guest_tab.closed' ? 'closed' : 'open',
        openedAt: now,
        closedAt: type === 'guest_tab.closed' ? now : null,
        customer: { identifier: { type: 'app', value: appId, entryMethod: 'tap' } },
        orders: [{ id: 'o-1', categories: [], items: [{ id: 'l-1', productId: 'p-tasting', productGroupIds: ['food'], tags: [], name: 'Tasting menu', quantity: 1, amount, taxAmount: 0, categories: [] }] }],
      },
    });
    const text = JSON.stringify(event);
    const response = await fetch(`${instance.url}/hooks/guest-tab`, { method: 'POST', headers: { 'content-type': 'application/json', ...signRequest({ secret: DEVELOPMENT_SECRET, body: text }) }, body: text });
    if (!response.ok) throw new Error(`${type} answered ${response.status}: ${await response.text()}`);
  }

  /** The guest's events as the outbox holds them, in the order recorded. */
  async function outboxOf(customerId: string): Promise<{ id: string; type: string }[]> {
    const connection = await mysql.createConnection(database.url);
    try {
      const [rows] = await connection.query('SELECT id, type FROM rc_outbox_events WHERE customer_id = ? ORDER BY id', [customerId]);
      return rows as { id: string; type: string }[];
    } finally {
      await connection.end();
    }
  }

  async function fromRabbitMq(customerId: string): Promise<string[]> {
    const ids: string[] = [];
    for (let message = await channel.get(queue, { noAck: true }); message; message = await channel.get(queue, { noAck: true })) {
      const event = JSON.parse(message.content.toString('utf8'));
      if (event.customerId === customerId) ids.push(message.properties.messageId as string);
    }
    return ids;
  }

  async function fromNats(customerId: string): Promise<string[]> {
    const last = (await jsm.streams.info(stream)).state.last_seq;
    const ids: string[] = [];
    for (let seq = 1; seq <= last; seq += 1) {
      const event = JSON.parse(Buffer.from((await jsm.streams.getMessage(stream, { seq })).data).toString('utf8'));
      if (event.customerId === customerId) ids.push(event.id);
    }
    return ids;
  }

  /** Where each delivery of the guest's events stands, for a failure to say which subscriber lagged and why. */
  async function deliveriesOf(customerId: string): Promise<string> {
    const connection = await mysql.createConnection(database.url);
    try {
      const [rows] = await connection.query(
        'SELECT subscription_id, event_type, status, attempts, last_status_code, last_error, next_attempt_at, leased_until FROM rc_webhook_deliveries WHERE customer_id = ? AND status <> ? ORDER BY subscription_id, event_id',
        [customerId, 'delivered'],
      );
      return JSON.stringify(rows);
    } finally {
      await connection.end();
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase('mariadb');
    receiver = await new WebhookReceiver().start();
    inbox = await new SmtpInbox().start();
    rabbitMq = await connectRabbitMq(RABBITMQ_URL);
    channel = await rabbitMq.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.assertQueue(queue, { durable: false });
    await channel.bindQueue(queue, exchange, 'regulars.#');
    nats = await connectNats({ servers: NATS_SERVERS });
    jsm = await nats.jetstreamManager();
  }, 120_000);
  afterAll(async () => {
    for (const instance of instances) instance.process.kill('SIGKILL');
    await receiver?.stop();
    await inbox?.stop();
    await channel?.deleteQueue(queue);
    await channel?.deleteExchange(exchange);
    await rabbitMq?.close();
    await jsm?.streams.delete(stream).catch(() => undefined);
    await nats?.close();
    await database?.drop();
  });

  it('delivers the evening once per subscriber, in order, when the instance sending it dies', async () => {
    const first = await start('instance A');
    const second = await start('instance B');
    await call(first, 'POST', '/webhooks', { url: `${receiver.url}/crm`, eventTypes: ['*'] });

    const appId = `app-crash-${randomUUID()}`;
    const guest = await call<{ id: string }>(first, 'POST', '/customers', { kind: 'individual', firstName: 'Dmitri', lastName: 'Volkov', marketingConsent: true, contacts: [{ type: 'email', value: 'dmitri@example.com' }] });
    await call(second, 'POST', `/customers/${guest.id}/categories`, { categoryCode: 'REGULARS' });
    await call(first, 'POST', `/customers/${guest.id}/identifiers`, { type: 'app', value: appId, entryMethod: 'tap' });

    // The relay that takes the tier move is stopped dead while the receiver has it and has not answered.
    let killed: ChildProcess | undefined;
    receiver.answer('/crm', (request: Received) => {
      if (killed || request.event.customerId !== guest.id || request.event.type !== 'tier.changed') return 200;
      killed = processWithPort(request.remotePort, [first.process, second.process]);
      killed?.kill('SIGKILL');
      return 'hang';
    });

    await tab(first, 'guest_tab.opened', 'crash-1', 1, appId, 20_000);
    await tab(second, 'guest_tab.closed', 'crash-1', 2, appId, 20_000);
    await until('the tier move to reach the receiver', () => killed !== undefined, 60_000);
    const survivor = killed === first.process ? second : first;

    // The till goes on with the instance left: another visit.
    await tab(survivor, 'guest_tab.opened', 'crash-2', 1, appId, 3_000);
    await tab(survivor, 'guest_tab.closed', 'crash-2', 2, appId, 3_000);

    const recorded = await outboxOf(guest.id);
    const evening = recorded.map((event) => event.id);
    expect(recorded.map((event) => event.type)).toEqual(
      expect.arrayContaining(['customer.created', 'identifier.bound', 'visit.recorded', 'account.credited', 'tier.changed', 'reward.reachable']),
    );
    expect(recorded.filter((event) => event.type === 'visit.recorded')).toHaveLength(2);

    const acknowledged = () => receiver.at('/crm').filter((request) => request.event.customerId === guest.id && request.answered === 200).map((request) => request.event.id);
    // The mails a guest gets of the evening: receipts of points, and (with consent) the tier and the reward.
    const mailed = recorded.filter((event) => ['account.credited', 'tier.changed', 'reward.reachable'].includes(event.type)).map((event) => event.id);
    const mails = () => inbox.to('dmitri@example.com').map((mail) => mail.headers['x-regulars-event-id']);
    let rabbitMqIds: string[] = [];
    let natsIds: string[] = [];
    await until(
      'every event of the evening at every subscriber',
      async () => {
        rabbitMqIds.push(...(await fromRabbitMq(guest.id)));
        natsIds = await fromNats(guest.id);
        return acknowledged().length >= evening.length && new Set(rabbitMqIds).size >= evening.length && natsIds.length >= evening.length && new Set(mails()).size >= mailed.length;
      },
      90_000,
    ).catch(async (error: Error) => {
      const got = `webhook ${acknowledged().length}, RabbitMQ ${new Set(rabbitMqIds).size}, NATS ${natsIds.length} of ${evening.length}; mails ${new Set(mails()).size} of ${mailed.length}`;
      const logs = instances.map((instance) => `${instance.name}: ${instance.log.join('').slice(-3000)}`).join('\n');
      throw new Error(`${error.message} (${got})\nundelivered: ${await deliveriesOf(guest.id)}\n${logs}`);
    });

    // The receiver had the tier move twice — the killed instance's attempt it never answered, then the survivor's — and acknowledged it once.
    const tierMove = recorded.find((event) => event.type === 'tier.changed')!.id;
    expect(receiver.at('/crm').filter((request) => request.event.id === tierMove).map((request) => request.answered)).toEqual(['hang', 200]);
    expect(acknowledged()).toEqual(evening);
    // JetStream keeps one message per Nats-Msg-Id; RabbitMQ may hold a second copy of an event whose confirm the killed instance got but never wrote down, under the same message id.
    expect(natsIds).toEqual(evening);
    rabbitMqIds = rabbitMqIds.filter((id, index) => rabbitMqIds.indexOf(id) === index);
    expect(rabbitMqIds).toEqual(evening);
    // A mail the killed instance handed to the server but did not write down goes again with the same Message-ID.
    expect(mails().filter((id, index, all) => all.indexOf(id) === index)).toEqual(mailed);
    expect(inbox.to('dmitri@example.com')[0].headers['message-id']).toContain(mailed[0]);
  }, 240_000);
});
