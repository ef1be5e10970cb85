import { jest } from '@jest/globals';
import { connect, type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import type { INestApplication } from '@nestjs/common';
import { GuestTabHooks, WebhookRelay } from '../../src/index.js';
import { REGULARS_CONFIG } from '../../src/common/config/regulars.constants.js';
import type { RegularsConfig } from '../../src/common/config/regulars-options.js';
import { RegularsError } from '../../src/common/errors/regulars-error.js';
import { BROKER_TARGETS } from '../../src/modules/brokers/broker-publisher.js';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { MANAGER } from '../support/factories.js';
import { actorCall, startPlugin, startSecondInstance, TENANT, type TestPlugin } from '../support/plugin.js';
import { brokerDelivery, inboxCounts, RABBITMQ_URL, tierMove, uniqueName, until } from '../support/brokers.js';

describe.each(TEST_ENGINES)('the host’s RabbitMQ (%s)', (engine) => {
  const exchange = uniqueName(`x_${engine}`);
  const queue = uniqueName(`pos_${engine}`);
  const dead = `${queue}.dead`;
  /** Bound to the plugin's exchange as a host's subscriber would bind its own. */
  const subscriber = uniqueName(`crm_${engine}`);
  const options = { broker: { rabbitmq: { url: RABBITMQ_URL, exchange, queue, prefetch: 2 } } };
  let plugin: TestPlugin;
  let connection: ChannelModel;
  let channel: Channel;
  const others: INestApplication[] = [];

  const drain = (app: INestApplication = plugin.app) => app.get(WebhookRelay).drain();
  async function takeAll(name: string): Promise<GetMessage[]> {
    const messages: GetMessage[] = [];
    for (let message = await channel.get(name, { noAck: true }); message; message = await channel.get(name, { noAck: true })) messages.push(message);
    return messages;
  }
  const send = (event: unknown) => channel.sendToQueue(queue, Buffer.from(typeof event === 'string' ? event : JSON.stringify(event)), { persistent: true, contentType: 'application/json' });

  beforeAll(async () => {
    connection = await connect(RABBITMQ_URL);
    channel = await connection.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.assertQueue(subscriber, { durable: false });
    await channel.bindQueue(subscriber, exchange, 'regulars.#');
    plugin = await startPlugin(engine, options);
  });
  afterAll(async () => {
    for (const app of others) await app.close();
    await plugin.close();
    for (const name of [subscriber, queue, dead]) await channel.deleteQueue(name);
    await channel.deleteExchange(exchange);
    await connection.close();
  });

  it('publishes each event recorded in a transaction once, as <prefix>.<type>, in order per guest, once the broker confirmed it', async () => {
    const anna = [await tierMove(plugin.app, 'c_anna', 'SILVER'), await tierMove(plugin.app, 'c_anna', 'GOLD')];
    const boris = await tierMove(plugin.app, 'c_boris', 'GOLD');
    anna.push(await tierMove(plugin.app, 'c_anna', 'PLATINUM'));
    await drain();
    await drain();

    const messages = await takeAll(subscriber);
    const events = messages.map((message) => JSON.parse(message.content.toString('utf8')));
    expect(events.map((event) => event.id).sort()).toEqual([...anna, boris].sort());
    expect(events.filter((event) => event.customerId === 'c_anna').map((event) => event.id)).toEqual(anna);
    const [first] = messages;
    expect(first.fields.routingKey).toBe('regulars.tier.changed');
    expect(first.properties).toMatchObject({ messageId: events[0].id, type: 'tier.changed', contentType: 'application/json', deliveryMode: 2, headers: { 'Regulars-Event-Id': events[0].id } });
    expect(events[0]).toMatchObject({ type: 'tier.changed', version: 1, tenantId: TENANT, data: { reason: 'threshold_reached' } });
    expect(await brokerDelivery(plugin.app, BROKER_TARGETS.rabbitmq, boris)).toMatchObject({ status: 'delivered', attempts: 1 });
    // The back office shows the broker's delivery log beside the subscriptions'.
    expect((await actorCall(plugin.app, 'get', '/webhooks/targets', MANAGER).expect(200)).body).toEqual([{ id: 'broker:rabbitmq', kind: 'rabbitmq' }]);
    const log = (await actorCall(plugin.app, 'get', `/webhooks/${BROKER_TARGETS.rabbitmq}/deliveries`, MANAGER).expect(200)).body.items as { eventId: string; status: string }[];
    expect(log.map((delivery) => [delivery.eventId, delivery.status])).toEqual([...anna, boris].sort().reverse().map((id) => [id, 'delivered']));
  });

  it('keeps an event while the broker cannot be reached and publishes it once it can, nothing lost', async () => {
    const unreachable = { broker: { rabbitmq: { url: 'amqp://guest:guest@127.0.0.1:1', exchange } } };
    const second = await startSecondInstance(plugin, unreachable);
    others.push(second);
    const eventId = await tierMove(plugin.app, 'c_cleo', 'GOLD');
    await drain(second);
    expect(await brokerDelivery(plugin.app, BROKER_TARGETS.rabbitmq, eventId)).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/ECONNREFUSED/) });
    expect(await takeAll(subscriber)).toEqual([]);

    second.get<RegularsConfig>(REGULARS_CONFIG).broker.rabbitmq!.url = RABBITMQ_URL;
    plugin.clock.current = new Date(plugin.clock.current.getTime() + 10_000);
    await drain(second);
    expect((await takeAll(subscriber)).map((message) => message.properties.messageId)).toEqual([eventId]);
    expect(await brokerDelivery(plugin.app, BROKER_TARGETS.rabbitmq, eventId)).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('applies a guest-tab event from the queue once, acknowledging it only after its transaction committed', async () => {
    const handle = jest.spyOn(plugin.app.get(GuestTabHooks), 'handle');
    try {
      // The database is busy the first time: the message must come back, not be lost.
      handle.mockRejectedValueOnce(RegularsError.unreachable());
      const event = tabEvent('guest_tab.opened', { tabId: 'mq-once' });
      send(event);
      await until('the busy event to be redelivered and applied', async () => (await inboxCounts(plugin.app, [event.id]))[0] === 1);
      send(event);
      await until('the repeat to be answered', () => handle.mock.calls.length === 3);
      await Promise.all(handle.mock.results.map((result) => (result.value as Promise<unknown>).catch(() => undefined)));
      expect(await Promise.all(handle.mock.results.slice(1).map((result) => result.value))).toEqual([
        expect.objectContaining({ eventId: event.id, status: 'applied' }),
        expect.objectContaining({ eventId: event.id, status: 'duplicate' }),
      ]);
      expect(await inboxCounts(plugin.app, [event.id])).toEqual([1]);
      await until('the queue to be empty', async () => (await channel.checkQueue(queue)).messageCount === 0);
      expect(await takeAll(dead)).toEqual([]);
    } finally {
      handle.mockRestore();
    }
  });

  it('dead-letters a refused event with its refusal instead of taking it again', async () => {
    const invalid = tabEvent('guest_tab.updated', { tabId: 'mq-bad' }) as any;
    invalid.tab.currency = 12;
    send(invalid);
    send('{"not json');
    await until('two dead letters', async () => (await channel.checkQueue(dead)).messageCount === 2);
    const letters = await takeAll(dead);
    expect(letters.map((letter) => letter.properties.headers)).toEqual([
      expect.objectContaining({ 'Regulars-Refusal-Status': 400, 'Regulars-Refusal-Code': 'invalid_input', 'Regulars-Refusal-Message': expect.stringContaining('tab.currency') }),
      expect.objectContaining({ 'Regulars-Refusal-Status': 400, 'Regulars-Refusal-Code': 'invalid_json' }),
    ]);
    expect(JSON.parse(letters[0].content.toString('utf8')).id).toBe(invalid.id);
    expect((await channel.checkQueue(queue)).messageCount).toBe(0);
    expect(await inboxCounts(plugin.app, [invalid.id])).toEqual([0]);
  });

  it('shares the queue between two instances: each event applied once', async () => {
    const second = await startSecondInstance(plugin, options);
    others.push(second);
    await until('both instances to consume', async () => (await channel.checkQueue(queue)).consumerCount === 2);
    const spies = [plugin.app, second].map((app) => jest.spyOn(app.get(GuestTabHooks), 'handle'));
    try {
      const events = Array.from({ length: 12 }, (_, index) => tabEvent('guest_tab.opened', { tabId: `mq-shared-${index}` }));
      for (const event of events) send(event);
      const ids = events.map((event) => event.id);
      await until('every event applied', async () => (await inboxCounts(plugin.app, ids)).every((count) => count === 1));
      const handled = spies.map((spy) => spy.mock.calls.map(([event]) => event.id));
      expect(handled.flat().sort()).toEqual([...ids].sort());
      expect(handled.every((ofOne) => ofOne.length > 0)).toBe(true);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
