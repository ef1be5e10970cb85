import { jest } from '@jest/globals';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { JobRegistry } from '../../src/modules/jobs/jobs.registry.js';
import { JobRunner } from '../../src/modules/jobs/job-runner.service.js';
import { Outbox } from '../../src/modules/outbox/outbox.service.js';
import { OUTGOING_EVENT_SCHEMAS, WebhookRelay, type OutgoingEvent, type OutgoingEventData, type OutgoingEventType } from '../../src/index.js';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { createCustomer, MANAGER } from '../support/factories.js';
import { actorCall, freshKey, OTHER_TENANT, postEvent, startPlugin, TENANT, type ActorOverrides, type TestPlugin } from '../support/plugin.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

/** The facts this file follows: those the customers, identification, tiers, memberships, birthdays and jobs modules record. */
const FACTS: OutgoingEventType[] = [
  'customer.created',
  'customer.changed',
  'customer.terminated',
  'customer.erased',
  'identifier.bound',
  'identifier.reassigned',
  'identifier.blocked',
  'tier.changed',
  'membership.changed',
  'birthday.given',
  'reward.reachable',
  'job_run.failed',
];

/**
 * Each fact a change records in the outbox, seen as a subscriber gets it: once, with the
 * payload its schema describes, and never for a request that was refused, replayed, or
 * whose transaction rolled back.
 */
