import { hostname } from 'node:os';
import { jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { REGULARS_CONFIG } from '../../src/common/config/regulars.constants.js';
import type { RegularsConfig } from '../../src/common/config/regulars-options.js';
import { UnitOfWork } from '../../src/common/database/unit-of-work.js';
import { Outbox } from '../../src/modules/outbox/outbox.service.js';
import { WebhookSender } from '../../src/modules/webhooks/webhook-sender.js';
import { WebhooksRepository } from '../../src/modules/webhooks/webhooks.repository.js';
import { PERMISSIONS, verifyWebhook, WebhookRelay, type OutgoingEventData, type OutgoingEventType } from '../../src/index.js';
import { TEST_ENGINES } from '../support/databases.js';
import { createCustomer, MANAGER } from '../support/factories.js';
import { actorCall, startPlugin, startSecondInstance, TENANT, type TestPlugin } from '../support/plugin.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const SECOND = 1000;
const HOUR = 3_600_000;

describe.each(TEST_ENGINES)('webhooks (%s)', (engine) => {
  let plugin: TestPlugin;
  let receiver: WebhookReceiver;
  let dataSource: DataSource;
  let config: RegularsConfig;

  const manage = (method: 'get' | 'post' | 'patch' | 'delete', path: string, body?: object) => actorCall(plugin.app, method, path, MANAGER, body);
  const drain = (app: INestApplication = plugin.app) => app.get(WebhookRelay).drain();
  const later = (ms: number) => (plugin.clock.current = new Date(plugin.clock.current.getTime() + ms));

  /** A subscription of the receiver's `path`; deleted again at the end of the test that made it. */
  const made: string[] = [];
  async function subscribe(path: string, eventTypes: string[] = ['*'], extra: object = {}) {
    const subscription = (await manage('post', '/webhooks', { url: `${receiver.url}${path}`, eventTypes, ...extra }).expect(201)).body;
    made.push(subscription.id);
    return subscription as { id: string; secret: string; url: string };
  }

  /** Records an event the way a module does: inside a unit of work. */
  function record<T extends OutgoingEventType>(type: T, data: OutgoingEventData<T>, customerId: string | null = null, app: INestApplication = plugin.app) {
    return app.get(UnitOfWork).transaction(async () => app.get(Outbox).record(TENANT, type, data, customerId));
  }
  const tierMove = (customerId: string, to = 'GOLD') => record('tier.changed', { customerId, moveId: `tm-${to}`, from: null, to: { code: to, name: to }, reason: 'threshold_reached' }, customerId);

  async function deliveriesOf(subscriptionId: string) {
    return (await manage('get', `/webhooks/${subscriptionId}/deliveries`).expect(200)).body.items as {
      id: string;
      eventId: string;
      status: string;
      attempts: number;
      lastStatusCode: number | null;
      lastError: string | null;
      nextAttemptAt: string | null;
    }[];
  }

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    plugin = await startPlugin(engine, { webhooks: { allowPrivateTargets: true } });
    dataSource = plugin.app.get(getDataSourceToken('regulars'));
    config = plugin.app.get(REGULARS_CONFIG);
  });
  afterEach(async () => {
    for (const id of made.splice(0)) await manage('delete', `/webhooks/${id}`).expect(204);
  });
  afterAll(async () => {
    await plugin.close();
    await receiver.stop();
  });

  it('delivers an event recorded in a transaction once, signed with the subscription’s secret', async () => {
    const crm = await subscribe('/crm', ['tier.changed', 'points.expiring']);
    expect(crm.secret).toMatch(/^whsec_[\w-]{32}$/);
    expect((await manage('get', `/webhooks/${crm.id}`).expect(200)).body).not.toHaveProperty('secret');
    const eventId = await tierMove('c_01JD7Z3Q8K6Y0M2B5C9D1E4F7G');
    await drain();
    await drain();

    const [got, ...more] = receiver.at('/crm');
    expect(more).toEqual([]);
    expect(verifyWebhook({ secret: crm.secret, body: got.body, headers: got.headers, nowSeconds: Math.floor(plugin.clock.now().getTime() / 1000) })).toBe(true);
    expect(verifyWebhook({ secret: 'whsec_someone-else', body: got.body, headers: got.headers, nowSeconds: Math.floor(plugin.clock.now().getTime() / 1000) })).toBe(false);
    expect(verifyWebhook({ secret: crm.secret, body: got.body.replace('GOLD', 'PLATINUM'), headers: got.headers, nowSeconds: Math.floor(plugin.clock.now().getTime() / 1000) })).toBe(false);
    expect(got.headers).toMatchObject({ 'x-regulars-event-id': eventId, 'x-regulars-event-type': 'tier.changed', 'content-type': 'application/json' });
    expect(JSON.parse(got.body)).toEqual({
      id: eventId,
      type: 'tier.changed',
      version: 1,
      tenantId: TENANT,
      occurredAt: plugin.clock.now().toISOString(),
      customerId: 'c_01JD7Z3Q8K6Y0M2B5C9D1E4F7G',
      data: { customerId: 'c_01JD7Z3Q8K6Y0M2B5C9D1E4F7G', moveId: 'tm-GOLD', from: null, to: { code: 'GOLD', name: 'GOLD' }, reason: 'threshold_reached' },
    });
    const [delivery] = await deliveriesOf(crm.id);
    expect(delivery).toMatchObject({ id: got.headers['x-regulars-delivery-id'], eventId, status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null, nextAttemptAt: null });
    // No broker and no messages configured: the subscriptions are the only destinations; another id has no log.
    expect((await manage('get', '/webhooks/targets').expect(200)).body).toEqual([]);
    expect((await manage('get', '/webhooks/wh_01JD7Z3Q8K6Y0M2B5C9D1E4F7G/deliveries').expect(404)).body.code).toBe('not_found');
  });

  it('sends nothing for a change that rolled back, and refuses to record outside a transaction', async () => {
    await subscribe('/rollback');
    const failedClose = plugin.app.get(UnitOfWork).transaction(async () => {
      plugin.app.get(Outbox).record(TENANT, 'customer.erased', { customerId: 'c_1', erasedAt: plugin.clock.now().toISOString() }, 'c_1');
      throw new Error('the close failed after recording its event');
    });
    await expect(failedClose).rejects.toThrow('the close failed');
    expect(() => plugin.app.get(Outbox).record(TENANT, 'customer.erased', { customerId: 'c_1', erasedAt: plugin.clock.now().toISOString() }, 'c_1')).toThrow(
      /must run inside UnitOfWork.transaction/,
    );
    await drain();
    expect(receiver.at('/rollback')).toEqual([]);
    expect(await dataSource.query("SELECT id FROM rc_outbox_events WHERE type = 'customer.erased'")).toEqual([]);
  });

  it('retries a receiver that answered 500 after a backoff, with the same event id, and counts the attempts', async () => {
    const flaky = await subscribe('/flaky');
    let calls = 0;
    receiver.answer('/flaky', () => (++calls === 1 ? 500 : 200));
    const eventId = await tierMove('c_flaky');
    await drain();
    expect(receiver.at('/flaky')).toHaveLength(1);
    const [failed] = await deliveriesOf(flaky.id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'answered 500' });
    // The first retry comes within 10 s, not at once.
    expect(Date.parse(failed.nextAttemptAt!) - plugin.clock.now().getTime()).toBeGreaterThanOrEqual(SECOND);
    expect(Date.parse(failed.nextAttemptAt!) - plugin.clock.now().getTime()).toBeLessThanOrEqual(10 * SECOND);
    await drain();
    expect(receiver.at('/flaky')).toHaveLength(1);

    later(10 * SECOND);
    await drain();
    expect(receiver.at('/flaky').map((got) => got.headers['x-regulars-event-id'])).toEqual([eventId, eventId]);
    expect((await deliveriesOf(flaky.id))[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200, lastError: null });
  });

  it('gives up 24 hours after the first attempt, shows the delivery dead, and sends it again when retried by hand', async () => {
    const down = await subscribe('/down');
    receiver.answer('/down', 503);
    await tierMove('c_down');
    await drain();
    later(23 * HOUR);
    await drain();
    expect((await deliveriesOf(down.id))[0]).toMatchObject({ status: 'pending', attempts: 2 });
    later(2 * HOUR);
    await drain();
    const [dead] = await deliveriesOf(down.id);
    expect(dead).toMatchObject({ status: 'dead', attempts: 3, lastStatusCode: 503, nextAttemptAt: null });
    expect((await manage('get', `/webhooks/${down.id}/deliveries?status=dead`).expect(200)).body.items).toEqual([expect.objectContaining({ id: dead.id })]);
    later(48 * HOUR);
    await drain();
    expect(receiver.at('/down')).toHaveLength(3);

    receiver.answer('/down', 204);
    expect((await manage('post', `/webhooks/deliveries/${dead.id}/retry`).expect(200)).body).toMatchObject({ status: 'pending', attempts: 3 });
    await drain();
    expect((await deliveriesOf(down.id))[0]).toMatchObject({ status: 'delivered', attempts: 4, lastStatusCode: 204 });
    expect((await manage('post', '/webhooks/deliveries/wd_01JD7Z3Q8K6Y0M2B5C9D1E4F7G/retry').expect(404)).body.code).toBe('not_found');
  });

  it('keeps a guest’s events in order while the first is retried, and sends other guests’ meanwhile', async () => {
    await subscribe('/ordered');
    const first = await tierMove('c_anna', 'SILVER');
    const second = await tierMove('c_anna', 'GOLD');
    const third = await tierMove('c_anna', 'PLATINUM');
    const other = await tierMove('c_boris', 'GOLD');
    let firstAttempts = 0;
    receiver.answer('/ordered', ({ event }) => (event.id === first && ++firstAttempts === 1 ? 500 : 200));
    await drain();
    const ids = () => receiver.at('/ordered').map((got) => got.event.id);
    expect(ids().sort()).toEqual([first, other].sort());

    later(10 * SECOND);
    await drain();
    expect(
      receiver
        .at('/ordered')
        .filter((got) => got.event.customerId === 'c_anna')
        .map((got) => got.event.id),
    ).toEqual([first, first, second, third]);
  });

  it('sends a subscriber the deliveries waiting out their backoff as soon as one gets through after its outage, and only that subscriber’s', async () => {
    const back = await subscribe('/back');
    const stillDown = await subscribe('/still-down');
    receiver.answer('/back', 503);
    receiver.answer('/still-down', 503);
    for (const guest of ['c_back_1', 'c_back_2', 'c_back_3', 'c_back_4', 'c_back_5']) await tierMove(guest);
    await drain();
    const waiting = await deliveriesOf(back.id);
    const [other] = (await deliveriesOf(stillDown.id)).filter((delivery) => delivery.status === 'pending');
    expect(waiting.map((delivery) => delivery.status)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
    const retries = waiting.map((delivery) => Date.parse(delivery.nextAttemptAt!)).sort((a, b) => a - b);
    // Full jitter: the five retries fall at different moments, the first of them at least a second away.
    expect(retries[4]).toBeGreaterThan(retries[0]);

    receiver.answer('/back', 200);
    plugin.clock.current = new Date(retries[0]);
    await drain();
    expect((await deliveriesOf(back.id)).map((delivery) => [delivery.status, delivery.attempts])).toEqual(Array(5).fill(['delivered', 2]));
    if (Date.parse(other.nextAttemptAt!) > retries[0]) expect((await deliveriesOf(stillDown.id)).find((delivery) => delivery.id === other.id)).toMatchObject({ attempts: 1, nextAttemptAt: other.nextAttemptAt });
  });

  it('lets a hanging receiver time out while the others, and the till, go on', async () => {
    const hanging = await subscribe('/hanging');
    const quick = await subscribe('/quick');
    receiver.answer('/hanging', 'hang');
    config.webhooks.timeoutSeconds = 3;
    try {
      await tierMove('c_hang');
      const started = Date.now();
      const drained = drain();
      // The other subscriber has its event while the hanging delivery is still in flight.
      while (receiver.at('/hanging').length === 0 || (await deliveriesOf(quick.id))[0].status !== 'delivered') await new Promise((resolve) => setTimeout(resolve, 10));
      // A till call answers meanwhile.
      await actorCall(plugin.app, 'post', '/terminal/identify', { permissions: ['terminal.use'], terminalId: 'pos-1' }, { identifier: { type: 'barcode_card', value: '2000099999999', entryMethod: 'scan' } }).expect(404);
      expect((await deliveriesOf(hanging.id))[0]).toMatchObject({ status: 'pending', attempts: 0 });
      await drained;
      expect(Date.now() - started).toBeGreaterThanOrEqual(3 * SECOND);
      expect((await deliveriesOf(hanging.id))[0]).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null, lastError: 'no answer within 3 s' });
    } finally {
      config.webhooks.timeoutSeconds = 10;
    }
  });

  it('sends again what an instance sent but could not mark: its lease runs out (at least once)', async () => {
    const crashy = await subscribe('/crash');
    const record = jest.spyOn(plugin.app.get(WebhooksRepository), 'recordDelivered').mockRejectedValueOnce(new Error('the instance stopped'));
    try {
      const eventId = await tierMove('c_crash');
      await drain();
      expect(receiver.at('/crash')).toHaveLength(1);
      expect((await deliveriesOf(crashy.id))[0]).toMatchObject({ status: 'pending', attempts: 0 });
      // Leased: nobody sends it while the lease may still be its sender's.
      later(30 * SECOND);
      await drain();
      expect(receiver.at('/crash')).toHaveLength(1);
      // The lease lasts the POST's timeout and a minute to write the outcome.
      later(config.webhooks.timeoutSeconds * SECOND + 32 * SECOND);
      await drain();
      expect(receiver.at('/crash').map((got) => got.headers['x-regulars-event-id'])).toEqual([eventId, eventId]);
      expect((await deliveriesOf(crashy.id))[0]).toMatchObject({ status: 'delivered', attempts: 1 });
    } finally {
      record.mockRestore();
    }
  });

  it('sends a test event to the subscription tested alone, even an inactive one', async () => {
    const paused = await subscribe('/paused', ['*'], { active: false, description: 'CRM, paused' });
    await subscribe('/everything');
    const { eventId } = (await manage('post', `/webhooks/${paused.id}/test`).expect(201)).body;
    await tierMove('c_paused');
    await drain();
    expect(receiver.at('/paused').map((got) => got.event)).toEqual([expect.objectContaining({ id: eventId, type: 'webhook.test', data: { subscriptionId: paused.id, sentBy: MANAGER.id } })]);
    expect(receiver.at('/everything').map((got) => got.event.type)).toEqual(['tier.changed']);
  });

  it('manages subscriptions: change, rotate the secret, unsubscribe', async () => {
    const crm = await subscribe('/rotate', ['tier.changed']);
    const changed = (await manage('patch', `/webhooks/${crm.id}`, { eventTypes: ['visit.recorded', 'tier.changed'], description: 'CRM' }).expect(200)).body;
    expect(changed).toMatchObject({ eventTypes: ['visit.recorded', 'tier.changed'], description: 'CRM', active: true, updatedBy: MANAGER.id });
    const rotated = (await manage('post', `/webhooks/${crm.id}/rotate-secret`).expect(201)).body;
    expect(rotated.secret).not.toBe(crm.secret);
    await tierMove('c_rotated');
    await drain();
    const [got] = receiver.at('/rotate');
    const now = Math.floor(plugin.clock.now().getTime() / 1000);
    expect(verifyWebhook({ secret: rotated.secret, body: got.body, headers: got.headers, nowSeconds: now })).toBe(true);
    expect(verifyWebhook({ secret: crm.secret, body: got.body, headers: got.headers, nowSeconds: now })).toBe(false);
    expect((await manage('get', '/webhooks').expect(200)).body.map((each: { id: string }) => each.id)).toContain(crm.id);

    expect((await manage('post', '/webhooks', { url: `${receiver.url}/x`, eventTypes: ['*', 'tier.changed'] }).expect(400)).body.message).toEqual(["eventTypes: '*' (every type) stands alone"]);
    expect((await manage('post', '/webhooks', { url: `${receiver.url}/x`, eventTypes: ['webhook.test'] }).expect(400)).body.message[0]).toMatch(/^eventTypes: each value in eventTypes must be one of/);
    expect((await manage('post', '/webhooks', { url: 'ftp://files.example.com/drop', eventTypes: ['*'] }).expect(400)).body.message).toEqual(['url: must be an absolute http:// or https:// URL without spaces']);
    expect((await manage('post', '/webhooks', { url: `https://example.com/${'x'.repeat(2000)}`, eventTypes: ['*'] }).expect(400)).body.message[0]).toMatch(/^url: /);
  });

  it('refuses loopback, private and link-local targets unless the host allows them, when subscribing and when delivering', async () => {
    config.webhooks.allowPrivateTargets = false;
    try {
      for (const url of ['http://localhost:8080/hook', 'http://LOCALHOST./', 'http://127.0.0.1/', 'http://2130706433/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://0.0.0.0/', 'http://10.1.2.3/', 'http://192.168.1.20/', 'http://169.254.169.254/latest/meta-data', 'http://[fd00::1]/', 'http://[fe80::1]/']) {
        const refused = await manage('post', '/webhooks', { url, eventTypes: ['*'] });
        expect({ url, status: refused.status, code: refused.body.code, message: refused.body.message }).toEqual({ url, status: 422, code: 'private_target', message: expect.stringMatching(/^url: /) });
      }
      // A name is not resolved when subscribing (nothing is asked of the network), only at delivery.
      const publicName = (await manage('post', '/webhooks', { url: 'https://crm.example.com/hooks/regulars', eventTypes: ['*'], active: false }).expect(201)).body;
      made.push(publicName.id);
      expect((await manage('patch', `/webhooks/${publicName.id}`, { url: 'http://127.0.0.1:9/' }).expect(422)).body.code).toBe('private_target');

      // Subscribed while private targets were allowed, this machine's own name resolves to a refused address now.
      config.webhooks.allowPrivateTargets = true;
      const local = await subscribe(`/ssrf`);
      const byName = await manage('post', '/webhooks', { url: `${receiver.url.replace('127.0.0.1', hostname())}/ssrf-name`, eventTypes: ['*'] }).expect(201);
      made.push(byName.body.id);
      config.webhooks.allowPrivateTargets = false;
      await tierMove('c_ssrf');
      await drain();
      expect(receiver.at('/ssrf')).toEqual([]);
      expect(receiver.at('/ssrf-name')).toEqual([]);
      expect((await deliveriesOf(local.id))[0]).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null, lastError: expect.stringMatching(/^refused: 127\.0\.0\.1 is a loopback address/) });
      expect((await deliveriesOf(byName.body.id))[0].lastError).toMatch(new RegExp(`^refused: ${hostname()} resolves to [\\d.:a-f]+, a (loopback|private|link-local) address`));
    } finally {
      config.webhooks.allowPrivateTargets = true;
    }
  });

  it('blanks a guest’s personal values in events sent and not yet sent when the guest is erased', async () => {
    await subscribe('/crm-erasure', ['customer.created', 'identifier.reassigned']);
    // Registering the guest records customer.created with their profile.
    const guest = await createCustomer(plugin.app, { firstName: 'Zelda', lastName: 'Outboxdottir', birthDate: '1990-02-03', contacts: [{ type: 'email', value: 'zelda@example.com' }] });
    await drain();
    await record('identifier.reassigned', { identifierId: 'i_1', type: 'barcode_card', value: 'ZELDACARD', fromCustomerId: guest.id, toCustomerId: 'c_other' }, 'c_other');
    expect((await manage('get', `/customers/${guest.id}/export`).expect(200)).body.outgoingEvents.map((event: { type: string }) => event.type)).toEqual(['customer.created', 'identifier.reassigned']);
    expect((await manage('post', `/customers/${guest.id}/erase`).expect(200)).body.rows.outgoingEvents).toBe(2);
    await drain();

    const [created, reassigned] = receiver.at('/crm-erasure').map((got) => got.event);
    expect(created.data.profile).toMatchObject({ firstName: 'Zelda', lastName: 'Outboxdottir' });
    expect(reassigned.data).toMatchObject({ value: null, fromCustomerId: guest.id });
    const stored = JSON.stringify(await dataSource.query('SELECT payload FROM rc_outbox_events WHERE tenant_id = ?', [TENANT]));
    for (const personal of ['Zelda', 'Outboxdottir', '1990-02-03', 'zelda@example.com', 'ZELDACARD']) expect(stored).not.toContain(personal);
    expect(stored).toContain(guest.id);
  });

  it('answers only an actor with webhooks.manage, and only with the tenant’s own subscriptions', async () => {
    const crm = await subscribe('/perm');
    const everythingElse = Object.keys(PERMISSIONS).filter((permission) => permission !== 'webhooks.manage');
    for (const [method, path] of [['get', '/webhooks'], ['post', `/webhooks/${crm.id}/test`], ['get', `/webhooks/${crm.id}/deliveries`]] as const) {
      expect((await actorCall(plugin.app, method, path, { permissions: everythingElse }).expect(403)).body.code).toBe('forbidden');
    }
    expect((await actorCall(plugin.app, 'get', `/webhooks/${crm.id}`, { ...MANAGER, tenantId: 'brand-2' }).expect(404)).body.code).toBe('not_found');
    expect((await actorCall(plugin.app, 'get', '/webhooks', { ...MANAGER, tenantId: 'brand-2' }).expect(200)).body).toEqual([]);
  });

  it('relays by itself in an instance that runs the relay, and stops with the application', async () => {
    const relaying = await startPlugin(engine, { webhooks: { relay: true, pollIntervalMs: 50, allowPrivateTargets: true } });
    try {
      await actorCall(relaying.app, 'post', '/webhooks', MANAGER, { url: `${receiver.url}/background`, eventTypes: ['tier.changed'] }).expect(201);
      const eventId = await record('tier.changed', { customerId: 'c_bg', moveId: 'tm-bg', from: null, to: null, reason: 'terminated' }, 'c_bg', relaying.app);
      for (let waited = 0; receiver.at('/background').length === 0 && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(receiver.at('/background').map((got) => got.event.id)).toEqual([eventId]);
    } finally {
      await relaying.close();
    }
  });

  if (engine === 'mariadb') {
    it('delivers each of 200 events exactly once, in order per guest, with two instances relaying from one database', async () => {
      const second = await startSecondInstance(plugin, { webhooks: { allowPrivateTargets: true } });
      try {
        await subscribe('/pair');
        const recorded = await plugin.app.get(UnitOfWork).transaction(async () => {
          const ids: string[] = [];
          for (let i = 0; i < 200; i += 1) {
            const guest = i % 5 === 0 ? null : `c_pair_${i % 20}`;
            ids.push(plugin.app.get(Outbox).record(TENANT, 'visit.recorded', { visitId: `v_${i}`, customerId: guest ?? 'c_none', tabId: `tab-${i}`, locationId: null, closedAt: plugin.clock.now().toISOString(), currency: 'EUR', gross: 1000, discount: 0, net: 1000, earned: {}, spent: {} }, guest));
          }
          return ids;
        });
        const sent = [plugin.app, second].map((app) => jest.spyOn(app.get(WebhookSender), 'send'));
        await Promise.all([drain(), drain(second)]);
        await drain();
        // Both instances took their share, and no delivery was sent by both.
        const [byFirst, bySecond] = sent.map((spy) => spy.mock.calls.length);
        expect(byFirst).toBeGreaterThan(0);
        expect(bySecond).toBeGreaterThan(0);
        expect(byFirst + bySecond).toBe(200);
        const got = receiver.at('/pair').map((request) => request.event);
        expect(got.map((event) => event.id).sort()).toEqual([...recorded].sort());
        for (let g = 0; g < 20; g += 1) {
          const ofGuest = got.filter((event) => event.customerId === `c_pair_${g}`).map((event) => event.id);
          expect(ofGuest).toEqual([...ofGuest].sort());
        }
      } finally {
        await second.close();
      }
    });
  }

  it('keeps the log webhooks.keepDays: then delivered and dead deliveries go, and the events nothing is owed for; a pending delivery keeps its event', async () => {
    const started = plugin.clock.current;
    const crm = await subscribe('/retention', ['tier.changed']);
    const [delivered, dead, pending] = [await tierMove('c_ret_delivered'), await tierMove('c_ret_dead'), await tierMove('c_ret_pending')];
    receiver.answer('/retention', ({ event }) => (event.id === delivered ? 200 : 500));
    const unwanted = await record('customer.erased', { customerId: 'c_ret_erased', erasedAt: plugin.clock.now().toISOString() }, 'c_ret_erased');
    await drain();
    // Its retries ran out (shown so by the relay's own test above).
    await dataSource.query("UPDATE rc_webhook_deliveries SET status = 'dead' WHERE event_id = ?", [dead]);
    const events = async () => (await dataSource.query('SELECT id FROM rc_outbox_events WHERE id IN (?, ?, ?, ?, ?) ORDER BY id', [delivered, dead, pending, unwanted, recent])).map((row: { id: string }) => row.id);
    const runRetention = async () => (await manage('post', '/jobs/event-retention/runs').expect(201)).body;

    later(30 * 24 * HOUR - SECOND);
    const recent = await tierMove('c_ret_recent');
    await runRetention();
    expect(await events()).toEqual([delivered, dead, pending, unwanted, recent]);
    expect(await deliveriesOf(crm.id)).toHaveLength(3);

    later(2 * SECOND);
    expect(await runRetention()).toMatchObject({ status: 'succeeded' });
    expect((await deliveriesOf(crm.id)).map((delivery) => [delivery.eventId, delivery.status])).toEqual([[pending, 'pending']]);
    expect(await events()).toEqual([pending, recent]);
    // What is still owed goes out as before.
    receiver.answer('/retention', 200);
    await manage('post', `/webhooks/deliveries/${(await deliveriesOf(crm.id))[0].id}/retry`).expect(200);
    await drain();
    expect(receiver.at('/retention').filter((request) => request.answered === 200).map((request) => request.event.id)).toEqual([delivered, pending, recent]);
    expect((await runRetention()).outcome).toEqual({ deliveries: 0, events: 0, told: 0 });
    plugin.clock.current = started;
  });
});
