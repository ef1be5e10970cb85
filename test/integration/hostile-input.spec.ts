import request from 'supertest';
import { signRequest } from '../../src/index.js';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { createCustomer, MANAGER, WAITER } from '../support/factories.js';
import { actorCall, freshKey, postEvent, startPlugin, TENANT, TEST_SECRETS, type TestPlugin } from '../support/plugin.js';
import { tableFingerprints } from '../support/tables.js';

const TILL = { ...WAITER, terminalId: 'pos-hostile' };

/** Arrays nested `depth` deep: a few kilobytes that once overflowed class-transformer's stack. */
const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

/**
 * Every refused input is a 4xx naming the field, never a 500, and writes nothing: the
 * inputs that once answered 500, one by one.
 */
describe.each(TEST_ENGINES)('hostile input (%s)', (engine) => {
  let plugin: TestPlugin;

  beforeAll(async () => {
    plugin = await startPlugin(engine);
  });
  afterAll(() => plugin.close());

  /** Sends, then checks the answer is the 4xx with a code and the field, and that no table changed. */
  async function refused(send: () => PromiseLike<request.Response>, status: number, field: string | RegExp) {
    const before = await tableFingerprints(plugin.app);
    const response = await send();
    expect({ status: response.status, body: response.body }).toMatchObject({ status, body: { statusCode: status, code: expect.any(String) } });
    expect([response.body.message].flat().join('\n')).toMatch(field);
    expect(await tableFingerprints(plugin.app)).toEqual(before);
    return response;
  }

  describe('events', () => {
    it.each([
      ['without tab', (event: Record<string, unknown>) => delete event.tab, /^tab: must be an object/m],
      ['with tab as an array', (event: Record<string, unknown>) => (event.tab = []), /^tab: must be an object/m],
      ['with an order’s item as an array', (event: any) => (event.tab.orders[0].items[0] = []), /^tab\.orders\[0\]\.items: each value in items must be an object/m],
      ['without actor', (event: Record<string, unknown>) => delete event.actor, /^actor: must be an object/m],
      ['with a NUL in the tab id', (event: any) => (event.tab.id = 'tab\u0000-1'), /^tab\.id: must not contain a NUL/m],
      ['with a lone surrogate in the tab id', (event: any) => (event.tab.id = 'tab-\ud800'), /^tab\.id: is not valid Unicode/m],
      ['with a lone surrogate in an item name', (event: any) => (event.tab.orders[0].items[0].name = 'Wine \udfff'), /^tab\.orders\[0\]\.items\[0\]\.name: is not valid Unicode/m],
      ['with a quantity of 1e21', (event: any) => (event.tab.orders[0].items[0].quantity = 1e21), /^tab\.orders\[0\]\.items\[0\]\.quantity: must not be greater than 1000000/m],
      ['with a quantity of 1e300', (event: any) => (event.tab.orders[0].items[0].quantity = 1e300), /quantity: must not be greater than 1000000/],
      ['with a quantity past 2^43', (event: any) => (event.tab.orders[0].items[0].quantity = 9007199254741), /quantity: must not be greater than 1000000/],
      ['with __proto__ in the tab', (event: any) => Object.defineProperty(event.tab, '__proto__', { value: { version: 1 }, enumerable: true }), /^tab\.__proto__: is not an allowed field/m],
      ['with constructor in the envelope', (event: any) => (event.constructor = { name: 'x' }), /^constructor: is not an allowed field/m],
      ['nested 3,000 deep', (event: any) => (event.tab.orders[0].categories = nested(3000)), /nests deeper than 32 levels/],
    ])('refuses one %s with 400, recording nothing', async (_, spoil, field) => {
      const event = tabEvent('guest_tab.updated', { tabId: `tab-hostile-${engine}` });
      spoil(event);
      await refused(() => postEvent(plugin.app, event), 400, field);
    });

    it.each(['guest_tab.customer_attached', 'guest_tab.updated', 'guest_tab.refunded'] as const)('refuses %s without an actor', async (type) => {
      const event: Record<string, unknown> = tabEvent(type, { tabId: `tab-no-actor-${engine}`, refundedItems: type === 'guest_tab.refunded' ? [{ itemId: 'l-1', quantity: 1, amount: 100 }] : undefined });
      if (type !== 'guest_tab.refunded') delete event.refundedItems;
      delete event.actor;
      await refused(() => postEvent(plugin.app, event), 400, /^actor: must be an object/m);
    });

    it('refuses a tab whose lines add up to more than 10^12', async () => {
      const line = { id: 'l-x', productId: 'p-1', quantity: 1, amount: 600_000_000_000, taxAmount: 0 };
      const event = tabEvent('guest_tab.updated', { tabId: `tab-huge-${engine}`, tab: { orders: [{ id: 'o-1', items: [line, { ...line, id: 'l-y' }] }] } });
      await refused(() => postEvent(plugin.app, event), 400, /^tab\.orders: the lines, their tax and the service charge add up to more than 1000000000000/m);
    });

    it('takes a banquet tab of 1,000 lines, and refuses a body past the limit with 413', async () => {
      const items = Array.from({ length: 1000 }, (_, i) => ({ id: `l-${i}`, productId: `p-${i % 40}`, productGroupIds: ['food'], tags: [], name: `Dish number ${i}`, quantity: 1, amount: 1250, taxAmount: 208, categories: [] }));
      const banquet = tabEvent('guest_tab.updated', { tabId: `tab-banquet-${engine}`, tab: { orders: [{ id: 'o-1', categories: [], items }] } });
      expect(JSON.stringify(banquet).length).toBeGreaterThan(130_000);
      await postEvent(plugin.app, banquet).expect(200);
      const padded = { ...banquet, id: `${banquet.id}-padded`, padding: 'x'.repeat(1_100_000) };
      const tooLarge = await refused(() => postEvent(plugin.app, padded), 413, /^body: is larger than 1048576 bytes/);
      expect(tooLarge.body.code).toBe('body_too_large');
    });

    it('refuses a body that is not JSON with 400 invalid_json', async () => {
      const body = '{"id": "evt-broken", ';
      const response = await refused(
        () => request(plugin.app.getHttpServer()).post('/hooks/guest-tab').set({ 'content-type': 'application/json', ...signRequest({ secret: TEST_SECRETS[TENANT], body }) }).send(body),
        400,
        /^body: is not valid JSON/,
      );
      expect(response.body.code).toBe('invalid_json');
    });
  });

  describe('terminal and management calls', () => {
    it('refuses identify with an identifier that is an array', async () => {
      await refused(() => actorCall(plugin.app, 'post', '/terminal/identify', TILL, { identifier: [] }), 400, /^identifier: must be an object/m);
    });

    it('refuses a lone surrogate in a search query, a first name and a credit’s reason', async () => {
      await refused(() => actorCall(plugin.app, 'post', '/terminal/identify', TILL, { query: 'Ann\ud800' }), 400, /^query: is not valid Unicode/m);
      await refused(() => actorCall(plugin.app, 'post', '/customers', MANAGER, { kind: 'individual', firstName: '\udc00Anna', lastName: 'K' }), 400, /^firstName: is not valid Unicode/m);
      const guest = await createCustomer(plugin.app);
      await actorCall(plugin.app, 'post', '/account-types', MANAGER, { code: `pts${engine}`, name: 'Points', kind: 'points', unit: 'points' }).expect(201);
      const account = (await actorCall(plugin.app, 'post', `/customers/${guest.id}/accounts`, MANAGER, { accountTypeCode: `pts${engine}` }).expect(201)).body;
      await refused(
        () => actorCall(plugin.app, 'post', `/accounts/${account.id}/entries`, MANAGER, { kind: 'manual_credit', amount: 5, reason: 'Sorry \ud83d' }, freshKey()),
        400,
        /^reason: is not valid Unicode/m,
      );
    });

    it('refuses a sales rule without an effect', async () => {
      await actorCall(plugin.app, 'post', '/promotion-categories', MANAGER, { code: `NOFX${engine.toUpperCase()}`, name: 'No effect' }, freshKey()).expect(201);
      await refused(() => actorCall(plugin.app, 'post', '/sales-rules', MANAGER, { categoryCode: `NOFX${engine.toUpperCase()}`, name: 'Nothing' }, freshKey()), 400, /^effect: must be an object/m);
    });

    it.each([
      ['name', { name: 'N'.repeat(300) }, /^X-Regulars-Actor\.name: must be shorter than or equal to 255 characters/m],
      ['id', { id: 'i'.repeat(200) }, /^X-Regulars-Actor\.id: must be shorter than or equal to 128 characters/m],
      ['terminalId', { terminalId: 't'.repeat(200) }, /^X-Regulars-Actor\.terminalId: must be shorter than or equal to 128 characters/m],
      ['a permission', { permissions: ['p'.repeat(100)] }, /^X-Regulars-Actor\.permissions: each value in permissions must be longer than or equal to 1 and shorter than or equal to 64/m],
      ['a NUL in the id', { id: 'waiter\u0000' }, /^X-Regulars-Actor\.id: must not contain a NUL character/m],
    ])('refuses an X-Regulars-Actor whose %s is out of bounds with 400', async (_, spoil, field) => {
      const actorHeader = JSON.stringify({ tenantId: TENANT, id: 'waiter-1', name: 'Anna', permissions: ['terminal.use', 'customers.read'], ...spoil });
      await refused(
        () => request(plugin.app.getHttpServer()).get('/customers').set(signRequest({ secret: TEST_SECRETS[TENANT], body: '', actorHeader })),
        400,
        field,
      );
    });

    it('answers a malformed page cookie with 401, not a crash', async () => {
      const response = await refused(() => request(plugin.app.getHttpServer()).get('/customers').set('Cookie', 'regulars_ui=%'), 401, /X-Regulars-Actor/);
      expect(response.body.code).toBe('unauthorized');
    });
  });
});
