import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { TerminalService } from '../../src/index.js';
import { IdentifyAttemptCounter } from '../../src/modules/identification/identify-attempts.js';
import { TENANT_CEILING_TERMINALS } from '../../src/modules/identification/identify-rate-limiter.js';
import { REDIS_URL, until } from '../support/brokers.js';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { bindCard, card, createCustomer, identify, MANAGER, WAITER } from '../support/factories.js';
import { actorCall, freshKey, OTHER_TENANT, postEvent, startPlugin, startSecondInstance, TENANT, type TestPlugin } from '../support/plugin.js';

describe.each(TEST_ENGINES)('recognising guests (%s)', (engine) => {
  let plugin: TestPlugin;
  let dataSource: DataSource;

  beforeAll(async () => {
    plugin = await startPlugin(engine, { timeZone: 'Europe/Moscow', identifyPerMinute: 1000 });
    dataSource = plugin.app.get(getDataSourceToken('regulars'));
    await actorCall(plugin.app, 'put', '/settings', MANAGER, { defaultCountry: 'RU' }).expect(200);
  });
  afterAll(() => plugin.close());
  // A test that moves the clock leaves the next one today's, whether it passed or not.
  afterEach(() => {
    plugin.clock.current = new Date();
  });

  describe('by identifier', () => {
    it('answers the customer card for a bound card, however the reader sent it', async () => {
      plugin.clock.current = new Date('2026-07-01T09:00:00Z');
      const guest = await createCustomer(plugin.app, {
        firstName: 'Anna',
        lastName: 'Card',
        birthDate: '1990-07-03',
        announcement: 'Prefers the window table',
        preferences: { text: 'Oat milk', tags: ['lactose-free'] },
      });
      await bindCard(plugin.app, guest.id, '2000012345678', 'magnetic_card');
      const answer = await identify(plugin.app, card(';2000012345678?', 'magnetic_card', 'swipe')).expect(200);
      expect(answer.body).toEqual({
        id: guest.id,
        displayName: 'Anna Card',
        greetingName: 'Anna',
        kind: 'individual',
        tier: null,
        nextTier: null,
        categories: [],
        coupons: [],
        balances: [],
        benefits: [],
        limitsLeftToday: [],
        greeting: 'Welcome, Anna!',
        announcements: ['Prefers the window table', 'Birthday in 2 days'],
        birthdayToday: false,
        daysToBirthday: 2,
        history: { visits: 0, spent: 0, averageCheck: 0, lastVisitAt: null },
        preferences: { text: 'Oat milk', tags: ['lactose-free'], favouriteProducts: [] },
        identifiedBy: { via: 'identifier', identifierId: expect.stringMatching(/^i_/), type: 'magnetic_card', entryMethod: 'swipe' },
      });
    });

    it('wishes a happy birthday on the day, in the restaurant’s time zone', async () => {
      const guest = await createCustomer(plugin.app, { firstName: 'Boris', birthDate: '1980-02-14' });
      await bindCard(plugin.app, guest.id, 'KEY-BORIS', 'electronic_key');
      plugin.clock.current = new Date('2026-02-13T21:30:00Z'); // already the 14th in Moscow
      const answer = await identify(plugin.app, card('key-boris', 'electronic_key', 'tap')).expect(200);
      expect(answer.body).toMatchObject({ birthdayToday: true, greeting: 'Happy birthday, Boris!', announcements: ['Birthday today'] });
    });

    it('says 404 for an unknown card, and names an issued card nobody holds yet', async () => {
      expect((await identify(plugin.app, card('0000000000000')).expect(404)).body.code).toBe('unknown_identifier');
      const batch = await actorCall(plugin.app, 'post', '/card-batches', MANAGER, {
        name: 'Gold 2026',
        type: 'barcode_card',
        prefix: '460',
        digits: 9,
        firstNumber: 1,
        lastNumber: 999,
        checkDigit: 'ean13',
        issue: 3,
      }).expect(201);
      expect(batch.body.values).toEqual(['4600000000015', '4600000000022', '4600000000039']);
      expect(batch.body.batch).toMatchObject({ issued: 3, nextNumber: 4 });
      const unbound = await identify(plugin.app, card('4600000000022')).expect(404);
      expect(unbound.body).toMatchObject({ code: 'identifier_not_bound', identifier: expect.stringMatching(/^i_/) });

      const guest = await createCustomer(plugin.app);
      await bindCard(plugin.app, guest.id, '4600000000022');
      expect((await identify(plugin.app, card('4600000000022')).expect(200)).body.id).toBe(guest.id);
      const batches = await actorCall(plugin.app, 'get', '/card-batches', MANAGER).expect(200);
      expect(batches.body).toEqual([expect.objectContaining({ name: 'Gold 2026', issued: 3 })]);
    });

    it('refuses to issue a batch over numbers that are already active, issuing none of them', async () => {
      const first = await actorCall(plugin.app, 'post', '/card-batches', MANAGER, {
        name: 'Silver', type: 'barcode_card', prefix: '77', digits: 4, firstNumber: 1, lastNumber: 10, issue: 2,
      }).expect(201);
      const overlapping = await actorCall(plugin.app, 'post', '/card-batches', MANAGER, {
        name: 'Silver again', type: 'barcode_card', prefix: '77', digits: 4, firstNumber: 2, lastNumber: 10, issue: 3,
      }).expect(409);
      expect(overlapping.body).toMatchObject({ code: 'identifier_exists', message: expect.stringContaining('770002') });
      const silver = await actorCall(plugin.app, 'get', `/identifiers?batchId=${first.body.batch.id}`, MANAGER).expect(200);
      expect(silver.body.items).toHaveLength(2);
      expect((await actorCall(plugin.app, 'get', '/identifiers?value=770003&type=barcode_card', MANAGER).expect(200)).body.items).toEqual([]);
    });

    it('answers 423 for a blocked or lost card, and lets the number be issued again once it is lost', async () => {
      const guest = await createCustomer(plugin.app);
      const bound = await bindCard(plugin.app, guest.id, 'QR-LOST-1', 'qr_code');
      await actorCall(plugin.app, 'patch', `/identifiers/${bound.id}`, MANAGER, { status: 'blocked', reason: 'Suspicious use' }).expect(200);
      expect((await identify(plugin.app, card('QR-LOST-1', 'qr_code')).expect(423)).body).toMatchObject({ code: 'identifier_blocked', reason: 'Suspicious use' });
      await actorCall(plugin.app, 'patch', `/identifiers/${bound.id}`, MANAGER, { status: 'lost' }).expect(200);
      expect((await identify(plugin.app, card('QR-LOST-1', 'qr_code')).expect(423)).body.code).toBe('identifier_lost');

      const newHolder = await createCustomer(plugin.app);
      await bindCard(plugin.app, newHolder.id, 'QR-LOST-1', 'qr_code');
      expect((await identify(plugin.app, card('QR-LOST-1', 'qr_code')).expect(200)).body.id).toBe(newHolder.id);
      await actorCall(plugin.app, 'patch', `/identifiers/${bound.id}`, MANAGER, { status: 'active' }).expect(409);
    });

    it('answers 423 once the membership is terminated', async () => {
      const guest = await createCustomer(plugin.app);
      await bindCard(plugin.app, guest.id, 'APP-TERM-1', 'app');
      await actorCall(plugin.app, 'post', `/customers/${guest.id}/terminate`, MANAGER, { reason: 'Asked to leave the programme' }, freshKey()).expect(200);
      expect((await identify(plugin.app, card('APP-TERM-1', 'app', 'tap')).expect(423)).body.code).toBe('customer_terminated');
      expect((await actorCall(plugin.app, 'get', `/customers/${guest.id}`, MANAGER).expect(200)).body.status).toBe('terminated');
    });
  });

  describe('binding cards', () => {
    it('refuses a card another customer holds with 409 naming the holder, and moves it on reassign', async () => {
      const anna = await createCustomer(plugin.app, { firstName: 'Anna', lastName: 'Holder' });
      const boris = await createCustomer(plugin.app, { firstName: 'Boris', lastName: 'Taker' });
      await bindCard(plugin.app, anna.id, '5500000000001');
      const refused = await actorCall(plugin.app, 'post', `/customers/${boris.id}/identifiers`, MANAGER, { type: 'barcode_card', value: '5500000000001' }).expect(409);
      expect(refused.body).toMatchObject({ code: 'identifier_has_holder', holder: { id: anna.id, displayName: 'Anna Holder' } });

      await actorCall(plugin.app, 'post', `/customers/${boris.id}/identifiers`, { ...MANAGER, id: 'manager-9' }, {
        type: 'barcode_card',
        value: '5500000000001',
        reassign: true,
      }).expect(201);
      expect((await identify(plugin.app, card('5500000000001')).expect(200)).body.id).toBe(boris.id);
      const [moved] = await dataSource.query(`SELECT actor_id, changes FROM rc_audit_log WHERE tenant_id = ? AND action = 'reassigned' AND customer_id = ?`, [TENANT, boris.id]);
      expect(moved.actor_id).toBe('manager-9');
      expect(JSON.stringify(moved.changes)).toContain(anna.id);
    });

    it('issues a card nobody holds yet, hands it to a guest, and takes it back', async () => {
      await actorCall(plugin.app, 'post', '/identifiers', WAITER, { type: 'smart_card', value: 'gift-card-77' }).expect(403);
      const issued = await actorCall(plugin.app, 'post', '/identifiers', MANAGER, { type: 'smart_card', value: 'gift-card-77', entryMethod: 'tap' }).expect(201);
      expect(issued.body).toMatchObject({ type: 'smart_card', value: 'GIFTCARD77', status: 'active', customerId: null, boundAt: null });
      expect((await identify(plugin.app, card('gift-card-77', 'smart_card', 'tap')).expect(404)).body.code).toBe('identifier_not_bound');
      const inTheDrawer = await actorCall(plugin.app, 'post', '/identifiers', MANAGER, { type: 'smart_card', value: 'GIFT:CARD:77' }).expect(409);
      expect(inTheDrawer.body).toMatchObject({
        code: 'identifier_exists',
        message: 'already active: smart_card GIFTCARD77 (not bound to anyone)',
        holders: [{ identifier: issued.body.id, value: 'GIFTCARD77', holder: null }],
      });

      const guest = await createCustomer(plugin.app, { firstName: 'Greta', lastName: 'Gift' });
      expect((await bindCard(plugin.app, guest.id, 'gift-card-77', 'smart_card')).id).toBe(issued.body.id);
      const held = await actorCall(plugin.app, 'post', '/identifiers', MANAGER, { type: 'smart_card', value: 'gift-card-77' }).expect(409);
      expect(held.body).toMatchObject({
        code: 'identifier_exists',
        message: 'already active: smart_card GIFTCARD77 (held by Greta Gift)',
        holders: [{ identifier: issued.body.id, holder: { id: guest.id, displayName: 'Greta Gift' } }],
      });
      expect((await identify(plugin.app, card('gift-card-77', 'smart_card', 'tap')).expect(200)).body.id).toBe(guest.id);

      await actorCall(plugin.app, 'post', `/identifiers/${issued.body.id}/unbind`, { ...MANAGER, tenantId: OTHER_TENANT }).expect(404);
      const unbound = await actorCall(plugin.app, 'post', `/identifiers/${issued.body.id}/unbind`, MANAGER).expect(200);
      expect(unbound.body).toMatchObject({ id: issued.body.id, status: 'active', customerId: null, boundAt: null });
      expect((await identify(plugin.app, card('gift-card-77', 'smart_card', 'tap')).expect(404)).body.code).toBe('identifier_not_bound');
      expect((await actorCall(plugin.app, 'get', `/customers/${guest.id}/identifiers`, MANAGER).expect(200)).body).toEqual([]);
      const history = (await actorCall(plugin.app, 'get', `/customers/${guest.id}/audit`, MANAGER).expect(200)).body;
      expect(history.map((entry: { action: string }) => entry.action)).toEqual(['created', 'bound', 'unbound']);
    });

    it('issues the next cards of a batch, and none when fewer are left than asked', async () => {
      const created = await actorCall(plugin.app, 'post', '/card-batches', MANAGER, {
        name: 'Bronze', type: 'barcode_card', prefix: '88', digits: 3, firstNumber: 1, lastNumber: 5, issue: 2,
      }).expect(201);
      const batchId = created.body.batch.id;
      const next = await actorCall(plugin.app, 'post', `/card-batches/${batchId}/cards`, MANAGER, { count: 2 }).expect(201);
      expect(next.body).toMatchObject({ values: ['88003', '88004'], batch: { issued: 4, nextNumber: 5 } });

      const tooMany = await actorCall(plugin.app, 'post', `/card-batches/${batchId}/cards`, MANAGER, { count: 2 }).expect(409);
      expect(tooMany.body).toMatchObject({ code: 'batch_exhausted', remaining: 1 });
      const issued = (await actorCall(plugin.app, 'get', `/identifiers?batchId=${batchId}`, MANAGER).expect(200)).body.items;
      expect(issued.map((identifier: { value: string }) => identifier.value)).toEqual(['88001', '88002', '88003', '88004']);
      await actorCall(plugin.app, 'post', `/card-batches/${batchId}/cards`, { ...MANAGER, tenantId: OTHER_TENANT }, { count: 1 }).expect(404);
      await actorCall(plugin.app, 'post', `/card-batches/${batchId}/cards`, WAITER, { count: 1 }).expect(403);
    });

    it('lets exactly one of two terminals bind the same new card to two customers at once', async () => {
      for (let round = 0; round < 5; round++) {
        const [first, second] = await Promise.all([createCustomer(plugin.app), createCustomer(plugin.app)]);
        const value = `RACE-${engine}-${round}`;
        const answers = await Promise.all(
          [first, second].map((guest) => actorCall(plugin.app, 'post', `/customers/${guest.id}/identifiers`, MANAGER, { type: 'smart_card', value })),
        );
        expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
        const loser = answers.find((a) => a.status === 409)!;
        const winner = answers.find((a) => a.status === 201)!;
        expect(loser.body.holder.id).toBe(winner.body.customerId);
        const rows = await dataSource.query('SELECT customer_id FROM rc_identifiers WHERE tenant_id = ? AND value = ?', [TENANT, winner.body.value]);
        expect(rows).toEqual([{ customer_id: winner.body.customerId }]);
      }
    });

    it('refuses a waiter without identifiers.manage with 403, and another tenant’s customer with 404', async () => {
      const guest = await createCustomer(plugin.app);
      await actorCall(plugin.app, 'post', `/customers/${guest.id}/identifiers`, WAITER, { type: 'app', value: 'x' }).expect(403);
      await actorCall(plugin.app, 'post', `/customers/${guest.id}/identifiers`, { ...MANAGER, tenantId: OTHER_TENANT }, { type: 'app', value: 'x' }).expect(404);
    });

    it('finds an identifier with one indexed look-up, never a table scan', async () => {
      const plan =
        engine === 'sqlite'
          ? JSON.stringify(await dataSource.query(`EXPLAIN QUERY PLAN SELECT * FROM rc_identifiers WHERE tenant_id = ? AND type = ? AND value = ?`, [TENANT, 'barcode_card', '1']))
          : JSON.stringify(await dataSource.query(`EXPLAIN SELECT * FROM rc_identifiers WHERE tenant_id = ? AND type = ? AND value = ?`, [TENANT, 'barcode_card', '1']));
      expect(plan).toContain('rc_identifiers_lookup');
      expect(plan).not.toMatch(/SCAN rc_identifiers|"type":"ALL"/);
    });
  });

  describe('by caller ID and by search', () => {
    it('finds a caller by any of their phones, typed any way', async () => {
      const guest = await createCustomer(plugin.app, {
        firstName: 'Caller',
        contacts: [{ type: 'home_phone', value: '+7 495 123-45-67' }, { type: 'mobile', value: '+7 915 765 43 21' }],
      });
      const answer = await identify(plugin.app, { identifier: { type: 'phone', value: '84951234567', entryMethod: 'caller_id' } }).expect(200);
      expect(answer.body).toMatchObject({ id: guest.id, identifiedBy: { via: 'phone', entryMethod: 'caller_id' } });
      await identify(plugin.app, { identifier: { type: 'phone', value: '+79157654321', entryMethod: 'caller_id' } }).expect(200);
    });

    it('offers the candidates when a shared phone or a common name matches several', async () => {
      const a = await createCustomer(plugin.app, { firstName: 'Twin', lastName: 'Smirnova', contacts: [{ type: 'home_phone', value: '+74957770000' }] });
      const b = await createCustomer(plugin.app, { firstName: 'Twin', lastName: 'Smirnov', contacts: [{ type: 'home_phone', value: '+74957770000' }] });
      const byPhone = await identify(plugin.app, { identifier: { type: 'phone', value: '8 495 777-00-00', entryMethod: 'caller_id' } }).expect(300);
      expect(byPhone.body.candidates.map((c: { id: string }) => c.id).sort()).toEqual([a.id, b.id].sort());
      const byName = await identify(plugin.app, { query: 'twin smirnov' }).expect(300);
      expect(byName.body).toMatchObject({ statusCode: 300, error: 'Multiple Choices', code: 'ambiguous' });
      expect((await identify(plugin.app, { query: 'Twin Smirnova' }).expect(200)).body.id).toBe(a.id);
    });

    it('opens the card of a candidate the waiter picked, by its id, with the same refusals', async () => {
      const a = await createCustomer(plugin.app, { firstName: 'Picked', lastName: 'Petrova', contacts: [{ type: 'home_phone', value: '+74957771111' }] });
      await createCustomer(plugin.app, { firstName: 'Picked', lastName: 'Petrov', contacts: [{ type: 'home_phone', value: '+74957771111' }] });
      await identify(plugin.app, { identifier: { type: 'phone', value: '+74957771111', entryMethod: 'caller_id' } }).expect(300);
      const picked = await identify(plugin.app, { customerId: a.id }).expect(200);
      expect(picked.body).toMatchObject({ id: a.id, displayName: 'Picked Petrova', identifiedBy: { via: 'customer', identifierId: null } });
      const theirs = await actorCall(plugin.app, 'post', '/customers', { tenantId: OTHER_TENANT, permissions: ['customers.write'] }, { kind: 'individual', firstName: 'Olga' }).expect(201);
      await identify(plugin.app, { customerId: theirs.body.id }).expect(404);
      await actorCall(plugin.app, 'post', `/customers/${a.id}/terminate`, MANAGER, { reason: 'Moved away' }, freshKey()).expect(200);
      expect((await identify(plugin.app, { customerId: a.id }).expect(423)).body.code).toBe('customer_terminated');
    });

    it('finds a hotel guest by room, and says 404 when nobody matches', async () => {
      // A room with a letter: the factory's last names carry the process id, which may hold any number.
      const guest = await createCustomer(plugin.app, { room: 'B512' });
      expect((await identify(plugin.app, { query: 'B512' }).expect(200)).body.id).toBe(guest.id);
      expect((await identify(plugin.app, { query: 'nobody by this name' }).expect(404)).body.code).toBe('no_match');
    });

    it('refuses a request with more than one of an identifier, a query and a customer id, or none', async () => {
      await identify(plugin.app, { ...card('1'), query: 'x' }).expect(400);
      await identify(plugin.app, { query: 'x', customerId: 'c_1' }).expect(400);
      await identify(plugin.app, {}).expect(400);
      await identify(plugin.app, { identifier: { type: 'fingerprint', value: '1', entryMethod: 'scan' } }).expect(400);
    });

    it('answers the same card in-process through TerminalService', async () => {
      const guest = await createCustomer(plugin.app, { firstName: 'Inproc' });
      await bindCard(plugin.app, guest.id, 'INPROC-CARD');
      const terminal = plugin.app.get(TerminalService);
      const actor = { tenantId: TENANT, id: 'waiter-1', permissions: ['terminal.use'], terminalId: 'pos-9' };
      const answer = await terminal.identify(actor, card('INPROC-CARD'));
      expect(answer).toEqual((await identify(plugin.app, card('INPROC-CARD')).expect(200)).body);
      await expect(terminal.identify({ ...actor, permissions: [] }, card('INPROC-CARD'))).rejects.toMatchObject({ status: 403 });
    });
  });
});