describe.each(TEST_ENGINES)('the facts sent out (%s)', (engine) => {
  let plugin: TestPlugin;
  let receiver: WebhookReceiver;
  let tabs = 0;
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  addFormats.default(ajv);
  const validators = new Map<string, ValidateFunction>(FACTS.map((type) => [type, ajv.compile(OUTGOING_EVENT_SCHEMAS[type])]));

  const manage = (method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string, body?: object, headers: Record<string, string> = freshKey(), actor: ActorOverrides = MANAGER) =>
    actorCall(plugin.app, method, path, actor, body, headers);
  const pid = process.pid;

  let seen = 0;
  /** What the subscriber got since the last look, of the facts above, in the order recorded; each passes its schema. */
  async function newEvents(): Promise<OutgoingEvent[]> {
    await plugin.app.get(WebhookRelay).drain();
    const got = receiver.received.slice(seen).map((request) => request.event as unknown as OutgoingEvent);
    seen = receiver.received.length;
    const facts = got.filter((event) => FACTS.includes(event.type)).sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const event of facts) {
      const validate = validators.get(event.type)!;
      expect(validate(event) ? [] : validate.errors).toEqual([]);
    }
    return facts;
  }

  /** The event as a subscriber gets it, recorded now. */
  function fact<T extends OutgoingEventType>(type: T, customerId: string | null, data: OutgoingEventData<T>, tenantId = TENANT) {
    return { id: expect.stringMatching(/^ev_[0-9A-Z]{26}$/), type, version: 1, tenantId, occurredAt: plugin.clock.now().toISOString(), customerId, data };
  }

  /**
   * The next unit of work that records an event fails just after recording it, as a later
   * step of the change would: the change and its event roll back together.
   */
  function failAfterRecording(): void {
    const outbox = plugin.app.get(Outbox);
    const recordAll = outbox.recordAll.bind(outbox);
    jest.spyOn(outbox, 'recordAll').mockImplementationOnce((...args: Parameters<Outbox['recordAll']>) => {
      recordAll(...args);
      throw new Error('a later step of the change failed');
    });
  }

  /** A closed tab of one line of `amount` for the guest, as the host sends it. */
  function closedTab(customerId: string, amount: number) {
    tabs += 1;
    return tabEvent('guest_tab.closed', {
      tabId: `tab-facts-${tabs}`,
      version: 2,
      tab: {
        status: 'closed',
        closedAt: plugin.clock.now().toISOString(),
        customer: { customerId },
        categories: { tab: [], division: [], table: [] },
        orders: [{ id: 'o-1', categories: [], items: [{ id: 'l-1', productId: 'p-1', productGroupIds: [], tags: [], name: 'Dinner', quantity: 1, amount, taxAmount: 0, categories: [] }] }],
      },
    });
  }
  const latestMove = async (customerId: string) => (await manage('get', `/customers/${customerId}/tier-moves`).expect(200)).body[0].id as string;
  const silver = { code: 'SILVER', name: 'Silver' };
  const gold = { code: 'GOLD', name: 'Gold' };

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    plugin = await startPlugin(engine, { timeZone: 'Europe/Stockholm', webhooks: { allowPrivateTargets: true } });
    plugin.clock.current = new Date('2026-11-22T12:00:00Z');
    for (const tenantId of [TENANT, OTHER_TENANT]) await manage('post', '/webhooks', { url: `${receiver.url}/${tenantId}`, eventTypes: ['*'] }, {}, { ...MANAGER, tenantId }).expect(201);
    await manage('post', '/tiers', { code: 'SILVER', name: 'Silver', rank: 1, metric: 'spent', threshold: 50_000 }).expect(201);
    await manage('post', '/tiers', { code: 'GOLD', name: 'Gold', rank: 2, metric: 'spent', threshold: 100_000 }).expect(201);
    await manage('post', '/account-types', { code: 'points', name: 'Points', kind: 'points', unit: 'points' }).expect(201);
    await manage('post', '/promotion-categories', { code: 'BIRTHDAY', name: 'Birthday week' }).expect(201);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    plugin.clock.current = new Date('2026-11-22T12:00:00Z');
    // What a test left unlooked-at is not the next one's.
    await newEvents();
  });
  afterAll(async () => {
    await plugin?.close();
    await receiver?.stop();
  });

  it('customer.created: once per registration, with the profile; nothing for a refusal, a replay or a rollback', async () => {
    const input = {
      kind: 'individual',
      firstName: 'Anna',
      lastName: `Created${pid}`,
      birthDate: '1988-04-17',
      gender: 'female',
      marketingConsent: true,
      contacts: [{ type: 'mobile', value: '+46701234567' }, { type: 'email', value: `Anna.${pid}@Example.com` }],
      allowDuplicate: true,
    };
    const key = freshKey();
    const anna = (await manage('post', '/customers', input, key).expect(201)).body;
    expect(await newEvents()).toEqual([
      fact('customer.created', anna.id, {
        customerId: anna.id,
        profile: {
          kind: 'individual',
          firstName: 'Anna',
          middleName: null,
          lastName: `Created${pid}`,
          organisationName: null,
          birthDate: '1988-04-17',
          gender: 'female',
          contacts: [
            { type: 'mobile', value: '+46701234567', primary: true },
            { type: 'email', value: `anna.${pid}@example.com`, primary: true },
          ],
          marketingConsent: true,
        },
      }),
    ]);

    expect((await manage('post', '/customers', input, key).expect(201)).body.id).toBe(anna.id);
    expect((await manage('post', '/customers', { ...input, allowDuplicate: false }).expect(409)).body.code).toBe('possible_duplicate');
    failAfterRecording();
    await manage('post', '/customers', { ...input, lastName: `Rolledback${pid}` }).expect(500);
    expect(await newEvents()).toEqual([]);
    expect((await manage('get', `/customers?name=Rolledback${pid}`).expect(200)).body.items).toEqual([]);
  });

  it('customer.changed: once per request that changes the record or the contacts, naming what changed', async () => {
    const guest = await createCustomer(plugin.app, { firstName: 'Berit', lastName: `Changed${pid}`, contacts: [{ type: 'mobile', value: '+46701112233' }] });
    await newEvents();
    const profile = (lastName: string, contacts: { type: string; value: string; primary: boolean }[]) => ({
      kind: 'individual' as const,
      firstName: 'Berit',
      middleName: null,
      lastName,
      organisationName: null,
      birthDate: null,
      gender: null,
      contacts,
      marketingConsent: false,
    });
    const mobile = { type: 'mobile', value: '+46701112233', primary: true };

    await manage('patch', `/customers/${guest.id}`, { lastName: `Lind${pid}`, preferences: { text: 'No coriander' }, tags: ['vip'] }).expect(200);
    expect(await newEvents()).toEqual([fact('customer.changed', guest.id, { customerId: guest.id, changed: ['lastName', 'preferences', 'tags'], profile: profile(`Lind${pid}`, [mobile]) })]);
    // The same change again (a retry, signed anew) leaves the record as it was; the same bytes again are refused.
    await manage('patch', `/customers/${guest.id}`, { lastName: `Lind${pid}`, preferences: { text: 'No coriander' }, tags: ['vip'] }).expect(200);
    const once = { ...MANAGER, requestId: null };
    await manage('patch', `/customers/${guest.id}`, { name: null, room: `12-${pid}` }, {}, once).expect(200);
    expect((await manage('patch', `/customers/${guest.id}`, { name: null, room: `12-${pid}` }, {}, once).expect(409)).body.code).toBe('replayed_request');
    expect(await newEvents()).toEqual([fact('customer.changed', guest.id, { customerId: guest.id, changed: ['room'], profile: profile(`Lind${pid}`, [mobile]) })]);
    expect((await manage('patch', `/customers/${guest.id}`, { birthDate: '2999-01-01' }).expect(400)).body.code).toBe('invalid_input');
    await manage('patch', '/customers/c_01JD7Z3Q8K6Y0M2B5C9D1E4F7G', { lastName: 'Nobody' }).expect(404);
    failAfterRecording();
    await manage('patch', `/customers/${guest.id}`, { lastName: `Rolledback${pid}` }).expect(500);
    expect(await newEvents()).toEqual([]);
    expect((await manage('get', `/customers/${guest.id}`).expect(200)).body.lastName).toBe(`Lind${pid}`);

    // Contacts: added, changed, removed — one event each, the profile with the contacts as they are after it.
    const key = freshKey();
    const email = (await manage('post', `/customers/${guest.id}/contacts`, { type: 'email', value: `berit.${pid}@example.com` }, key).expect(201)).body;
    await manage('post', `/customers/${guest.id}/contacts`, { type: 'email', value: `berit.${pid}@example.com` }, key).expect(201);
    expect((await manage('post', `/customers/${guest.id}/contacts`, { type: 'email', value: `berit.${pid}@example.com` }).expect(409)).body.code).toBe('contact_exists');
    const withEmail = [mobile, { type: 'email', value: `berit.${pid}@example.com`, primary: true }];
    expect(await newEvents()).toEqual([fact('customer.changed', guest.id, { customerId: guest.id, changed: ['contacts'], profile: profile(`Lind${pid}`, withEmail) })]);

    await manage('patch', `/customers/${guest.id}/contacts/${email.id}`, { value: `berit.lind.${pid}@example.com` }).expect(200);
    await manage('patch', `/customers/${guest.id}/contacts/${email.id}`, { value: `berit.lind.${pid}@example.com` }).expect(200);
    const changedEmail = [mobile, { type: 'email', value: `berit.lind.${pid}@example.com`, primary: true }];
    expect(await newEvents()).toEqual([fact('customer.changed', guest.id, { customerId: guest.id, changed: ['contacts'], profile: profile(`Lind${pid}`, changedEmail) })]);

    failAfterRecording();
    await manage('delete', `/customers/${guest.id}/contacts/${email.id}`).expect(500);
    expect(await newEvents()).toEqual([]);
    await manage('delete', `/customers/${guest.id}/contacts/${email.id}`).expect(204);
    await manage('delete', `/customers/${guest.id}/contacts/${email.id}`).expect(404);
    expect(await newEvents()).toEqual([fact('customer.changed', guest.id, { customerId: guest.id, changed: ['contacts'], profile: profile(`Lind${pid}`, [mobile]) })]);
  });

  it('identifier.bound, identifier.reassigned and identifier.blocked: once per bind, move and block', async () => {
    const anna = await createCustomer(plugin.app);
    const boris = await createCustomer(plugin.app);
    const bind = (customerId: string, value: string, extra: object = {}, headers = freshKey()) =>
      manage('post', `/customers/${customerId}/identifiers`, { type: 'barcode_card', value, entryMethod: 'scan', ...extra }, headers);
    await newEvents();

    const key = freshKey();
    const card = (await bind(anna.id, `FACTS-${pid}-1`, {}, key).expect(201)).body;
    await bind(anna.id, `FACTS-${pid}-1`, {}, key).expect(201);
    // Bound to her already: a second bind, signed anew, changes nothing.
    await bind(anna.id, `FACTS-${pid}-1`).expect(201);
    expect((await bind(boris.id, `FACTS-${pid}-1`).expect(409)).body.code).toBe('identifier_has_holder');
    expect(await newEvents()).toEqual([fact('identifier.bound', anna.id, { identifierId: card.id, customerId: anna.id, type: 'barcode_card', value: card.value })]);

    await bind(boris.id, `FACTS-${pid}-1`, { reassign: true }).expect(201);
    await bind(boris.id, `FACTS-${pid}-1`, { reassign: true }).expect(201);
    expect(await newEvents()).toEqual([
      fact('identifier.reassigned', boris.id, { identifierId: card.id, type: 'barcode_card', value: card.value, fromCustomerId: anna.id, toCustomerId: boris.id }),
    ]);

    // A card issued impersonal, in a batch or alone, is bound when it is given to a guest.
    const batch = (await manage('post', '/card-batches', { name: `Facts ${pid}`, type: 'barcode_card', prefix: `F${pid}`, digits: 4, firstNumber: 1, lastNumber: 99, issue: 2 }).expect(201)).body;
    const loose = (await manage('post', '/identifiers', { type: 'barcode_card', value: `FACTS-${pid}-LOOSE` }).expect(201)).body;
    expect(await newEvents()).toEqual([]);
    const issued = (await bind(anna.id, batch.values[0]).expect(201)).body;
    expect(issued.batchId).toBe(batch.batch.id);
    await bind(anna.id, loose.value).expect(201);
    expect(await newEvents()).toEqual([
      fact('identifier.bound', anna.id, { identifierId: issued.id, customerId: anna.id, type: 'barcode_card', value: issued.value }),
      fact('identifier.bound', anna.id, { identifierId: loose.id, customerId: anna.id, type: 'barcode_card', value: loose.value }),
    ]);

    await manage('patch', `/identifiers/${card.id}`, { status: 'lost', reason: 'Lost on the tram' }).expect(200);
    await manage('patch', `/identifiers/${card.id}`, { status: 'lost', reason: 'Lost on the tram' }).expect(200);
    await manage('patch', `/identifiers/${loose.id}`, { status: 'blocked' }).expect(200);
    await manage('patch', '/identifiers/i_01JD7Z3Q8K6Y0M2B5C9D1E4F7G', { status: 'blocked' }).expect(404);
    expect(await newEvents()).toEqual([
      fact('identifier.blocked', boris.id, { identifierId: card.id, customerId: boris.id, type: 'barcode_card', value: card.value, status: 'lost', reason: 'Lost on the tram' }),
      fact('identifier.blocked', anna.id, { identifierId: loose.id, customerId: anna.id, type: 'barcode_card', value: loose.value, status: 'blocked', reason: null }),
    ]);
    // Active again, then blocked again: a new block.
    await manage('patch', `/identifiers/${loose.id}`, { status: 'active' }).expect(200);
    failAfterRecording();
    await manage('patch', `/identifiers/${loose.id}`, { status: 'blocked' }).expect(500);
    failAfterRecording();
    await bind(boris.id, `FACTS-${pid}-2`).expect(500);
    expect(await newEvents()).toEqual([]);
    expect((await manage('get', `/identifiers/${loose.id}`).expect(200)).body.status).toBe('active');
    expect((await manage('get', `/customers/${boris.id}/identifiers`).expect(200)).body.map((identifier: { id: string }) => identifier.id)).toEqual([card.id]);
  });

  it('tier.changed: at the close that reaches a tier, by hand, by the tier job in one batch; once each', async () => {
    const anna = await createCustomer(plugin.app);
    const boris = await createCustomer(plugin.app);
    await newEvents();

    const tab = closedTab(anna.id, 60_000);
    failAfterRecording();
    expect((await postEvent(plugin.app, tab)).status).toBe(500);
    expect(await newEvents()).toEqual([]);
    await postEvent(plugin.app, tab).expect(200);
    await postEvent(plugin.app, tab).expect(200);
    expect(await newEvents()).toEqual([fact('tier.changed', anna.id, { customerId: anna.id, moveId: await latestMove(anna.id), from: null, to: silver, reason: 'threshold_reached' })]);

    await manage('put', `/customers/${anna.id}/tier`, { tierCode: 'GOLD', note: 'Owner’s friend' }).expect(200);
    // Into the tier she is in: a move is written, but no one moved.
    await manage('put', `/customers/${anna.id}/tier`, { tierCode: 'GOLD' }).expect(200);
    expect((await manage('put', `/customers/${anna.id}/tier`, { tierCode: 'DIAMOND' }).expect(422)).body.code).toBe('unknown_tier');
    const moves = (await manage('get', `/customers/${anna.id}/tier-moves`).expect(200)).body;
    expect(await newEvents()).toEqual([fact('tier.changed', anna.id, { customerId: anna.id, moveId: moves[1].id, from: silver, to: gold, reason: 'manual' })]);

    // Platinum opens after both closed their big tabs: the night's run takes them up, in one batch.
    await postEvent(plugin.app, closedTab(boris.id, 130_000)).expect(200);
    await postEvent(plugin.app, closedTab(anna.id, 60_000)).expect(200);
    expect(await newEvents()).toEqual([fact('tier.changed', boris.id, { customerId: boris.id, moveId: await latestMove(boris.id), from: null, to: gold, reason: 'threshold_reached' })]);
    await manage('post', '/tiers', { code: 'PLATINUM', name: 'Platinum', rank: 3, metric: 'spent', threshold: 110_000 }).expect(201);
    const platinum = { code: 'PLATINUM', name: 'Platinum' };
    failAfterRecording();
    const broken = (await manage('post', '/jobs/tiers/runs').expect(201)).body;
    expect(broken.status).toBe('failed');
    expect((await newEvents()).map((event) => event.type)).toEqual(['job_run.failed']);
    const run = (await manage('post', '/jobs/tiers/runs').expect(201)).body;
    expect(run).toMatchObject({ status: 'succeeded', outcome: { upgrades: 2 } });
    expect((await manage('post', '/jobs/tiers/runs').expect(201)).body.outcome).toMatchObject({ upgrades: 0 });
    expect(await newEvents()).toEqual([
      fact('tier.changed', anna.id, { customerId: anna.id, moveId: await latestMove(anna.id), from: gold, to: platinum, reason: 'threshold_reached' }),
      fact('tier.changed', boris.id, { customerId: boris.id, moveId: await latestMove(boris.id), from: gold, to: platinum, reason: 'threshold_reached' }),
    ]);
  });

  it('customer.terminated: once, with the tier left; nothing for a second termination, a replay or a rollback', async () => {
    const guest = await createCustomer(plugin.app);
    await manage('put', `/customers/${guest.id}/tier`, { tierCode: 'SILVER' }).expect(200);
    await newEvents();

    failAfterRecording();
    await manage('post', `/customers/${guest.id}/terminate`, { reason: 'Moved to Gothenburg' }).expect(500);
    expect(await newEvents()).toEqual([]);
    expect((await manage('get', `/customers/${guest.id}`).expect(200)).body).toMatchObject({ status: 'active', terminatedAt: null });

    const key = freshKey();
    await manage('post', `/customers/${guest.id}/terminate`, { reason: 'Moved to Gothenburg' }, key).expect(200);
    await manage('post', `/customers/${guest.id}/terminate`, { reason: 'Moved to Gothenburg' }, key).expect(200);
    await manage('post', `/customers/${guest.id}/terminate`, { reason: 'Moved to Gothenburg' }).expect(200);
    await manage('post', '/customers/c_01JD7Z3Q8K6Y0M2B5C9D1E4F7G/terminate', { reason: 'Nobody' }).expect(404);
    expect((await manage('put', `/customers/${guest.id}/tier`, { tierCode: 'GOLD' }).expect(423)).body.code).toBe('customer_terminated');
    expect(await newEvents()).toEqual([
      fact('customer.terminated', guest.id, { customerId: guest.id, terminatedAt: plugin.clock.now().toISOString(), reason: 'Moved to Gothenburg' }),
      fact('tier.changed', guest.id, { customerId: guest.id, moveId: await latestMove(guest.id), from: silver, to: null, reason: 'terminated' }),
    ]);
  });

  it('membership.changed: created, joined, left and terminated, once each', async () => {
    const owner = await createCustomer(plugin.app);
    const child = await createCustomer(plugin.app);
    const lodger = await createCustomer(plugin.app);
    await newEvents();
    const change = (membershipId: string, what: 'created' | 'joined' | 'left' | 'terminated', customerId: string, reason: string | null = null, name: string | null = 'The Berg family') =>
      fact('membership.changed', customerId, { membershipId, change: what, customerId, ownerCustomerId: owner.id, name, reason });

    const key = freshKey();
    const family = (await manage('post', '/memberships', { name: 'The Berg family', ownerCustomerId: owner.id }, key).expect(201)).body;
    await manage('post', '/memberships', { name: 'The Berg family', ownerCustomerId: owner.id }, key).expect(201);
    expect(await newEvents()).toEqual([change(family.id, 'created', owner.id), change(family.id, 'joined', owner.id)]);

    failAfterRecording();
    await manage('post', `/memberships/${family.id}/members`, { customerId: child.id }).expect(500);
    expect(await newEvents()).toEqual([]);
    expect((await manage('get', `/memberships/${family.id}`).expect(200)).body.members).toHaveLength(1);
    await manage('post', `/memberships/${family.id}/members`, { customerId: child.id }).expect(201);
    await manage('post', `/memberships/${family.id}/members`, { customerId: child.id }).expect(201);
    await manage('post', `/memberships/${family.id}/members`, { customerId: lodger.id }).expect(201);
    expect(await newEvents()).toEqual([change(family.id, 'joined', child.id), change(family.id, 'joined', lodger.id)]);

    await manage('delete', `/memberships/${family.id}/members/${child.id}`).expect(204);
    await manage('delete', `/memberships/${family.id}/members/${child.id}`).expect(404);
    expect((await manage('delete', `/memberships/${family.id}/members/${owner.id}`).expect(409)).body.code).toBe('owner_cannot_leave');
    // A member whose programme ends leaves the membership.
    await manage('post', `/customers/${lodger.id}/terminate`, { reason: 'Moved out' }).expect(200);
    expect(await newEvents()).toEqual([
      change(family.id, 'left', child.id),
      fact('customer.terminated', lodger.id, { customerId: lodger.id, terminatedAt: plugin.clock.now().toISOString(), reason: 'Moved out' }),
      change(family.id, 'left', lodger.id),
    ]);

    await manage('post', `/memberships/${family.id}/terminate`, { reason: 'The family left the programme' }).expect(200);
    await manage('post', `/memberships/${family.id}/terminate`, { reason: 'The family left the programme' }).expect(200);
    expect(await newEvents()).toEqual([change(family.id, 'terminated', owner.id, 'The family left the programme')]);

    // An owner's termination ends the membership they answer for.
    const team = (await manage('post', '/memberships', { name: 'Team Berg', ownerCustomerId: child.id }).expect(201)).body;
    await newEvents();
    await manage('post', `/customers/${child.id}/terminate`, { reason: 'Asked to leave' }).expect(200);
    expect(await newEvents()).toEqual([
      fact('customer.terminated', child.id, { customerId: child.id, terminatedAt: plugin.clock.now().toISOString(), reason: 'Asked to leave' }),
      fact('membership.changed', child.id, {
        membershipId: team.id,
        change: 'terminated',
        customerId: child.id,
        ownerCustomerId: child.id,
        name: 'Team Berg',
        reason: "its owner's membership was terminated: Asked to leave",
      }),
    ]);
  });

  it('birthday.given: once a year per guest, in the gift’s transaction, with what was given and the reward it brings within reach', async () => {
    await manage('put', '/birthday-benefit', { enabled: true, accountTypeCode: 'points', amount: 500, categoryCode: 'BIRTHDAY', categoryDays: 7 }).expect(200);
    const cake = (await manage('post', '/rewards', { code: 'CAKE', name: 'Birthday cake', benefit: { kind: 'amount_off', amount: 900 }, accountTypeCode: 'points', price: 400 }).expect(201)).body;
    try {
      plugin.clock.current = new Date('2027-06-15T10:00:00Z');
      const first = await createCustomer(plugin.app, { birthDate: '1991-06-15' });
      const second = await createCustomer(plugin.app, { birthDate: '1985-06-15' });
      await newEvents();
      const given = async (customerId: string) => {
        const [account] = (await manage('get', `/customers/${customerId}/accounts`).expect(200)).body;
        return [
          fact('birthday.given', customerId, { customerId, year: 2027, credit: { accountId: account.id, accountTypeCode: 'points', amount: 500 }, category: { code: 'BIRTHDAY', until: '2027-06-21' } }),
          fact('reward.reachable', customerId, { customerId, rewardId: cake.id, rewardCode: 'CAKE', rewardName: 'Birthday cake', accountId: account.id, accountTypeCode: 'points', price: 400, balance: 500 }),
        ];
      };

      // The first gift's transaction fails after recording: the run fails, nothing of that gift stays.
      failAfterRecording();
      expect((await manage('post', '/jobs/birthdays/runs').expect(201)).body.status).toBe('failed');
      expect((await newEvents()).map((event) => event.type)).toEqual(['job_run.failed']);
      expect((await manage('get', `/customers/${first.id}/accounts`).expect(200)).body).toEqual([]);

      expect((await manage('post', '/jobs/birthdays/runs').expect(201)).body.outcome).toEqual({ guests: 2 });
      expect((await manage('post', '/jobs/birthdays/runs').expect(201)).body.outcome).toEqual({ guests: 0 });
      expect(await newEvents()).toEqual([...(await given(first.id)), ...(await given(second.id))]);
    } finally {
      await manage('put', '/birthday-benefit', { enabled: false }).expect(200);
      await manage('patch', `/rewards/${cake.id}`, { active: false }).expect(200);
    }
  });

  it('job_run.failed: once for a run that fails, in the transaction that records the failure', async () => {
    const job = plugin.app.get(JobRegistry).find('hold-release')!;
    jest.spyOn(job, 'run').mockRejectedValueOnce(new Error('the database went away'));
    const failed = (await manage('post', '/jobs/hold-release/runs').expect(201)).body;
    expect(failed).toMatchObject({ status: 'failed', error: 'the database went away' });
    expect(await newEvents()).toEqual([
      fact('job_run.failed', null, { runId: failed.id, job: 'hold-release', trigger: 'api', startedAt: failed.startedAt, failedAt: failed.finishedAt, error: 'the database went away' }),
    ]);

    // A run that succeeds tells nothing; the same scheduled tick is refused the second time.
    const runner = plugin.app.get(JobRunner);
    expect((await runner.run('hold-release', TENANT, { trigger: 'schedule', tick: `facts-${pid}` })).status).toBe('succeeded');
    await expect(runner.run('hold-release', TENANT, { trigger: 'schedule', tick: `facts-${pid}` })).rejects.toMatchObject({ code: 'job_ran' });
    expect(await newEvents()).toEqual([]);

    // The failure's own transaction rolls back: neither the failure nor its event is written.
    jest.spyOn(job, 'run').mockRejectedValueOnce(new Error('the database went away again'));
    failAfterRecording();
    await manage('post', '/jobs/hold-release/runs').expect(500);
    expect(await newEvents()).toEqual([]);
    expect((await manage('get', '/jobs/hold-release/runs?limit=1').expect(200)).body[0]).toMatchObject({ status: 'running', error: null });
  });

  it('customer.erased: once per guest erased, and per guest in the tenant’s purge', async () => {
    const guest = await createCustomer(plugin.app);
    await newEvents();
    failAfterRecording();
    await manage('post', `/customers/${guest.id}/erase`).expect(500);
    expect(await newEvents()).toEqual([]);
    expect((await manage('get', `/customers/${guest.id}`).expect(200)).body.status).toBe('active');

    await manage('post', `/customers/${guest.id}/erase`).expect(200);
    await manage('post', `/customers/${guest.id}/erase`).expect(200);
    await manage('post', '/customers/c_01JD7Z3Q8K6Y0M2B5C9D1E4F7G/erase').expect(404);
    expect(await newEvents()).toEqual([fact('customer.erased', guest.id, { customerId: guest.id, erasedAt: plugin.clock.now().toISOString() })]);

    // The other tenant leaves: each of its guests not erased yet is erased now, and told of once.
    const theirs = { ...MANAGER, tenantId: OTHER_TENANT };
    const [kept, gone, alsoKept] = [await createCustomer(plugin.app, {}, theirs), await createCustomer(plugin.app, {}, theirs), await createCustomer(plugin.app, {}, theirs)];
    await manage('post', `/customers/${gone.id}/erase`, undefined, {}, theirs).expect(200);
    await newEvents();
    const purge = () => manage('post', '/tenant/purge-personal-data', { confirmTenantId: OTHER_TENANT, confirmation: 'ERASE ALL PERSONAL DATA' }, {}, theirs);
    failAfterRecording();
    await purge().expect(500);
    expect(await newEvents()).toEqual([]);
    expect((await purge().expect(200)).body.customersErased).toBe(2);
    expect((await purge().expect(200)).body.customersErased).toBe(0);
    const erasedAt = plugin.clock.now().toISOString();
    expect(await newEvents()).toEqual(
      [kept, alsoKept].map((customer) => fact('customer.erased', customer.id, { customerId: customer.id, erasedAt }, OTHER_TENANT)),
    );
    expect(receiver.at(`/${OTHER_TENANT}`).filter((got) => got.event.type === 'customer.erased' && got.event.customerId === gone.id)).toHaveLength(1);
  });
});
