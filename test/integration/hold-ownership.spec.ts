import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { HoldsService } from '../../src/modules/accounts/holds.service.js';
import { UnitOfWork } from '../../src/common/database/unit-of-work.js';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { createCustomer, MANAGER } from '../support/factories.js';
import { actorCall, freshKey, postEvent, startPlugin, TENANT, type TestPlugin } from '../support/plugin.js';
import { balanceOf, seatGuest, TILL } from '../support/restaurant.js';

/**
 * A hold takes only from what the tab's guest holds or shares through a membership: an
 * account id alone, even a valid one of the same restaurant, never moves anyone's money.
 */
describe.each(TEST_ENGINES)('holds belong to the tab’s guest (%s)', (engine) => {
  let plugin: TestPlugin;
  let dataSource: DataSource;
  let tabs = 0;

  beforeAll(async () => {
    plugin = await startPlugin(engine);
    dataSource = plugin.app.get(getDataSourceToken('regulars'));
    await actorCall(plugin.app, 'post', '/account-types', MANAGER, { code: 'bonus', name: 'Bonus', kind: 'bonus_money', unit: 'EUR' }).expect(201);
  });
  afterAll(() => plugin.close());

  async function guestWithBonus(amount = 1000): Promise<{ id: string; accountId: string }> {
    const guest = await createCustomer(plugin.app);
    const account = (await actorCall(plugin.app, 'post', `/customers/${guest.id}/accounts`, MANAGER, { accountTypeCode: 'bonus' }).expect(201)).body;
    await actorCall(plugin.app, 'post', `/accounts/${account.id}/entries`, MANAGER, { kind: 'manual_credit', amount, reason: 'Gift card' }, freshKey()).expect(201);
    return { id: guest.id, accountId: account.id };
  }
  const nextTab = () => `tab-own-${engine}-${++tabs}`;
  const hold = (tabId: string, accountId: string, amount = 500) => actorCall(plugin.app, 'post', '/terminal/bonus-holds', TILL, { tabId, accountId, amount, idempotencyKey: `k-${tabId}-${accountId}` });
  const holdRows = async (accountId: string) => Number((await dataSource.query('SELECT COUNT(*) AS n FROM rc_holds WHERE tenant_id = ? AND account_id = ?', [TENANT, accountId]))[0].n);

  it('refuses to hold another guest’s bonus for a tab, and holds nothing', async () => {
    const diner = await guestWithBonus();
    const stranger = await guestWithBonus();
    const tabId = nextTab();
    await seatGuest(plugin.app, tabId, diner.id);
    const refused = await hold(tabId, stranger.accountId).expect(422);
    expect(refused.body).toMatchObject({ code: 'not_guest_account', account: stranger.accountId, customer: diner.id, message: expect.stringContaining('accountId') });
    expect(await balanceOf(plugin.app, stranger.accountId)).toEqual({ total: 1000, held: 0, available: 1000 });
    expect(await holdRows(stranger.accountId)).toBe(0);
    await hold(tabId, diner.accountId).expect(201);
  });

  it('refuses a hold on a tab without a guest, and on a tab the host has not sent', async () => {
    const stranger = await guestWithBonus();
    const anonymous = nextTab();
    await postEvent(plugin.app, tabEvent('guest_tab.opened', { tabId: anonymous })).expect(200);
    expect((await hold(anonymous, stranger.accountId).expect(422)).body.code).toBe('not_guest_account');
    expect((await hold(nextTab(), stranger.accountId).expect(422)).body.code).toBe('not_guest_account');
    expect(await holdRows(stranger.accountId)).toBe(0);
  });

  it('refuses a hold for a guest who has been removed from the tab', async () => {
    const diner = await guestWithBonus();
    const tabId = nextTab();
    await seatGuest(plugin.app, tabId, diner.id);
    await postEvent(plugin.app, tabEvent('guest_tab.customer_detached', { tabId, version: 2 })).expect(200);
    expect((await hold(tabId, diner.accountId).expect(422)).body.code).toBe('not_guest_account');
  });

  it('holds from the membership the guest shares with their family', async () => {
    const parent = await createCustomer(plugin.app);
    const child = await createCustomer(plugin.app);
    const family = (await actorCall(plugin.app, 'post', '/memberships', MANAGER, { name: 'The Family', ownerCustomerId: parent.id }, freshKey()).expect(201)).body;
    await actorCall(plugin.app, 'post', `/memberships/${family.id}/members`, MANAGER, { customerId: child.id }, freshKey()).expect(201);
    const shared = (await actorCall(plugin.app, 'post', `/customers/${child.id}/accounts`, MANAGER, { accountTypeCode: 'bonus' }).expect(201)).body;
    expect(shared.holder).toEqual({ type: 'membership', id: family.id });
    await actorCall(plugin.app, 'post', `/accounts/${shared.id}/entries`, MANAGER, { kind: 'manual_credit', amount: 800, reason: 'Family gift' }, freshKey()).expect(201);
    const tabId = nextTab();
    await seatGuest(plugin.app, tabId, child.id);
    await hold(tabId, shared.id, 300).expect(201);
    expect(await balanceOf(plugin.app, shared.id)).toEqual({ total: 800, held: 300, available: 500 });
  });

  it('refuses a close that pays with a hold from an account that is not the guest’s, and applies nothing', async () => {
    const diner = await guestWithBonus();
    const stranger = await guestWithBonus();
    const tabId = nextTab();
    await seatGuest(plugin.app, tabId, diner.id);
    // A hold made before holds were tied to the tab's guest: the close must not capture it either.
    const legacy = await plugin.app.get(UnitOfWork).transaction(() =>
      plugin.app.get(HoldsService).create({ tenantId: TENANT, id: 'waiter-1', permissions: ['terminal.use'] }, { tabId, accountId: stranger.accountId, amount: 500, idempotencyKey: `legacy-${tabId}` }, { customerId: diner.id, ruleAllowanceLeft: null }),
    );
    const close = tabEvent('guest_tab.closed', {
      tabId,
      version: 5,
      tab: { status: 'closed', closedAt: '2026-11-22T19:00:00Z', customer: { customerId: diner.id }, payments: [{ method: 'bonus', amount: 500, holdId: legacy.holdId }, { method: 'card', amount: 2550 }] },
    });
    const refused = await postEvent(plugin.app, close).expect(422);
    expect(refused.body).toMatchObject({ code: 'not_guest_account', account: stranger.accountId });
    expect(await balanceOf(plugin.app, stranger.accountId)).toEqual({ total: 1000, held: 500, available: 500 });
    const record = (await actorCall(plugin.app, 'get', `/guest-tabs/${tabId}`, MANAGER).expect(200)).body;
    expect(record.tab.status).toBe('open');
    expect(record.visits.filter((visit: { status: string }) => visit.status === 'closed')).toEqual([]);
  });

  it('captures the guest’s own bonus payment at the close', async () => {
    const diner = await guestWithBonus();
    const tabId = nextTab();
    await seatGuest(plugin.app, tabId, diner.id);
    const held = (await hold(tabId, diner.accountId, 400).expect(201)).body;
    const close = tabEvent('guest_tab.closed', {
      tabId,
      version: 5,
      tab: { status: 'closed', closedAt: '2026-11-22T19:00:00Z', customer: { customerId: diner.id }, payments: [{ method: 'bonus', amount: 400, holdId: held.holdId }, { method: 'card', amount: 2650 }] },
    });
    const closed = await postEvent(plugin.app, close).expect(200);
    expect(closed.body.effects).toContainEqual({ kind: 'hold_captured', id: held.holdId, amount: 400, accountId: diner.accountId });
    expect(await balanceOf(plugin.app, diner.accountId)).toEqual({ total: 600, held: 0, available: 600 });
  });
});