describe.each(TEST_ENGINES)('identification rate limit (%s)', (engine) => {
  let first: TestPlugin;

  beforeAll(async () => {
    first = await startPlugin(engine, { identifyPerMinute: 5 });
    first.clock.current = new Date('2026-11-23T12:00:10Z');
  });
  afterAll(() => first.close());

  it('stops a terminal past its limit with 429 and Retry-After, and spares other terminals', async () => {
    const pos = { ...WAITER, terminalId: 'pos-limited' };
    for (let i = 0; i < 5; i++) await identify(first.app, card(`probe-${i}`), pos).expect(404);
    const refused = await identify(first.app, card('probe-6'), pos).expect(429);
    expect(refused.headers['retry-after']).toBe('50');
    expect(refused.body.code).toBe('too_many_identifications');
    await identify(first.app, card('probe-7'), { ...WAITER, terminalId: 'pos-other' }).expect(404);
    first.clock.current = new Date('2026-11-23T12:01:00Z');
    await identify(first.app, card('probe-8'), pos).expect(404);
  });

  it('holds across two instances on one database: each counts its own at once, the other’s from the shared counters', async () => {
    const second = await startSecondInstance(first, { identifyPerMinute: 5 });
    const flush = (app: INestApplication) => app.get(IdentifyAttemptCounter).flush();
    try {
      first.clock.current = new Date('2026-11-23T12:05:00Z');
      const pos = { ...WAITER, terminalId: 'pos-shared' };
      for (let i = 0; i < 3; i++) await identify(first.app, card(`shared-a${i}`), pos).expect(404);
      await flush(first.app);
      // The second instance knows its own attempt at once and the first's three after its flush.
      await identify(second, card('shared-b0'), pos).expect(404);
      await flush(second);
      await identify(second, card('shared-b1'), pos).expect(404);
      expect((await identify(second, card('shared-b2'), pos).expect(429)).body.code).toBe('too_many_identifications');
      await flush(second);
      await flush(first.app);
      await identify(first.app, card('shared-a3'), pos).expect(429);
    } finally {
      await second.close();
    }
  });

  it('adds the attempts to the shared counters within a flush interval, off the request', async () => {
    const second = await startSecondInstance(first, { identifyPerMinute: 5, identifyCounting: { flushMs: 100 } });
    try {
      first.clock.current = new Date('2026-11-23T12:06:00Z');
      const pos = { ...WAITER, terminalId: 'pos-flushed' };
      for (let i = 0; i < 5; i++) await identify(second, card(`flushed-${i}`), pos).expect(404);
      // The first instance learns them at its own next flush (at least once a second), after one attempt of its own: the overshoot the README states.
      await identify(first.app, card('flushed-5'), pos).expect(404);
      await until('the first instance to read the shared count', async () => (await identify(first.app, card('flushed-6'), pos)).status === 429, 5_000);
    } finally {
      await second.close();
    }
  });

  (engine === 'mariadb' ? it : it.skip)('counts the attempts of a flush still on its way to the shared counters', async () => {
    first.clock.current = new Date('2026-11-23T12:08:00Z');
    const pos = { ...WAITER, terminalId: 'pos-held' };
    for (let i = 0; i < 3; i++) await identify(first.app, card(`held-${i}`), pos).expect(404);
    // Another session holds the restaurant's counter row: the flush waits on it with the three attempts in hand.
    const other = await mysql.createConnection(first.database.url);
    try {
      await other.query('START TRANSACTION');
      await other.query("SELECT hits FROM rc_rate_windows WHERE tenant_id = ? AND bucket = 'identify:tenant' FOR UPDATE", [TENANT]);
      const flushing = first.app.get(IdentifyAttemptCounter).flush();
      await new Promise((resolve) => setTimeout(resolve, 100));
      for (let i = 3; i < 5; i++) await identify(first.app, card(`held-${i}`), pos).expect(404);
      expect((await identify(first.app, card('held-5'), pos).expect(429)).body.code).toBe('too_many_identifications');
      await other.query('ROLLBACK');
      await flushing;
    } finally {
      await other.end();
    }
    await identify(first.app, card('held-6'), pos).expect(429);
  });

  it('counts a card presented on a customer_attached event as an identification, refused attaches too', async () => {
    first.clock.current = new Date('2026-11-23T12:10:00Z');
    const guest = await createCustomer(first.app);
    await bindCard(first.app, guest.id, 'EVENT-CARD');
    const attach = (value: string) => tabEvent('guest_tab.customer_attached', { tabId: `tab-${value}`, version: 2, terminalId: 'pos-events', tab: { customer: card(value) } });
    const seated = attach('EVENT-CARD');
    const answer = (await postEvent(first.app, seated).expect(200)).body;
    for (let i = 1; i < 5; i++) expect((await postEvent(first.app, attach(`guess-${i}`)).expect(404)).body.code).toBe('unknown_identifier');
    const refused = await postEvent(first.app, attach('guess-5')).expect(429);
    expect(refused.body.code).toBe('too_many_identifications');
    expect(refused.headers['retry-after']).toBe('60');
    await identify(first.app, card('guess-6'), { ...WAITER, terminalId: 'pos-events' }).expect(429);
    // Pricing a tab that presents a made-up card tells whose card it is: it counts as well.
    const priced = { tab: attach('guess-7').tab };
    await actorCall(first.app, 'post', '/terminal/evaluate', { ...WAITER, terminalId: 'pos-priced' }, priced).expect(200);
    for (let i = 0; i < 4; i++) await actorCall(first.app, 'post', '/terminal/evaluate', { ...WAITER, terminalId: 'pos-priced' }, priced).expect(200);
    expect((await actorCall(first.app, 'post', '/terminal/evaluate', { ...WAITER, terminalId: 'pos-priced' }, priced).expect(429)).body.code).toBe('too_many_identifications');
    // The host retrying the guest's attach still gets its first answer.
    expect((await postEvent(first.app, seated).expect(200)).body).toEqual({ ...answer, status: 'duplicate' });
  });

  it('counts a host’s retries of the same attach once, and the same event id with another card as a new attempt', async () => {
    first.clock.current = new Date('2026-11-23T12:11:00Z');
    const attach = (value: string) => tabEvent('guest_tab.customer_attached', { id: 'evt-retried', tabId: 'tab-retried', version: 2, terminalId: 'pos-retrying', tab: { customer: card(value) } });
    for (let i = 0; i < 8; i++) expect((await postEvent(first.app, attach('retried')).expect(404)).body.code).toBe('unknown_identifier');
    for (let i = 1; i < 5; i++) await postEvent(first.app, attach(`changed-${i}`)).expect(404);
    expect((await postEvent(first.app, attach('changed-5')).expect(429)).body.code).toBe('too_many_identifications');
  });

  it('shows a seated guest’s card as it stands now as often as the till refreshes, counting no identification', async () => {
    first.clock.current = new Date('2026-11-23T12:12:00Z');
    const guest = await createCustomer(first.app, { firstName: 'Seated' });
    const waiter = { ...WAITER, terminalId: 'pos-refreshing' };
    for (let i = 0; i < 10; i++) {
      const shown = await actorCall(first.app, 'get', `/terminal/cards/${guest.id}`, waiter).expect(200);
      expect(shown.body).toMatchObject({ id: guest.id, greeting: 'Welcome, Seated!', identifiedBy: { via: 'customer' } });
    }
    // Five identifications a minute are still left to this terminal: the refreshes took none.
    for (let i = 0; i < 5; i++) await identify(first.app, { customerId: guest.id }, waiter).expect(200);
    await identify(first.app, { customerId: guest.id }, waiter).expect(429);
    expect((await actorCall(first.app, 'get', '/terminal/cards/c_01NOBODY', waiter).expect(404)).body.code).toBe('not_found');
    await actorCall(first.app, 'get', `/terminal/cards/${guest.id}`, { ...waiter, permissions: ['customers.read'] }).expect(403);
    await actorCall(first.app, 'post', `/customers/${guest.id}/terminate`, MANAGER, { reason: 'Moved away' }, freshKey()).expect(200);
    expect((await actorCall(first.app, 'get', `/terminal/cards/${guest.id}`, waiter).expect(423)).body.code).toBe('customer_terminated');
  });

  it('keeps a ceiling for the whole restaurant, however many terminal ids the caller makes up', async () => {
    first.clock.current = new Date('2026-11-23T12:15:00Z');
    const terminal = first.app.get(TerminalService);
    const ceiling = 5 * TENANT_CEILING_TERMINALS;
    const guesses = Array.from({ length: ceiling }, (_, i) =>
      terminal.identify({ tenantId: TENANT, id: 'prober', permissions: ['terminal.use'], terminalId: `made-up-${i}` }, card(`ceiling-${i}`)).catch((error) => error.status),
    );
    expect(new Set(await Promise.all(guesses))).toEqual(new Set([404]));
    const refused = await identify(first.app, card('ceiling-last'), { ...WAITER, terminalId: 'made-up-last' }).expect(429);
    expect(refused.body).toMatchObject({ code: 'too_many_identifications', message: expect.stringContaining('restaurant') });
    await identify(first.app, card('ceiling-last'), { ...WAITER, tenantId: OTHER_TENANT, terminalId: 'made-up-last' }).expect(404);
  });
});

