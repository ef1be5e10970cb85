import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { GuestTabHooks } from '../../src/index.js';
import { rcTableNames, TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { card, identify, MANAGER } from '../support/factories.js';
import { actorCall, freshKey, OTHER_TENANT, startPlugin, TENANT, type TestPlugin } from '../support/plugin.js';
import { setUpRestaurant } from '../support/restaurant.js';

/** Every row of every rc_ table, as text, to look for personal values anywhere. */
async function everything(dataSource: DataSource): Promise<string> {
  const tables = await rcTableNames(dataSource);
  const dumps = await Promise.all(tables.map(async (name) => `${name}: ${JSON.stringify(await dataSource.query(`SELECT * FROM ${name}`))}`));
  return dumps.join('\n');
}

const PERSONAL = {
  firstName: 'Zorroforename',
  middleName: 'Zorromiddle',
  lastName: 'Zorrosurname',
  address: 'Zorrostreet 12',
  notes: 'Zorronote about the guest',
  announcement: 'Zorroannouncement',
  room: 'Z-901',
  birthDate: '1977-07-07',
  preferences: { text: 'Zorropreference', tags: ['zorrotag-pref'] },
  tags: ['zorrotag'],
  contacts: [
    { type: 'mobile', value: '+46 70 999 88 77' },
    { type: 'email', value: 'zorro.person@example.org' },
    { type: 'social', value: 'https://example.org/zorroprofile' },
  ],
};
const TRACES = ['Zorro', 'zorro', '+46709998877', 'Z-901', '1977-07-07'];
/** When the tabs were paid, and a day after, when the manager looks. */
const CLOSED_AT = '2026-11-22T19:10:00.000Z';
const NEXT_DAY = new Date('2026-11-23T10:00:00Z');
/** The guests' birthday in the next year, when the morning job gives the birthday benefit. */
const BIRTHDAY_MORNING = new Date('2027-07-07T06:00:00Z');

describe.each(TEST_ENGINES)('the guest’s data rights (%s)', (engine) => {
  let plugin: TestPlugin;
  let dataSource: DataSource;

  const manage = (method: 'post' | 'put' | 'patch', path: string, body: object, key?: string) =>
    actorCall(plugin.app, method, path, MANAGER, body, key ? { 'idempotency-key': key } : freshKey());

  beforeAll(async () => {
    plugin = await startPlugin(engine);
    plugin.clock.current = NEXT_DAY;
    dataSource = plugin.app.get(getDataSourceToken('regulars'));
    await setUpRestaurant(plugin.app);
    await manage('post', '/promotion-categories', { code: 'BIRTHDAY', name: 'Birthday week' }).expect(201);
    await manage('put', '/birthday-benefit', { enabled: true, accountTypeCode: 'points', amount: 500, categoryCode: 'BIRTHDAY', categoryDays: 7 }).expect(200);
    await manage('post', '/tiers', { code: 'GOLD', name: 'Gold', rank: 1, metric: 'spent', threshold: 1_000_000, autoEnter: false }).expect(201);
  });
  afterAll(() => plugin.close());
  afterEach(() => {
    plugin.clock.current = NEXT_DAY;
  });

  /**
   * A guest created, changed and given a contact, a card (the reader gives "zorro-card-N",
   * stored "ZORROCARDN") and a family membership with retried writes; in the REGULARS
   * category and put in Gold by hand; recognised at the till, with a paid dinner (a closed
   * visit and points) and a tab by id; and a birthday gift the next summer.
   */
  async function guestWithHistory(cardNumber: number): Promise<string> {
    plugin.clock.current = NEXT_DAY;
    const presented = { identifier: { type: 'smart_card', value: `zorro-card-${cardNumber}`, entryMethod: 'tap' } };
    const guest = (await manage('post', '/customers', { kind: 'individual', allowDuplicate: true, ...PERSONAL }, `retry-create-${cardNumber}`).expect(201)).body;
    await manage('patch', `/customers/${guest.id}`, { notes: 'Zorro changed note', room: 'Z-902' }).expect(200);
    await manage('post', `/customers/${guest.id}/contacts`, { type: 'email', value: `zorro.second.${cardNumber}@example.org` }, `retry-contact-${cardNumber}`).expect(201);
    await manage('post', `/customers/${guest.id}/identifiers`, { type: 'smart_card', value: `zorro-card-${cardNumber}` }, `retry-card-${cardNumber}`).expect(201);
    await manage('post', '/memberships', { name: `Zorrofamily ${cardNumber}`, ownerCustomerId: guest.id }, `retry-family-${cardNumber}`).expect(201);
    await manage('post', `/customers/${guest.id}/categories`, { categoryCode: 'REGULARS' }).expect(201);
    await manage('put', `/customers/${guest.id}/tier`, { tierCode: 'GOLD', note: 'Zorronote: the owner’s cousin' }).expect(200);
    await identify(plugin.app, presented).expect(200);

    const hooks = plugin.app.get(GuestTabHooks);
    const tabId = `tab-card-${guest.id}`;
    await hooks.handle(tabEvent('guest_tab.customer_attached', { tabId, version: 2, tab: { customer: presented } }));
    await hooks.handle(tabEvent('guest_tab.closed', { tabId, version: 3, tab: { status: 'closed', closedAt: CLOSED_AT, customer: presented, payments: [{ method: 'card', amount: 2796 }] } }));
    await hooks.handle(tabEvent('guest_tab.updated', { tabId: `tab-id-${guest.id}`, tab: { customer: { customerId: guest.id } } }));

    plugin.clock.current = BIRTHDAY_MORNING;
    await manage('post', '/jobs/birthdays/runs', {}).expect(201);
    return guest.id;
  }

  it('exports everything stored about a customer as one document', async () => {
    const id = await guestWithHistory(1);
    const exported = (await actorCall(plugin.app, 'get', `/customers/${id}/export`, MANAGER).expect(200)).body;
    expect(exported.customer).toMatchObject({ id, firstName: 'Zorroforename', room: 'Z-902', tags: ['zorrotag'] });
    expect(exported.customer.contacts).toHaveLength(4);
    expect(exported.identifiers).toEqual([expect.objectContaining({ value: 'ZORROCARD1', type: 'smart_card' })]);
    expect(exported.audit.map((entry: { action: string }) => entry.action)).toEqual(['created', 'updated', 'contact_added', 'bound', 'member_joined']);
    expect(exported.guestTabs).toEqual([expect.objectContaining({ id: `tab-card-${id}` }), expect.objectContaining({ id: `tab-id-${id}` })]);
    expect(exported.visits).toEqual([expect.objectContaining({ tabId: `tab-card-${id}`, status: 'closed', net: 2796 })]);
    expect(exported.accounts.entries.map((entry: { kind: string }) => entry.kind)).toEqual(['accrual', 'accrual']);
    expect(exported.categories).toEqual([
      expect.objectContaining({ categoryCode: 'REGULARS', validFrom: null }),
      expect.objectContaining({ categoryCode: 'BIRTHDAY', validFrom: '2027-07-07', validTo: '2027-07-13' }),
    ]);
    expect(exported.tierMoves).toEqual([expect.objectContaining({ toTierCode: 'GOLD', reason: 'manual', note: 'Zorronote: the owner’s cousin' })]);
    expect(exported.memberships).toEqual([{ id: expect.any(String), name: 'Zorrofamily 1', ownerCustomerId: id, endedAt: null, endReason: null, members: [expect.objectContaining({ customerId: id })] }]);
    expect(exported.dailyCounters).toEqual(
      expect.arrayContaining([expect.objectContaining({ counter: 'closed_tabs', value: 1 })]),
    );
    expect(exported.birthdayGifts).toEqual([{ year: '2027', givenAt: BIRTHDAY_MORNING.toISOString(), runId: expect.any(String) }]);
    expect((await actorCall(plugin.app, 'get', `/customers/${id}/export`, { permissions: ['customers.read'] }).expect(403)).body.code).toBe('forbidden');
  });

  it('erases every personal value from every table and keeps the customer id for history', async () => {
    const id = await guestWithHistory(2);
    const traces = [...TRACES, 'ZORROCARD2', 'zorro-card-2'];
    const before = await everything(dataSource);
    for (const trace of traces) expect(before).toContain(trace);

    expect((await actorCall(plugin.app, 'post', `/customers/${id}/erase`, { permissions: ['customers.read'] }).expect(403)).body.code).toBe('forbidden');
    const report = await actorCall(plugin.app, 'post', `/customers/${id}/erase`, MANAGER).expect(200);
    expect(report.body).toMatchObject({
      customerId: id,
      rows: { customer: 1, contacts: 4, tags: 1, identifiers: 1, memberships: 1, tierMoves: 1, categories: 2, idempotentAnswers: 4 },
    });

    // Other tests' guests carry the same names: erase them too, then nothing may be left.
    for (const namesake of (await actorCall(plugin.app, 'get', '/customers?name=zorroforename', MANAGER).expect(200)).body.items) {
      await actorCall(plugin.app, 'post', `/customers/${namesake.id}/erase`, MANAGER).expect(200);
    }
    const after = await everything(dataSource);
    for (const trace of traces) expect(after).not.toContain(trace);
    expect(after).toContain(id);

    // A late retry of a write made for the guest gets neither their data nor a new copy of them.
    const replayed = await manage('post', '/customers', { kind: 'individual', allowDuplicate: true, ...PERSONAL }, 'retry-create-2').expect(410);
    expect(replayed.body.code).toBe('idempotency_key_erased');
    expect((await manage('post', `/customers/${id}/contacts`, { type: 'email', value: 'zorro.second.2@example.org' }, 'retry-contact-2').expect(410)).body.code).toBe('idempotency_key_erased');
    expect((await actorCall(plugin.app, 'get', '/customers?name=zorroforename', MANAGER).expect(200)).body.items).toEqual([]);

    // The money history and the visits stay, by customer id alone.
    const visits = await dataSource.query('SELECT * FROM rc_visits WHERE tenant_id = ? AND customer_id = ?', [TENANT, id]);
    const entries = await dataSource.query('SELECT * FROM rc_ledger_entries WHERE tenant_id = ? AND customer_id = ?', [TENANT, id]);
    expect(visits).toEqual([expect.objectContaining({ status: 'closed', net: 2796 })]);
    expect(entries.map((entry: { kind: string }) => entry.kind)).toEqual(['accrual', 'accrual']);
    for (const trace of traces) expect(JSON.stringify([visits, entries])).not.toContain(trace);

    const shell = await actorCall(plugin.app, 'get', `/customers/${id}`, MANAGER).expect(200);
    expect(shell.body).toMatchObject({ id, status: 'erased', displayName: 'Erased customer', firstName: null, contacts: [], tags: [] });
    expect((await identify(plugin.app, card('zorro-card-2', 'smart_card', 'tap')).expect(404)).body.code).toBe('unknown_identifier');
    const again = await actorCall(plugin.app, 'post', `/customers/${id}/erase`, MANAGER).expect(200);
    expect(again.body.rows.customer).toBe(0);
  });

  it('purges every personal value of one tenant on uninstall, and reports it', async () => {
    const guest = { kind: 'individual', firstName: 'Purgeable', lastName: 'Guest', contacts: [{ type: 'email', value: 'purge.me@example.com' }] };
    const ours = (await manage('post', '/customers', guest, 'purge-create').expect(201)).body;
    await manage('post', `/customers/${ours.id}/identifiers`, { type: 'barcode_card', value: 'PURGE-CARD' }).expect(201);
    await manage('post', '/memberships', { name: 'Purgeable household', ownerCustomerId: ours.id }).expect(201);
    const neighbour = { kind: 'individual', firstName: 'Untouched', lastName: 'Neighbour' };
    const neighbourCall = () => actorCall(plugin.app, 'post', '/customers', { ...MANAGER, tenantId: OTHER_TENANT }, neighbour, { 'idempotency-key': 'purge-create' });
    const theirs = (await neighbourCall().expect(201)).body;

    const unpermitted = await actorCall(plugin.app, 'post', '/tenant/purge-personal-data', { permissions: ['customers.erase'] }, {
      confirmTenantId: TENANT,
      confirmation: 'ERASE ALL PERSONAL DATA',
    }).expect(403);
    expect(unpermitted.body.code).toBe('forbidden');
    const mistaken = await actorCall(plugin.app, 'post', '/tenant/purge-personal-data', MANAGER, { confirmTenantId: OTHER_TENANT, confirmation: 'ERASE ALL PERSONAL DATA' }).expect(422);
    expect(mistaken.body.code).toBe('confirmation_mismatch');
    const report = await actorCall(plugin.app, 'post', '/tenant/purge-personal-data', MANAGER, {
      confirmTenantId: TENANT,
      confirmation: 'ERASE ALL PERSONAL DATA',
    }).expect(200);
    expect(report.body).toMatchObject({ tenantId: TENANT, customersErased: expect.any(Number), rows: { contacts: expect.any(Number), identifiers: expect.any(Number), memberships: 1, idempotentAnswers: expect.any(Number) } });
    expect(report.body.customersErased).toBeGreaterThan(0);

    const after = await everything(dataSource);
    expect(after).not.toContain('Purgeable');
    expect(after).not.toContain('purge.me@example.com');
    expect(after).not.toContain('PURGE-CARD');
    expect(after).toContain('Untouched');
    expect((await manage('post', '/customers', guest, 'purge-create').expect(410)).body.code).toBe('idempotency_key_erased');
    const survivor = await actorCall(plugin.app, 'get', `/customers/${theirs.id}`, { ...MANAGER, tenantId: OTHER_TENANT }).expect(200);
    expect(survivor.body.status).toBe('active');
    expect((await neighbourCall().expect(201)).body).toEqual(theirs);
  });
});
