import { jest } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RegularsConfig } from '../../src/common/config/regulars-options.js';
import { REGULARS_CONFIG } from '../../src/common/config/regulars.constants.js';
import { UnitOfWork } from '../../src/common/database/unit-of-work.js';
import { GuestMessageRelay } from '../../src/modules/guest-messages/guest-message-relay.js';
import { Outbox } from '../../src/modules/outbox/outbox.service.js';
import { WebhooksRepository } from '../../src/modules/webhooks/webhooks.repository.js';
import { WebhookRelay, type GuestMessage, type OutgoingEvent, type OutgoingEventData, type OutgoingEventType } from '../../src/index.js';
import { TEST_ENGINES } from '../support/databases.js';
import { createCustomer, MANAGER, WAITER } from '../support/factories.js';
import { actorCall, freshKey, startPlugin, TENANT, type TestPlugin } from '../support/plugin.js';
import { setUpRestaurant } from '../support/restaurant.js';
import { SmtpInbox } from '../support/smtp-inbox.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

/** Friday 20 November 2026, 13:00 in Stockholm: the middle of a working day. */
const MIDDAY = new Date('2026-11-20T12:00:00.000Z');
const HOUR = 3_600_000;

describe.each(TEST_ENGINES)('messages to guests (%s)', (engine) => {
  let plugin: TestPlugin;
  let inbox: SmtpInbox;
  let receiver: WebhookReceiver;
  let config: RegularsConfig;
  let smtpChannel: NonNullable<RegularsConfig['messages']>;
  let dataSource: DataSource;

  const manage = (method: 'get' | 'post' | 'put' | 'delete', path: string, body?: object) => actorCall(plugin.app, method, path, MANAGER, body);
  const drain = () => plugin.app.get(WebhookRelay).drain();
  const later = (ms: number) => (plugin.clock.current = new Date(plugin.clock.current.getTime() + ms));

  function record<T extends OutgoingEventType>(type: T, data: OutgoingEventData<T>, customerId: string) {
    return plugin.app.get(UnitOfWork).transaction(async () => plugin.app.get(Outbox).record(TENANT, type, data, customerId));
  }
  const tierMove = (customerId: string) => record('tier.changed', { customerId, moveId: `tm-${customerId}`, from: null, to: { code: 'GOLD', name: 'Gold' }, reason: 'threshold_reached' }, customerId);
  const expiring = (customerId: string, amount: number) =>
    record('points.expiring', { accountId: 'a_1', accountTypeCode: 'points', holder: { type: 'customer', id: customerId }, lotId: `l-${customerId}`, amount, expiresAt: '2026-12-22T12:00:00.000Z' }, customerId);

  async function guest(fields: Record<string, unknown>) {
    return createCustomer(plugin.app, fields);
  }

  async function messageDelivery(eventId: string) {
    const [row] = await dataSource.query('SELECT status, attempts, last_error AS lastError, next_attempt_at AS nextAttemptAt FROM rc_webhook_deliveries WHERE event_id = ? AND subscription_id = ?', [
      eventId,
      'messages:guest',
    ]);
    return row as { status: string; attempts: number; lastError: string | null; nextAttemptAt: string | Date };
  }

  beforeAll(async () => {
    inbox = await new SmtpInbox().start();
    receiver = await new WebhookReceiver().start();
    plugin = await startPlugin(engine, {
      timeZone: 'Europe/Stockholm',
      webhooks: { allowPrivateTargets: true },
      messages: { channel: 'smtp', smtp: { host: '127.0.0.1', port: inbox.port, from: '"Café Lumi" <hello@lumi.example>' }, quietHours: false },
    });
    plugin.clock.current = MIDDAY;
    config = plugin.app.get(REGULARS_CONFIG);
    dataSource = plugin.app.get(getDataSourceToken('regulars'));
    smtpChannel = { ...config.messages! };
    await setUpRestaurant(plugin.app);
  });
  afterEach(() => {
    config.messages = { ...smtpChannel };
    jest.restoreAllMocks();
  });
  afterAll(async () => {
    await plugin.close();
    await inbox.stop();
    await receiver.stop();
  });

  it('e-mails a guest the points credited to them, in Swedish with euros, once however often the relay drains', async () => {
    const anna = await guest({ firstName: 'Anna', language: 'sv', contacts: [{ type: 'email', value: 'anna@example.se' }] });
    const purse = (await actorCall(plugin.app, 'post', `/customers/${anna.id}/accounts`, MANAGER, { accountTypeCode: 'bonus' }, freshKey()).expect(201)).body;
    await actorCall(plugin.app, 'post', `/accounts/${purse.id}/entries`, MANAGER, { kind: 'manual_credit', amount: 12550, reason: 'Sorry for the wait' }, freshKey()).expect(201);
    await drain();
    await drain();

    const [mail, ...more] = inbox.to('anna@example.se');
    expect(more).toEqual([]);
    // Swedish writes money with a no-break space before the currency sign.
    expect(mail.subject).toBe('Du har fått 125,50\u00a0€');
    expect(mail.text).toBe('Hej Anna!\n\nTack för besöket! 125,50\u00a0€ har lagts till på ditt konto. Ditt saldo är nu 125,50\u00a0€.');
    expect(mail.headers.from).toContain('hello@lumi.example');
    const eventId = mail.headers['x-regulars-event-id'];
    expect(eventId).toMatch(/^ev_/);
    expect(mail.headers['message-id']).toBe(`<${eventId}.${TENANT}@lumi.example>`);
    expect(await messageDelivery(eventId)).toMatchObject({ status: 'delivered', attempts: 1, lastError: null });
  });

  it('writes a Russian guest’s expiring points with Russian plurals and dates in the tenant’s time zone', async () => {
    const boris = await guest({ firstName: 'Борис', language: 'ru', contacts: [{ type: 'email', value: 'boris@example.ru' }] });
    await expiring(boris.id, 500);
    await drain();
    const [mail] = inbox.to('boris@example.ru');
    expect(mail.subject).toBe('Ваши баллы скоро сгорят');
    expect(mail.text).toContain('Здравствуйте, Борис!');
    expect(mail.text).toContain('500 баллов на вашем счёте сгорят 22 декабря 2026 г.');
  });

  it('tells of a tier only a guest who consented to marketing, and records the others skipped, never retried', async () => {
    const quiet = await guest({ firstName: 'Carl', language: 'en', contacts: [{ type: 'email', value: 'carl@example.com' }] });
    const keen = await guest({ firstName: 'Dana', marketingConsent: true, contacts: [{ type: 'email', value: 'dana@example.com' }] });
    const unreachable = await guest({ firstName: 'Erik', marketingConsent: true, contacts: [{ type: 'mobile', value: '+46701234567' }] });
    const [toQuiet, toKeen, toUnreachable] = [await tierMove(quiet.id), await tierMove(keen.id), await tierMove(unreachable.id)];
    await drain();
    later(48 * HOUR);
    await drain();

    expect(inbox.to('carl@example.com')).toEqual([]);
    expect(await messageDelivery(toQuiet)).toMatchObject({ status: 'skipped', attempts: 1, lastError: 'skipped: the guest has not consented to marketing messages' });
    expect(await messageDelivery(toUnreachable)).toMatchObject({ status: 'skipped', lastError: 'skipped: the guest has no e-mail address' });
    expect(inbox.to('dana@example.com').map((mail) => [mail.subject, mail.text])).toEqual([['Welcome to Gold', 'Hello Dana,\n\nYou are now a Gold guest. Thank you for coming back to us!']]);
    expect(await messageDelivery(toKeen)).toMatchObject({ status: 'delivered' });
    // The manager sees them in the guests' messages' delivery log.
    expect((await manage('get', '/webhooks/targets').expect(200)).body).toEqual([{ id: 'messages:guest', kind: 'guest_messages' }]);
    const skipped = (await manage('get', '/webhooks/messages:guest/deliveries?status=skipped').expect(200)).body.items as { eventId: string; lastError: string }[];
    expect(skipped).toEqual(expect.arrayContaining([expect.objectContaining({ eventId: toQuiet, lastError: 'skipped: the guest has not consented to marketing messages' })]));
    plugin.clock.current = MIDDAY;
  });

  it('sends at night when the options say quietHours: false and the tenant set none of its own, and holds it when the options name a window', async () => {
    expect((await manage('get', '/messages/settings').expect(200)).body.quietHours).toBeNull();
    const owl = await guest({ firstName: 'Nils', language: 'sv', contacts: [{ type: 'email', value: 'nils@example.se' }] });
    // 23:30 in Stockholm.
    plugin.clock.current = new Date('2026-11-20T22:30:00.000Z');
    try {
      await expiring(owl.id, 80);
      await drain();
      expect(inbox.to('nils@example.se')).toHaveLength(1);

      config.messages = { ...smtpChannel, quietHours: { from: 22 * 60, until: 9 * 60 } };
      expect((await manage('get', '/messages/settings').expect(200)).body.quietHours).toEqual({ from: '22:00', until: '09:00' });
      const held = await expiring(owl.id, 90);
      await drain();
      expect(inbox.to('nils@example.se')).toHaveLength(1);
      expect(await messageDelivery(held)).toMatchObject({ status: 'pending', attempts: 0, lastError: 'quiet hours until 2026-11-21T08:00:00.000Z' });
    } finally {
      plugin.clock.current = MIDDAY;
    }
  });

  it('holds a message due in the tenant’s quiet hours until they end, without counting an attempt', async () => {
    await manage('put', '/messages/settings', { quietHours: { from: '22:00', until: '09:00' } }).expect(200);
    try {
      const owl = await guest({ firstName: 'Fia', language: 'sv', contacts: [{ type: 'email', value: 'fia@example.se' }] });
      // 23:30 in Stockholm (UTC+1 in November).
      plugin.clock.current = new Date('2026-11-20T22:30:00.000Z');
      const eventId = await expiring(owl.id, 120);
      await drain();
      expect(inbox.to('fia@example.se')).toEqual([]);
      const held = await messageDelivery(eventId);
      expect(held).toMatchObject({ status: 'pending', attempts: 0, lastError: 'quiet hours until 2026-11-21T08:00:00.000Z' });
      expect(new Date(held.nextAttemptAt).toISOString()).toBe('2026-11-21T08:00:00.000Z');

      plugin.clock.current = new Date('2026-11-21T07:59:00.000Z');
      await drain();
      expect(inbox.to('fia@example.se')).toEqual([]);
      plugin.clock.current = new Date('2026-11-21T08:00:00.000Z');
      await drain();
      expect(inbox.to('fia@example.se').map((mail) => mail.subject)).toEqual(['Dina poäng går snart ut']);
      expect(await messageDelivery(eventId)).toMatchObject({ status: 'delivered', attempts: 1 });
    } finally {
      await manage('put', '/messages/settings', { quietHours: null }).expect(200);
      plugin.clock.current = MIDDAY;
    }
  });

  it('sends one e-mail per fact when the outcome of a sent one could not be written and its delivery is handled again', async () => {
    const gus = await guest({ firstName: 'Gus', contacts: [{ type: 'email', value: 'gus@example.com' }] });
    jest.spyOn(WebhooksRepository.prototype, 'recordDelivered').mockRejectedValueOnce(new Error('the database went away'));
    const eventId = await expiring(gus.id, 75);
    await drain();
    expect(inbox.to('gus@example.com')).toHaveLength(1);
    expect(await messageDelivery(eventId)).toMatchObject({ status: 'pending', attempts: 0 });

    // Once the lease runs out the delivery is handled again: the fact is recorded as told, so nothing is sent twice.
    later(10 * 60_000);
    await drain();
    await drain();
    expect(inbox.to('gus@example.com')).toHaveLength(1);
    expect(await messageDelivery(eventId)).toMatchObject({ status: 'delivered', attempts: 1 });
    plugin.clock.current = MIDDAY;
  });

  it('retries a mail the SMTP server turned away, like any failed delivery', async () => {
    const hana = await guest({ firstName: 'Hana', contacts: [{ type: 'email', value: 'hana@example.com' }] });
    inbox.refuseOnce('hana@example.com');
    const eventId = await expiring(hana.id, 10);
    await drain();
    expect(inbox.to('hana@example.com')).toEqual([]);
    expect(await messageDelivery(eventId)).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('451') });
    later(15_000);
    await drain();
    expect(inbox.to('hana@example.com')).toHaveLength(1);
    expect(await messageDelivery(eventId)).toMatchObject({ status: 'delivered', attempts: 2 });
    plugin.clock.current = MIDDAY;
  });

  it('hands the host’s GuestMessenger the rendered message with the guest’s contacts, and retries it when it fails', async () => {
    const handed: GuestMessage[] = [];
    let calls = 0;
    config.messages = {
      ...smtpChannel,
      channel: 'messenger',
      messenger: {
        send: async (message) => {
          calls += 1;
          if (calls === 1) throw new Error('gateway busy');
          handed.push(message);
        },
      },
    };
    const ivan = await guest({ firstName: 'Ivan', language: 'vi', marketingConsent: true, contacts: [{ type: 'mobile', value: '+84901234567' }] });
    const eventId = await record(
      'reward.reachable',
      { customerId: ivan.id, rewardId: 'rw_1', rewardCode: 'DESSERT', rewardName: 'Bánh flan', accountId: 'a_1', accountTypeCode: 'points', price: 1500, balance: 1740 },
      ivan.id,
    );
    await drain();
    expect(handed).toEqual([]);
    later(15_000);
    await drain();
    expect(handed).toEqual([
      {
        id: eventId,
        eventId,
        kind: 'reward.reachable',
        purpose: 'marketing',
        tenantId: TENANT,
        customerId: ivan.id,
        language: 'vi',
        to: { email: null, phone: '+84901234567' },
        subject: 'Bạn đã có thể nhận Bánh flan',
        text: 'Xin chào Ivan,\n\nVới 1.740 điểm trong tài khoản, bạn đã có thể đổi Bánh flan với giá 1.500 điểm. Hãy yêu cầu ở lần ghé thăm tới nhé!',
      },
    ]);
    plugin.clock.current = MIDDAY;
  });

  it('records one message.requested event per fact for the webhook channel, which reaches a subscriber exactly once', async () => {
    config.messages = { ...smtpChannel, channel: 'webhook' };
    const subscription = (await manage('post', '/webhooks', { url: `${receiver.url}/sms`, eventTypes: ['message.requested'] }).expect(201)).body;
    try {
      const jana = await guest({ firstName: 'Jana', language: 'sv', contacts: [{ type: 'mobile', value: '+46701112233' }, { type: 'email', value: 'jana@example.se' }] });
      const eventId = await expiring(jana.id, 300);
      const event = (await plugin.app.get(Outbox).events(TENANT, [eventId])).get(eventId) as OutgoingEvent;
      // The handling a retry would repeat, twice over before the relay's own: one event all the same.
      expect(await plugin.app.get(GuestMessageRelay).handle(event)).toEqual({ outcome: 'sent' });
      expect(await plugin.app.get(GuestMessageRelay).handle(event)).toEqual({ outcome: 'sent' });
      await drain();
      await drain();

      const got = receiver.at('/sms');
      expect(got).toHaveLength(1);
      expect(got[0].event).toMatchObject({
        type: 'message.requested',
        customerId: jana.id,
        data: {
          messageId: eventId,
          kind: 'points.expiring',
          purpose: 'transactional',
          customerId: jana.id,
          language: 'sv',
          to: { email: 'jana@example.se', phone: '+46701112233' },
          subject: 'Dina poäng går snart ut',
          text: 'Hej Jana!\n\n300 poäng på ditt konto går ut den 22 december 2026. Kom och använd dem innan dess!',
        },
      });
      expect(inbox.to('jana@example.se')).toEqual([]);
      const requested = await dataSource.query('SELECT id FROM rc_outbox_events WHERE type = ?', ['message.requested']);
      expect(requested).toHaveLength(1);
    } finally {
      await manage('delete', `/webhooks/${subscription.id}`).expect(204);
    }
  });

  it('lists, changes, previews and resets the templates, and the next message uses the tenant’s words', async () => {
    const all = (await manage('get', '/messages/templates').expect(200)).body;
    expect(all).toHaveLength(20);
    expect(all[0]).toMatchObject({ kind: 'points.expiring', language: 'en', purpose: 'transactional', custom: false, placeholders: ['name', 'amount', 'expiryDate'] });

    const words = { subject: '{{name}}, {{amount}} går ut', body: 'Hej {{ name }}! {{amount}} går ut {{expiryDate}}. /Café Lumi' };
    expect((await manage('put', '/messages/templates/points.expiring/sv', words).expect(200)).body).toMatchObject({ ...words, custom: true, updatedBy: MANAGER.id });
    expect((await manage('get', '/messages/templates/points.expiring/sv').expect(200)).body).toMatchObject({ custom: true, subject: words.subject });

    const preview = (await manage('post', '/messages/preview', { kind: 'points.expiring', language: 'sv' }).expect(200)).body;
    expect(preview).toEqual({ kind: 'points.expiring', language: 'sv', subject: 'Anna, 500 poäng går ut', text: 'Hej Anna! 500 poäng går ut 31 januari 2027. /Café Lumi' });
    const karl = await guest({ firstName: 'Karl', language: 'sv', contacts: [{ type: 'email', value: 'karl@example.se' }] });
    expect((await manage('post', '/messages/preview', { kind: 'tier.changed', customerId: karl.id, subject: 'Hej {{name}}', body: '{{previousTier}} → {{tier}}' }).expect(200)).body).toEqual({
      kind: 'tier.changed',
      language: 'sv',
      subject: 'Hej Karl',
      text: 'Silver → Gold',
    });

    await expiring(karl.id, 40);
    await drain();
    expect(inbox.to('karl@example.se').map((mail) => mail.subject)).toEqual(['Karl, 40 poäng går ut']);

    expect((await manage('delete', '/messages/templates/points.expiring/sv').expect(200)).body).toMatchObject({ custom: false, subject: 'Dina poäng går snart ut' });
    expect((await manage('delete', '/messages/templates/points.expiring/sv').expect(200)).body).toMatchObject({ custom: false });
    expect((await manage('get', '/messages/settings').expect(200)).body).toEqual({ channel: 'smtp', defaultLanguage: 'en', timeZone: 'Europe/Stockholm', quietHours: null });
  });

  it('refuses hostile input naming the field, and the staff without the permission', async () => {
    const refused = async (method: 'get' | 'put' | 'post' | 'delete', path: string, body?: object) => {
      const answer = await manage(method, path, body);
      expect(answer.status).toBe(400);
      return (answer.body.message as string[]).join('; ');
    };
    expect(await refused('put', '/messages/templates/points.expiring/sv', { subject: 'Hi {{nam}}', body: 'x {{balance}}' })).toBe(
      'subject: {{nam}} is not a placeholder of points.expiring; it has {{name}}, {{amount}}, {{expiryDate}}; body: {{balance}} is not a placeholder of points.expiring; it has {{name}}, {{amount}}, {{expiryDate}}',
    );
    expect(await refused('put', '/messages/templates/points.expiring/sv', { subject: 'two\nlines', body: 'x' })).toContain('subject');
    expect(await refused('put', '/messages/templates/points.expiring/sv', { subject: '', body: 'x'.repeat(5001) })).toMatch(/subject.*body|body.*subject/);
    expect(await refused('put', '/messages/templates/points.expiring/sv', { subject: 42, body: null })).toMatch(/subject.*body|body.*subject/);
    expect(await refused('get', '/messages/templates/visit.recorded/sv')).toContain('kind: must be one of');
    expect(await refused('put', '/messages/templates/points.expiring/de', { subject: 'Hallo', body: 'x' })).toContain('language: must be one of');
    expect(await refused('post', '/messages/preview', { kind: 'points.expiring', language: 'fi' })).toContain('language');
    expect(await refused('post', '/messages/preview', { kind: 'points.expiring', subject: 'only a subject' })).toContain('body');
    expect(await refused('put', '/messages/settings', { quietHours: { from: '25:00', until: '09:00' } })).toContain('from');
    expect(await refused('put', '/messages/settings', { quietHours: { from: '09:00', until: '09:00' } })).toContain('quietHours.until');
    expect(await refused('put', '/messages/settings', { quietHours: 'always' })).toContain('quietHours');
    expect((await manage('post', '/messages/preview', { kind: 'points.expiring', customerId: 'c_01JD7Z3Q8K6Y0M2B5C9D1E4F7G' }).expect(404)).body.code).toBe('not_found');
    await actorCall(plugin.app, 'get', '/messages/templates', WAITER).expect(403);
    await actorCall(plugin.app, 'put', '/messages/templates/points.expiring/sv', WAITER, { subject: 'x', body: 'y' }).expect(403);
  });

  it('forgets, after webhooks.keepDays, the messages sent and skipped and what was told, with their events', async () => {
    const told = await guest({ firstName: 'Hugo', marketingConsent: true, contacts: [{ type: 'email', value: 'hugo@example.com' }] });
    const untold = await guest({ firstName: 'Ines', contacts: [{ type: 'email', value: 'ines@example.com' }] });
    const [sent, skipped] = [await tierMove(told.id), await tierMove(untold.id)];
    await drain();
    expect([await messageDelivery(sent), await messageDelivery(skipped)]).toMatchObject([{ status: 'delivered' }, { status: 'skipped' }]);
    const rows = async () =>
      [
        (await dataSource.query('SELECT COUNT(*) AS n FROM rc_webhook_deliveries WHERE event_id IN (?, ?)', [sent, skipped]))[0].n,
        (await dataSource.query('SELECT COUNT(*) AS n FROM rc_sent_messages WHERE event_id IN (?, ?)', [sent, skipped]))[0].n,
        (await dataSource.query('SELECT COUNT(*) AS n FROM rc_outbox_events WHERE id IN (?, ?)', [sent, skipped]))[0].n,
      ].map(Number);
    expect(await rows()).toEqual([2, 1, 2]);

    later(30 * 24 * HOUR + 1000);
    expect((await manage('post', '/jobs/event-retention/runs').expect(201)).body).toMatchObject({ status: 'succeeded' });
    expect(await rows()).toEqual([0, 0, 0]);
    plugin.clock.current = MIDDAY;
  });
});
