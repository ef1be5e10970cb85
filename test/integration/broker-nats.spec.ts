import { jest } from '@jest/globals';
import { connect, type JetStreamClient, type JetStreamManager, type NatsConnection, type StoredMsg } from 'nats';
import type { INestApplication } from '@nestjs/common';
import { GuestTabHooks, WebhookRelay } from '../../src/index.js';
import { REGULARS_CONFIG } from '../../src/common/config/regulars.constants.js';
import type { RegularsConfig } from '../../src/common/config/regulars-options.js';
import { RegularsError } from '../../src/common/errors/regulars-error.js';
import { BROKER_TARGETS } from '../../src/modules/brokers/broker-publisher.js';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { startPlugin, startSecondInstance, TENANT, type TestPlugin } from '../support/plugin.js';
import { brokerDelivery, inboxCounts, NATS_SERVERS, tierMove, uniqueName, until } from '../support/brokers.js';

describe.each(TEST_ENGINES)('the host’s NATS JetStream (%s)', (engine) => {
  const stream = uniqueName(`REGULARS_${engine}`);
  const subjectPrefix = uniqueName(`regulars_${engine}`);
  const posStream = uniqueName(`POS_${engine}`);
  const posSubjects = uniqueName(`pos_${engine}`);
  const options = { broker: { nats: { servers: NATS_SERVERS, stream, subjectPrefix, consume: { stream: posStream, subject: `${posSubjects}.>` }, prefetch: 2 } } };
  let plugin: TestPlugin;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let js: JetStreamClient;
  const others: INestApplication[] = [];
  /** The plugin's stream has been read up to this sequence. */
  let readUpTo = 0;

  const drain = (app: INestApplication = plugin.app) => app.get(WebhookRelay).drain();
  /** What the plugin's stream stored since the last look. */
  async function stored(): Promise<StoredMsg[]> {
    const last = (await jsm.streams.info(stream)).state.last_seq;
    const messages: StoredMsg[] = [];
    for (let seq = readUpTo + 1; seq <= last; seq += 1) messages.push(await jsm.streams.getMessage(stream, { seq }));
    readUpTo = last;
    return messages;
  }
  const send = (event: unknown, type = 'guest_tab.opened') => js.publish(`${posSubjects}.${type}`, Buffer.from(typeof event === 'string' ? event : JSON.stringify(event)));
  const pending = async () => (await jsm.consumers.info(posStream, 'regulars')).num_pending + (await jsm.consumers.info(posStream, 'regulars')).num_ack_pending;

  beforeAll(async () => {
    nc = await connect({ servers: NATS_SERVERS });
    jsm = await nc.jetstreamManager();
    js = nc.jetstream();
    plugin = await startPlugin(engine, options);
  });
  afterAll(async () => {
    for (const app of others) await app.close();
    await plugin.close();
    for (const name of [stream, posStream]) await jsm.streams.delete(name).catch(() => undefined);
    await nc.close();
  });

  it('publishes each event recorded in a transaction once, as <prefix>.<type>, in order per guest, with its id as Nats-Msg-Id', async () => {
    const anna = [await tierMove(plugin.app, 'c_anna', 'SILVER'), await tierMove(plugin.app, 'c_anna', 'GOLD')];
    const boris = await tierMove(plugin.app, 'c_boris', 'GOLD');
    anna.push(await tierMove(plugin.app, 'c_anna', 'PLATINUM'));
    await drain();
    await drain();

    const messages = await stored();
    const events = messages.map((message) => JSON.parse(Buffer.from(message.data).toString('utf8')));
    expect(events.map((event) => event.id).sort()).toEqual([...anna, boris].sort());
    expect(events.filter((event) => event.customerId === 'c_anna').map((event) => event.id)).toEqual(anna);
    expect(messages[0].subject).toBe(`${subjectPrefix}.tier.changed`);
    expect(messages[0].header.get('Nats-Msg-Id')).toBe(events[0].id);
    expect(messages[0].header.get('Regulars-Event-Id')).toBe(events[0].id);
    expect(events[0]).toMatchObject({ type: 'tier.changed', version: 1, tenantId: TENANT });
    expect(await brokerDelivery(plugin.app, BROKER_TARGETS.nats, boris)).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('keeps an event while the server cannot be reached and publishes it once it can, nothing lost', async () => {
    const second = await startSecondInstance(plugin, { broker: { nats: { servers: 'nats://127.0.0.1:1', stream, subjectPrefix } } });
    others.push(second);
    const eventId = await tierMove(plugin.app, 'c_cleo', 'GOLD');
    await drain(second);
    expect(await brokerDelivery(plugin.app, BROKER_TARGETS.nats, eventId)).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/CONNECTION_REFUSED|ECONNREFUSED/) });
    expect(await stored()).toEqual([]);

    second.get<RegularsConfig>(REGULARS_CONFIG).broker.nats!.servers = [NATS_SERVERS];
    plugin.clock.current = new Date(plugin.clock.current.getTime() + 10_000);
    await drain(second);
    expect((await stored()).map((message) => message.header.get('Nats-Msg-Id'))).toEqual([eventId]);
    expect(await brokerDelivery(plugin.app, BROKER_TARGETS.nats, eventId)).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('applies a guest-tab event from the durable consumer once, acknowledging it only after its transaction committed', async () => {
    const handle = jest.spyOn(plugin.app.get(GuestTabHooks), 'handle');
    try {
      handle.mockRejectedValueOnce(RegularsError.unreachable());
      const event = tabEvent('guest_tab.opened', { tabId: 'js-once' });
      await send(event);
      await until('the busy event to be redelivered and applied', async () => (await inboxCounts(plugin.app, [event.id]))[0] === 1);
      await send(event);
      await until('the repeat to be answered', () => handle.mock.calls.length === 3);
      await Promise.all(handle.mock.results.map((result) => (result.value as Promise<unknown>).catch(() => undefined)));
      expect(await Promise.all(handle.mock.results.slice(1).map((result) => result.value))).toEqual([
        expect.objectContaining({ eventId: event.id, status: 'applied' }),
        expect.objectContaining({ eventId: event.id, status: 'duplicate' }),
      ]);
      expect(await inboxCounts(plugin.app, [event.id])).toEqual([1]);
      await until('every message acknowledged', async () => (await pending()) === 0);
    } finally {
      handle.mockRestore();
    }
  });

  it('dead-letters a refused event to <prefix>.guest_tab.dead with its refusal instead of taking it again', async () => {
    const invalid = tabEvent('guest_tab.updated', { tabId: 'js-bad' }) as any;
    invalid.tab.currency = 12;
    await send(invalid, 'guest_tab.updated');
    await send('{"not json');
    const letters: StoredMsg[] = [];
    await until('two dead letters', async () => {
      letters.push(...(await stored()).filter((message) => message.subject === `${subjectPrefix}.guest_tab.dead`));
      return letters.length === 2;
    });
    expect(letters.map((letter) => [letter.header.get('Regulars-Refusal-Status'), letter.header.get('Regulars-Refusal-Code')])).toEqual([
      ['400', 'invalid_input'],
      ['400', 'invalid_json'],
    ]);
    expect(letters[0].header.get('Regulars-Refusal-Message')).toContain('tab.currency');
    expect(letters[0].header.get('Regulars-Original-Subject')).toBe(`${posSubjects}.guest_tab.updated`);
    expect(JSON.parse(Buffer.from(letters[0].data).toString('utf8')).id).toBe(invalid.id);
    await until('every message settled', async () => (await pending()) === 0);
    expect(await inboxCounts(plugin.app, [invalid.id])).toEqual([0]);
  });

  it('shares the durable consumer between two instances: each event applied once', async () => {
    const second = await startSecondInstance(plugin, options);
    others.push(second);
    const spies = [plugin.app, second].map((app) => jest.spyOn(app.get(GuestTabHooks), 'handle'));
    try {
      const events = Array.from({ length: 12 }, (_, index) => tabEvent('guest_tab.opened', { tabId: `js-shared-${index}` }));
      for (const event of events) await send(event);
      const ids = events.map((event) => event.id);
      await until('every event applied', async () => (await inboxCounts(plugin.app, ids)).every((count) => count === 1));
      await until('every message acknowledged', async () => (await pending()) === 0);
      const handled = spies.map((spy) => spy.mock.calls.map(([event]) => event.id));
      expect(handled.flat().sort()).toEqual([...ids].sort());
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
