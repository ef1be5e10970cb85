import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TEST_ENGINES } from '../support/databases.js';
import { bindCard, createCustomer, MANAGER, WAITER } from '../support/factories.js';
import { actorCall, OTHER_TENANT, startPlugin, TENANT, type TestPlugin } from '../support/plugin.js';

describe.each(TEST_ENGINES)('the customer directory (%s)', (engine) => {
  let plugin: TestPlugin;
  let dataSource: DataSource;
  const count = async (table: string) => Number((await dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE tenant_id = ?`, [TENANT]))[0].n);

  beforeAll(async () => {
    plugin = await startPlugin(engine);
    dataSource = plugin.app.get(getDataSourceToken('regulars'));
    await actorCall(plugin.app, 'put', '/settings', MANAGER, { defaultCountry: 'RU' }).expect(200);
  });
  afterAll(() => plugin.close());

  describe('creating customers', () => {
    it('keeps an individual with typed contacts, phones in E.164 and e-mail in lower case', async () => {
      const response = await actorCall(plugin.app, 'post', '/customers', MANAGER, {
        kind: 'individual',
        firstName: 'Ольга',
        middleName: 'Петровна',
        lastName: 'Ёлкина',
        birthDate: '1985-03-08',
        gender: 'female',
        address: 'Тверская 1, Москва',
        preferences: { text: 'Без кинзы', tags: ['vegetarian'] },
        announcement: 'Allergic to nuts',
        tags: ['VIP', 'vip', 'wine-club'],
        responsibleEmployeeId: 'u-42',
        marketingConsent: true,
        contacts: [
          { type: 'mobile', value: '8 (916) 111-22-33' },
          { type: 'mobile', value: '+7 926 444 55 66', primary: true },
          { type: 'email', value: 'Olga.Yolkina@Example.RU' },
          { type: 'messenger', value: '@olga_y', label: 'telegram' },
        ],
      }).expect(201);
      expect(response.body).toMatchObject({
        kind: 'individual',
        status: 'active',
        displayName: 'Ольга Петровна Ёлкина',
        birthDate: '1985-03-08',
        preferences: { text: 'Без кинзы', tags: ['vegetarian'] },
        tags: ['vip', 'wine-club'],
        marketingConsent: true,
        createdBy: 'manager-1',
      });
      expect(response.body.contacts).toEqual([
        expect.objectContaining({ type: 'mobile', value: '+79161112233', primary: false }),
        expect.objectContaining({ type: 'mobile', value: '+79264445566', primary: true }),
        expect.objectContaining({ type: 'email', value: 'olga.yolkina@example.ru', primary: true }),
        expect.objectContaining({ type: 'messenger', value: '@olga_y', label: 'telegram', primary: true }),
      ]);
    });

    it('keeps an organisation and the people who belong to it', async () => {
      const organisation = await actorCall(plugin.app, 'post', '/customers', MANAGER, {
        kind: 'organisation',
        name: 'Nordic Freight AB',
        businessDomain: 'logistics',
        contactPerson: 'Erik Lund',
      }).expect(201);
      const person = await createCustomer(plugin.app, { firstName: 'Erik', lastName: 'Lund', organisationId: organisation.body.id });
      const members = await actorCall(plugin.app, 'get', `/customers?organisationId=${organisation.body.id}`, MANAGER).expect(200);
      expect(members.body.items.map((c: { id: string }) => c.id)).toEqual([person.id]);
      await actorCall(plugin.app, 'post', '/customers', MANAGER, { kind: 'individual', firstName: 'X', organisationId: person.id }).expect(422);
    });

    it('warns of a duplicate phone whatever format it was typed in', async () => {
      const first = await createCustomer(plugin.app, { firstName: 'Ivan', lastName: 'Petrov', contacts: [{ type: 'mobile', value: '+7 912 345-67-89' }] });
      const again = await actorCall(plugin.app, 'post', '/customers', MANAGER, {
        kind: 'individual',
        firstName: 'Vanya',
        lastName: 'P.',
        contacts: [{ type: 'mobile', value: '89123456789' }],
      }).expect(409);
      expect(again.body).toMatchObject({
        code: 'possible_duplicate',
        candidates: [{ id: first.id, displayName: 'Ivan Petrov', matchedOn: ['phone'] }],
      });
      const created = await actorCall(plugin.app, 'post', '/customers', MANAGER, {
        kind: 'individual',
        firstName: 'Vanya',
        lastName: 'P.',
        contacts: [{ type: 'mobile', value: '89123456789' }],
        allowDuplicate: true,
      }).expect(201);
      expect(created.body.contacts[0].value).toBe('+79123456789');
    });

    it('warns of a duplicate full name regardless of case, accents and spacing', async () => {
      await createCustomer(plugin.app, { firstName: 'Åsa', lastName: 'Öberg' });
      const again = await actorCall(plugin.app, 'post', '/customers', MANAGER, { kind: 'individual', firstName: 'asa ', lastName: ' OBERG' }).expect(409);
      expect(again.body.candidates).toEqual([expect.objectContaining({ displayName: 'Åsa Öberg', matchedOn: ['name'] })]);
    });

    it.each<[string, object, string]>([
      ['a phone that is no phone', { contacts: [{ type: 'mobile', value: '123' }] }, 'contacts[0].value: is not a valid phone number'],
      ['a bad e-mail', { contacts: [{ type: 'mobile', value: '+79001234567' }, { type: 'email', value: 'olga@' }] }, 'contacts[1].value: is not a valid e-mail address'],
      ['two primary mobiles', { contacts: [{ type: 'mobile', value: '+79001234567', primary: true }, { type: 'mobile', value: '+79001234568', primary: true }] }, 'contacts: only one mobile contact can be primary'],
      ['a birth date in the future', { birthDate: '2999-01-01' }, 'birthDate: must be a real date in the past'],
      ['a balance smuggled in', { balance: 100000 }, 'balance: is not an allowed field'],
      ['a tier smuggled in', { tierId: 'gold' }, 'tierId: is not an allowed field'],
      ['no name at all', { firstName: undefined, lastName: undefined }, 'firstName: an individual needs a first or a last name'],
    ])('refuses %s with a 400 naming the field, and writes nothing', async (_, patch, message) => {
      const before = await count('rc_customers');
      const response = await actorCall(plugin.app, 'post', '/customers', MANAGER, { kind: 'individual', firstName: 'Bad', lastName: 'Input', ...patch }).expect(400);
      expect(response.body.message).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
      expect(await count('rc_customers')).toBe(before);
    });
  });

  describe('changing customers', () => {
    it('updates fields, clears them with null, and records who changed what', async () => {
      const customer = await createCustomer(plugin.app, { room: '214', notes: 'Late checkout' });
      const changed = await actorCall(plugin.app, 'patch', `/customers/${customer.id}`, { ...MANAGER, id: 'manager-7' }, {
        room: null,
        notes: 'Checks out Friday',
        tags: ['corporate'],
      }).expect(200);
      expect(changed.body).toMatchObject({ room: null, notes: 'Checks out Friday', tags: ['corporate'], updatedBy: 'manager-7' });
      const [entry] = await dataSource.query(
        `SELECT actor_id, changes FROM rc_audit_log WHERE tenant_id = ? AND subject_id = ? AND action = 'updated'`,
        [TENANT, customer.id],
      );
      expect(entry.actor_id).toBe('manager-7');
      const changes = typeof entry.changes === 'string' ? JSON.parse(entry.changes) : entry.changes;
      expect(changes).toEqual(
        expect.arrayContaining([
          { field: 'room', from: '214', to: null },
          { field: 'notes', from: 'Late checkout', to: 'Checks out Friday' },
        ]),
      );
    });

    it('keeps one primary contact per type as contacts come and go', async () => {
      const customer = await createCustomer(plugin.app, { contacts: [{ type: 'mobile', value: '+79031111111' }] });
      const [first] = customer.contacts;
      const second = await actorCall(plugin.app, 'post', `/customers/${customer.id}/contacts`, MANAGER, { type: 'mobile', value: '+79032222222', primary: true }).expect(201);
      let contacts = (await actorCall(plugin.app, 'get', `/customers/${customer.id}/contacts`, MANAGER).expect(200)).body;
      expect(contacts.map((c: { id: string; primary: boolean }) => [c.id, c.primary])).toEqual([[first.id, false], [second.body.id, true]]);
      await actorCall(plugin.app, 'delete', `/customers/${customer.id}/contacts/${second.body.id}`, MANAGER).expect(204);
      contacts = (await actorCall(plugin.app, 'get', `/customers/${customer.id}/contacts`, MANAGER).expect(200)).body;
      expect(contacts).toEqual([expect.objectContaining({ id: first.id, primary: true })]);
      const third = await actorCall(plugin.app, 'post', `/customers/${customer.id}/contacts`, MANAGER, { type: 'mobile', value: '+79033333333' }).expect(201);
      expect(third.body.primary).toBe(false);
      contacts = (await actorCall(plugin.app, 'get', `/customers/${customer.id}/contacts`, MANAGER).expect(200)).body;
      expect(contacts.map((c: { id: string; primary: boolean }) => [c.id, c.primary])).toEqual([[first.id, true], [third.body.id, false]]);
      await actorCall(plugin.app, 'post', `/customers/${customer.id}/contacts`, MANAGER, { type: 'mobile', value: '8 903 111-11-11' }).expect(409);
    });
  });

  describe('finding customers', () => {
    let anna: { id: string };

    beforeAll(async () => {
      plugin.clock.current = new Date('2026-03-01T10:00:00Z');
      anna = await createCustomer(plugin.app, {
        firstName: 'Anna',
        lastName: 'Searchable',
        room: '1207',
        tags: ['findme'],
        responsibleEmployeeId: 'u-search',
        contacts: [{ type: 'mobile', value: '+7 999 123-45-67' }, { type: 'email', value: 'anna.searchable@example.com' }],
      });
      await bindCard(plugin.app, anna.id, '7700000000001');
      plugin.clock.current = new Date();
    });

    const ids = async (query: string) => (await actorCall(plugin.app, 'get', `/customers?${query}`, MANAGER).expect(200)).body.items.map((c: { id: string }) => c.id);

    it.each([
      ['name=searchABLE'],
      ['phone=89991234567'],
      ['email=Anna.Searchable@example.com'],
      ['tag=findme'],
      ['responsibleEmployeeId=u-search'],
      ['q=1207'],
      ['q=7700000000001'],
      ['q=8%20999%20123%2045%2067'],
      ['q=anna.searchable%40example.com'],
      ['createdFrom=2026-03-01T00:00:00Z&createdTo=2026-03-01T23:59:59Z'],
    ])('finds her by %s', async (query) => {
      expect(await ids(query)).toEqual([anna.id]);
    });

    it('reads % and _ in a name as the letters typed, not as wildcards', async () => {
      expect(await ids('name=Sea_chable')).toEqual([]);
      expect(await ids('name=Anna%25Searchable')).toEqual([]);
      const percent = await createCustomer(plugin.app, { firstName: 'Ten%', lastName: 'Off_Guest' });
      expect(await ids('name=Ten%25')).toEqual([percent.id]);
      expect(await ids('name=Off_G')).toEqual([percent.id]);
    });

    it('finds the customers of a tier', async () => {
      const gold = await actorCall(plugin.app, 'post', '/tiers', MANAGER, { code: 'GOLD', name: 'Gold', rank: 1, metric: 'spent', threshold: 1_000_000, autoEnter: false }).expect(201);
      const [member] = [await createCustomer(plugin.app), await createCustomer(plugin.app)];
      await actorCall(plugin.app, 'put', `/customers/${member.id}/tier`, MANAGER, { tierCode: 'GOLD' }).expect(200);
      expect(await ids(`tierId=${gold.body.id}`)).toEqual([member.id]);
      expect(await ids('tierId=no-such-tier')).toEqual([]);
    });

    it('pages through a list in a stable order', async () => {
      for (let i = 0; i < 5; i++) await createCustomer(plugin.app, { tags: ['paged'] });
      const seen: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await actorCall(
          plugin.app,
          'get',
          `/customers?tag=paged&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          MANAGER,
        ).expect(200);
        seen.push(...page.body.items.map((c) => c.id));
        cursor = page.body.nextCursor;
      }
      expect(seen).toHaveLength(5);
      expect([...seen].sort()).toEqual(seen);
      await actorCall(plugin.app, 'get', '/customers?cursor=not-a-cursor', MANAGER).expect(400);
    });
  });

  describe('the audit trail', () => {
    it('shows who created and changed the customer, their contacts and cards, and when', async () => {
      plugin.clock.current = new Date('2026-04-02T12:00:00Z');
      const customer = await createCustomer(plugin.app, { firstName: 'Audited', room: '301' });
      await actorCall(plugin.app, 'patch', `/customers/${customer.id}`, { ...MANAGER, id: 'manager-3' }, { room: '302' }).expect(200);
      await actorCall(plugin.app, 'post', `/customers/${customer.id}/contacts`, MANAGER, { type: 'email', value: 'audited@example.com' }).expect(201);
      await bindCard(plugin.app, customer.id, '7700000000099');
      plugin.clock.current = new Date();

      const trail = (await actorCall(plugin.app, 'get', `/customers/${customer.id}/audit`, { permissions: ['customers.read'] }).expect(200)).body;
      expect(trail.map((entry: { subjectType: string; action: string }) => [entry.subjectType, entry.action])).toEqual([
        ['customer', 'created'],
        ['customer', 'updated'],
        ['contact', 'contact_added'],
        ['identifier', 'bound'],
      ]);
      expect(trail[1]).toMatchObject({ actorId: 'manager-3', changes: [{ field: 'room', from: '301', to: '302' }], at: '2026-04-02T12:00:00.000Z' });
      expect(trail[0]).not.toHaveProperty('tenantId');
      await actorCall(plugin.app, 'get', `/customers/${customer.id}/audit`, WAITER).expect(403);
      await actorCall(plugin.app, 'get', `/customers/${customer.id}/audit`, { ...MANAGER, tenantId: OTHER_TENANT }).expect(404);
    });
  });

  describe('permissions and tenants', () => {
    it('lets staff who may only read customers read them, and refuses their writes with 403', async () => {
      const reader = { id: 'host-1', permissions: ['customers.read'] };
      const customer = await createCustomer(plugin.app);
      await actorCall(plugin.app, 'get', `/customers/${customer.id}`, reader).expect(200);
      const before = await count('rc_customers');
      await actorCall(plugin.app, 'post', '/customers', reader, { kind: 'individual', firstName: 'No' }).expect(403);
      await actorCall(plugin.app, 'patch', `/customers/${customer.id}`, reader, { notes: 'x' }).expect(403);
      await actorCall(plugin.app, 'post', `/customers/${customer.id}/contacts`, reader, { type: 'email', value: 'no@example.com' }).expect(403);
      expect(await count('rc_customers')).toBe(before);
      await actorCall(plugin.app, 'get', '/customers', WAITER).expect(403);
    });

    it('never shows tenant A’s customer to tenant B', async () => {
      const customer = await createCustomer(plugin.app, { firstName: 'Private', lastName: 'Person' });
      const other = { ...MANAGER, tenantId: OTHER_TENANT };
      await actorCall(plugin.app, 'get', `/customers/${customer.id}`, other).expect(404);
      await actorCall(plugin.app, 'patch', `/customers/${customer.id}`, other, { notes: 'x' }).expect(404);
      await actorCall(plugin.app, 'post', `/customers/${customer.id}/contacts`, other, { type: 'email', value: 'x@example.com' }).expect(404);
      await bindCard(plugin.app, customer.id, 'PRIVATE-CARD', 'app');
      await actorCall(plugin.app, 'get', `/customers/${customer.id}/identifiers`, MANAGER).expect(200);
      await actorCall(plugin.app, 'get', `/customers/${customer.id}/identifiers`, other).expect(404);
      await actorCall(plugin.app, 'get', '/customers/c_nobody/identifiers', MANAGER).expect(404);
      expect((await actorCall(plugin.app, 'get', '/customers?name=private', other).expect(200)).body.items).toEqual([]);
    });
  });

  describe('retried writes', () => {
    const body = { kind: 'individual', firstName: 'Idem', lastName: 'Potent', allowDuplicate: true };

    it('answers a repeated Idempotency-Key with the first response and creates one customer', async () => {
      const first = await actorCall(plugin.app, 'post', '/customers', MANAGER, body, { 'idempotency-key': 'create-idem-1' }).expect(201);
      const again = await actorCall(plugin.app, 'post', '/customers', MANAGER, body, { 'idempotency-key': 'create-idem-1' }).expect(201);
      expect(again.body).toEqual(first.body);
      const rows = await dataSource.query('SELECT id FROM rc_customers WHERE tenant_id = ? AND last_name = ?', [TENANT, 'Potent']);
      expect(rows).toHaveLength(1);
    });

    it('creates once when the same key arrives concurrently', async () => {
      const payload = { ...body, lastName: 'Concurrent' };
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => actorCall(plugin.app, 'post', '/customers', MANAGER, payload, { 'idempotency-key': 'create-idem-2' })),
      );
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(await dataSource.query('SELECT id FROM rc_customers WHERE tenant_id = ? AND last_name = ?', [TENANT, 'Concurrent'])).toHaveLength(1);
    });

    it('refuses the same key with another body with 422 and writes nothing', async () => {
      await actorCall(plugin.app, 'post', '/customers', MANAGER, { ...body, lastName: 'Keyed' }, { 'idempotency-key': 'create-idem-3' }).expect(201);
      const before = await count('rc_customers');
      const response = await actorCall(plugin.app, 'post', '/customers', MANAGER, { ...body, lastName: 'Other' }, { 'idempotency-key': 'create-idem-3' }).expect(422);
      expect(response.body.code).toBe('idempotency_key_reused');
      expect(await count('rc_customers')).toBe(before);
    });
  });
});
