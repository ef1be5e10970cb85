import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { bindCard, card, createCustomer, MANAGER } from '../support/factories.js';
import { actorCall, freshKey, OTHER_TENANT, postEvent, startPlugin, TEST_SECRETS, type ActorOverrides, type TestPlugin } from '../support/plugin.js';
import { holdBonus, TILL } from '../support/restaurant.js';

/** Brand 2's manager and till: a full set of permissions, only for their own tenant. */
const OTHER_MANAGER: ActorOverrides = { ...MANAGER, tenantId: OTHER_TENANT };
const OTHER_TILL: ActorOverrides = { ...TILL, tenantId: OTHER_TENANT };

/**
 * Two brands on one plugin: brand 2, with every permission it has, can neither see nor
 * move brand 1's money. Each refusal answers 404 (another tenant's id is unknown, not
 * forbidden) and leaves both purses exactly as they were.
 */
describe.each(TEST_ENGINES)('another tenant’s rows (%s)', (engine) => {
  let plugin: TestPlugin;
  /** Brand 1's guest, with bonus money, a card, and a hold open on a tab. */
  const ours = { customerId: '', accountId: '', holdId: '', card: `ISO-${process.pid}` };
  /** Brand 2's guest and purse, of an account type with the same code. */
  const theirs = { customerId: '', accountId: '' };

  const manage = (method: 'get' | 'post' | 'patch' | 'delete', path: string, actor: ActorOverrides, body?: object) => actorCall(plugin.app, method, path, actor, body, freshKey());

  /** Each purse as its own tenant sees it: balances and every ledger entry. */
  async function purses() {
    const read = async (accountId: string, actor: ActorOverrides) => {
      const { total, held, available } = (await manage('get', `/accounts/${accountId}`, actor).expect(200)).body;
      const entries = (await manage('get', `/accounts/${accountId}/entries`, actor).expect(200)).body.items.map((e: { id: string; kind: string; amount: number }) => [e.id, e.kind, e.amount]);
      const holds = (await manage('get', `/accounts/${accountId}/holds`, actor).expect(200)).body.map((h: { holdId: string; status: string }) => [h.holdId, h.status]);
      return { total, held, available, entries, holds };
    };
    return { ours: await read(ours.accountId, MANAGER), theirs: await read(theirs.accountId, OTHER_MANAGER) };
  }

  const expectNotFound = (response: { status: number; body: { code?: string } }) => expect([response.status, response.body.code]).toEqual([404, 'not_found']);

  beforeAll(async () => {
    plugin = await startPlugin(engine, { holdTtlSeconds: 600 });
    for (const actor of [MANAGER, OTHER_MANAGER]) {
      await manage('post', '/account-types', actor, { code: 'bonus', name: 'Bonus', kind: 'bonus_money', unit: 'EUR' }).expect(201);
    }
    const guest = await createCustomer(plugin.app);
    await bindCard(plugin.app, guest.id, ours.card);
    ours.customerId = guest.id;
    ours.accountId = (await manage('post', `/customers/${guest.id}/accounts`, MANAGER, { accountTypeCode: 'bonus' }).expect(201)).body.id;
    await manage('post', `/accounts/${ours.accountId}/entries`, MANAGER, { kind: 'manual_credit', amount: 10_000, reason: 'Gift card' }).expect(201);
    ours.holdId = (await holdBonus(plugin.app, { tabId: 'tab-shared-name', accountId: ours.accountId, amount: 2_500, idempotencyKey: `iso-${engine}` }).expect(201)).body.holdId;

    const other = await createCustomer(plugin.app, {}, OTHER_MANAGER);
    theirs.customerId = other.id;
    theirs.accountId = (await manage('post', `/customers/${other.id}/accounts`, OTHER_MANAGER, { accountTypeCode: 'bonus' }).expect(201)).body.id;
    await manage('post', `/accounts/${theirs.accountId}/entries`, OTHER_MANAGER, { kind: 'manual_credit', amount: 500, reason: 'Welcome' }).expect(201);
  });
  afterAll(() => plugin.close());

  it('shows brand 2 nothing of brand 1’s guest or purse', async () => {
    const before = await purses();
    expect(before.ours).toMatchObject({ total: 10_000, held: 2_500, available: 7_500 });

    for (const path of [
      `/customers/${ours.customerId}`,
      `/customers/${ours.customerId}/accounts`,
      `/accounts/${ours.accountId}`,
      `/accounts/${ours.accountId}/entries`,
      `/accounts/${ours.accountId}/holds`,
    ]) {
      expectNotFound(await manage('get', path, OTHER_MANAGER));
    }
    expectNotFound(await actorCall(plugin.app, 'get', `/terminal/cards/${ours.customerId}`, OTHER_TILL));
    // Brand 1's card presented at brand 2's till is a card brand 2 never issued.
    expect((await actorCall(plugin.app, 'post', '/terminal/identify', OTHER_TILL, card(ours.card))).status).toBe(404);
    expect(await purses()).toEqual(before);
  });

  it('refuses brand 2 a transfer from or into brand 1’s purse, moving nothing on either side', async () => {
    const before = await purses();
    const transfer = { amount: 300, reason: 'Moving money between brands' };
    expectNotFound(await manage('post', `/accounts/${theirs.accountId}/transfers`, OTHER_MANAGER, { ...transfer, toAccountId: ours.accountId }));
    expectNotFound(await manage('post', `/accounts/${ours.accountId}/transfers`, OTHER_MANAGER, { ...transfer, toAccountId: theirs.accountId }));
    expect(await purses()).toEqual(before);
  });

  it('refuses brand 2 a credit, a debit, a freeze, a hold reset or a new account on brand 1’s side', async () => {
    const before = await purses();
    expectNotFound(await manage('post', `/accounts/${ours.accountId}/entries`, OTHER_MANAGER, { kind: 'manual_credit', amount: 1_000, reason: 'Free money' }));
    expectNotFound(await manage('post', `/accounts/${ours.accountId}/entries`, OTHER_MANAGER, { kind: 'manual_debit', amount: 1_000, reason: 'Taking it away' }));
    expectNotFound(await manage('patch', `/accounts/${ours.accountId}`, OTHER_MANAGER, { status: 'frozen' }));
    expectNotFound(await manage('post', `/accounts/${ours.accountId}/reset-holds`, OTHER_MANAGER, { olderThanMinutes: 0, reason: 'Clearing the till' }));
    expectNotFound(await manage('post', `/customers/${ours.customerId}/accounts`, OTHER_MANAGER, { accountTypeCode: 'bonus' }));
    expect(await purses()).toEqual(before);
    expect((await manage('get', `/customers/${ours.customerId}/accounts`, MANAGER).expect(200)).body.map((a: { id: string; status: string }) => [a.id, a.status])).toEqual([[ours.accountId, 'open']]);
  });

  it('refuses brand 2’s till a hold on brand 1’s purse, and the release or capture of brand 1’s hold', async () => {
    const before = await purses();
    const otherSecret = TEST_SECRETS[OTHER_TENANT];
    // Brand 2 seats its own guest on a tab that happens to have the name of brand 1's.
    const seat = tabEvent('guest_tab.customer_attached', { tenantId: OTHER_TENANT, tabId: 'tab-shared-name', version: 0, tab: { customer: { customerId: theirs.customerId } } });
    await postEvent(plugin.app, seat, otherSecret).expect(200);

    const hold = await actorCall(plugin.app, 'post', '/terminal/bonus-holds', OTHER_TILL, { tabId: 'tab-shared-name', accountId: ours.accountId, amount: 1_000, idempotencyKey: `iso-steal-${engine}` });
    expectNotFound(hold);
    expectNotFound(await actorCall(plugin.app, 'delete', `/terminal/bonus-holds/${ours.holdId}`, OTHER_TILL));

    // Closing brand 2's tab with brand 1's hold as a bonus payment captures nothing.
    const close = tabEvent('guest_tab.closed', {
      tenantId: OTHER_TENANT,
      tabId: 'tab-shared-name',
      version: 2,
      tab: { status: 'closed', closedAt: '2026-11-22T18:00:00Z', customer: { customerId: theirs.customerId }, payments: [{ method: 'bonus', amount: 2_500, holdId: ours.holdId }] },
    });
    const closed = await postEvent(plugin.app, close, otherSecret);
    expect([closed.status, closed.body.code]).toEqual([422, 'unknown_hold']);

    // Brand 2 may not attach brand 1's guest to its tab either.
    const borrowed = tabEvent('guest_tab.customer_attached', { tenantId: OTHER_TENANT, tabId: 'tab-borrowed', version: 0, tab: { customer: { customerId: ours.customerId } } });
    expect((await postEvent(plugin.app, borrowed, otherSecret)).status).toBe(404);

    expect(await purses()).toEqual(before);
    expect(before.ours.holds).toEqual([[ours.holdId, 'open']]);
  });
});
