import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { GuestTabHooks } from '../../src/index.js';
import { rcTableNames, TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { bindCard, card, createCustomer, identify, MANAGER } from '../support/factories.js';
import { actorCall, OTHER_TENANT, startPlugin, TENANT, type TestPlugin } from '../support/plugin.js';

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

describe.each(TEST_ENGINES)('the guest’s data rights (%s)', (engine) => {
  let plugin: TestPlugin;
  let dataSource: DataSource;

  beforeAll(async () => {
    plugin = await startPlugin(engine);
    dataSource = plugin.app.get(getDataSourceToken('regulars'));
  });
  afterAll(() => plugin.close());

  /** A guest with contacts, a change, a card (the reader gives "zorro-card-N", stored "ZORROCARDN") and tabs. */
  async function guestWithHistory(cardNumber: number): Promise<string> {
    const guest = await createCustomer(plugin.app, PERSONAL);
    await actorCall(plugin.app, 'patch', `/customers/${guest.id}`, MANAGER, { notes: 'Zorro changed note', room: 'Z-902' }).expect(200);
    await bindCard(plugin.app, guest.id, `zorro-card-${cardNumber}`, 'smart_card');
    await plugin.app.get(GuestTabHooks).handle(
      tabEvent('guest_tab.customer_attached', {
        tabId: `tab-card-${guest.id}`,
        tab: { customer: { identifier: { type: 'smart_card', value: `zorro-card-${cardNumber}`, entryMethod: 'tap' } } },
      }),
    );
    await plugin.app.get(GuestTabHooks).handle(
      tabEvent('guest_tab.updated', { tabId: `tab-id-${guest.id}`, tab: { customer: { customerId: guest.id } } }),
    );
    return guest.id;
  }

  it('exports everything stored about a customer as one document', async () => {
    const id = await guestWithHistory(1);
    const exported = await actorCall(plugin.app, 'get', `/customers/${id}/export`, MANAGER).expect(200);
    expect(exported.body.customer).toMatchObject({ id, firstName: 'Zorroforename', room: 'Z-902', tags: ['zorrotag'] });
    expect(exported.body.customer.contacts).toHaveLength(3);
    expect(exported.body.identifiers).toEqual([expect.objectContaining({ value: 'ZORROCARD1', type: 'smart_card' })]);
    expect(exported.body.audit.map((entry: { action: string }) => entry.action)).toEqual(['created', 'updated', 'bound']);
    expect(exported.body.guestTabs).toEqual([expect.objectContaining({ id: `tab-card-${id}` }), expect.objectContaining({ id: `tab-id-${id}` })]);
    await actorCall(plugin.app, 'get', `/customers/${id}/export`, { permissions: ['customers.read'] }).expect(403);
  });

  it('erases every personal value from every table and keeps the customer id for history', async () => {
    const id = await guestWithHistory(2);
    const traces = [...TRACES, 'ZORROCARD2', 'zorro-card-2'];
    const before = await everything(dataSource);
    for (const trace of traces) expect(before).toContain(trace);

    await actorCall(plugin.app, 'post', `/customers/${id}/erase`, { permissions: ['customers.read'] }).expect(403);
    const report = await actorCall(plugin.app, 'post', `/customers/${id}/erase`, MANAGER).expect(200);
    expect(report.body).toMatchObject({ customerId: id, rows: { customer: 1, contacts: 3, tags: 1, identifiers: 1 } });

    // The first test's guest carries the same names: erase it too, then nothing may be left.
    const [first] = (await actorCall(plugin.app, 'get', '/customers?name=zorroforename', MANAGER).expect(200)).body.items;
    await actorCall(plugin.app, 'post', `/customers/${first.id}/erase`, MANAGER).expect(200);
    const after = await everything(dataSource);
    for (const trace of traces) expect(after).not.toContain(trace);
    expect(after).toContain(id);

    const shell = await actorCall(plugin.app, 'get', `/customers/${id}`, MANAGER).expect(200);
    expect(shell.body).toMatchObject({ id, status: 'erased', displayName: 'Erased customer', firstName: null, contacts: [], tags: [] });
    await identify(plugin.app, card('zorro-card-2', 'smart_card', 'tap')).expect(404);
    const again = await actorCall(plugin.app, 'post', `/customers/${id}/erase`, MANAGER).expect(200);
    expect(again.body.rows.customer).toBe(0);
  });

  it('purges every personal value of one tenant on uninstall, and reports it', async () => {
    const ours = await createCustomer(plugin.app, { firstName: 'Purgeable', lastName: 'Guest', contacts: [{ type: 'email', value: 'purge.me@example.com' }] });
    await bindCard(plugin.app, ours.id, 'PURGE-CARD');
    const theirs = await createCustomer(plugin.app, { firstName: 'Untouched', lastName: 'Neighbour' }, { ...MANAGER, tenantId: OTHER_TENANT });

    await actorCall(plugin.app, 'post', '/tenant/purge-personal-data', { permissions: ['customers.erase'] }, {
      confirmTenantId: TENANT,
      confirmation: 'ERASE ALL PERSONAL DATA',
    }).expect(403);
    await actorCall(plugin.app, 'post', '/tenant/purge-personal-data', MANAGER, { confirmTenantId: OTHER_TENANT, confirmation: 'ERASE ALL PERSONAL DATA' }).expect(422);
    const report = await actorCall(plugin.app, 'post', '/tenant/purge-personal-data', MANAGER, {
      confirmTenantId: TENANT,
      confirmation: 'ERASE ALL PERSONAL DATA',
    }).expect(200);
    expect(report.body).toMatchObject({ tenantId: TENANT, customersErased: expect.any(Number), rows: { contacts: expect.any(Number), identifiers: expect.any(Number) } });
    expect(report.body.customersErased).toBeGreaterThan(0);

    const after = await everything(dataSource);
    expect(after).not.toContain('Purgeable');
    expect(after).not.toContain('purge.me@example.com');
    expect(after).not.toContain('PURGE-CARD');
    expect(after).toContain('Untouched');
    const survivor = await actorCall(plugin.app, 'get', `/customers/${theirs.id}`, { ...MANAGER, tenantId: OTHER_TENANT }).expect(200);
    expect(survivor.body.status).toBe('active');
  });
});