describe.each(TEST_ENGINES)('identification rate limit counted in Redis (%s)', (engine) => {
  const identifyCounting = { redis: { url: REDIS_URL, keyPrefix: `regulars-test-${randomUUID()}:` } };
  let first: TestPlugin;

  beforeAll(async () => {
    first = await startPlugin(engine, { identifyPerMinute: 5, identifyCounting });
    first.clock.current = new Date('2026-11-23T12:05:00Z');
  });
  afterAll(() => first.close());

  it('holds exactly across two instances, their attempts in parallel', async () => {
    const second = await startSecondInstance(first, { identifyPerMinute: 5, identifyCounting });
    try {
      const pos = { ...WAITER, terminalId: 'pos-redis' };
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => identify(i % 2 === 0 ? first.app : second, card(`redis-${i}`), pos)));
      expect(answers.filter((answer) => answer.status === 404)).toHaveLength(5);
      expect(answers.filter((answer) => answer.status === 429)).toHaveLength(3);
    } finally {
      await second.close();
    }
  });

  it('answers the till while Redis does not, counting the attempts in the instance', async () => {
    const away = await startSecondInstance(first, { identifyPerMinute: 5, identifyCounting: { redis: { url: 'redis://127.0.0.1:1' } } });
    try {
      first.clock.current = new Date('2026-11-23T12:07:00Z');
      const pos = { ...WAITER, terminalId: 'pos-without-redis' };
      for (let i = 0; i < 5; i++) await identify(away, card(`away-${i}`), pos).expect(404);
      expect((await identify(away, card('away-5'), pos).expect(429)).body.code).toBe('too_many_identifications');
    } finally {
      await away.close();
    }
  });
});
