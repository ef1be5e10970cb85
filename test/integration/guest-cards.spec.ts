import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { UnitOfWork } from '../../src/common/database/unit-of-work.js';
import { GuestCards } from '../../src/modules/guest-cards/guest-cards.service.js';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { createCustomer, MANAGER } from '../support/factories.js';
import { actorCall, freshKey, postEvent, startPlugin, TENANT, type TestPlugin } from '../support/plugin.js';
import { barcode, enrolRegular, setUpRestaurant, TILL, type Regular } from '../support/restaurant.js';
import { tableFingerprints } from '../support/tables.js';

/**
 * The till card's read model (rc_guest_cards): identify reads a guest's history from it in
 * one look-up, and every write that changes what the card shows makes the next card new.
 */
describe.each(TEST_ENGINES)('the guest card’s read model (%s)', (engine) => {
  let plugin: TestPlugin;
  let dataSource: DataSource;
  let cards = 0;
  const manage = (method: 'post' | 'put' | 'patch', path: string, body: object = {}) => actorCall(plugin.app, method, path, MANAGER, body, freshKey());
  const identifyCard = async (card: string) => (await actorCall(plugin.app, 'post', '/terminal/identify', TILL, barcode(card)).expect(200)).body;
  const storedCard = async (customerId: string): Promise<{ generation: number; facts: unknown } | undefined> =>
    (await dataSource.query('SELECT generation, facts FROM rc_guest_cards WHERE customer_id = ?', [customerId]))[0];
  /** Waits for the read model identify stores after answering. */
  const kept = async (customerId: string) => {
    for (let i = 0; i < 100 && !(await storedCard(customerId))?.facts; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await storedCard(customerId))?.facts).toBeTruthy();
  };
  /** The card as identify answers it from the read model, and as assembled from the guest's history with the read model gone: always the same. */
  const cardBothWays = async (guest: Regular) => {
    await identifyCard(guest.card);
    await kept(guest.id);
    const fromReadModel = await identifyCard(guest.card);
    await dataSource.query('DELETE FROM rc_guest_cards WHERE customer_id = ?', [guest.id]);
    const assembled = await identifyCard(guest.card);
    await kept(guest.id);
    expect(fromReadModel).toEqual(assembled);
    return fromReadModel;
  };
  const newRegular = () => enrolRegular(plugin.app, `46000000${String((cards += 1)).padStart(5, '0')}`);

  beforeAll(async () => {
    plugin = await startPlugin(engine);
    dataSource = plugin.app.get(getDataSourceToken('regulars'));
    await setUpRestaurant(plugin.app);
    await manage('post', '/tiers', { code: 'GOLD', name: 'Gold', rank: 1, metric: 'spent', threshold: 100_000, categories: [] }).expect(201);
  });
  afterAll(() => plugin.close());

  it('answers a card read again from the read model, not from the history', async () => {
    const guest = await newRegular();
    const first = await identifyCard(guest.card);
    await kept(guest.id);
    // Behind the plugin's back: only the read model can still say 0 visits.
    await dataSource.query('INSERT INTO rc_customer_totals (tenant_id, customer_id, spent, visits, points_earned) VALUES (?, ?, 5000, 3, 0)', [TENANT, guest.id]);
    expect((await identifyCard(guest.card)).history).toEqual(first.history);
    expect(first.history).toMatchObject({ visits: 0, spent: 0 });
  });

  it('writes nothing at a look-up once the guest’s read model is kept', async () => {
    const guest = await newRegular();
    await identifyCard(guest.card);
    await kept(guest.id);
    const [tables, readModel] = [await tableFingerprints(plugin.app), await storedCard(guest.id)];
    await identifyCard(guest.card);
    await actorCall(plugin.app, 'get', `/terminal/cards/${guest.id}`, TILL).expect(200);
    expect(await tableFingerprints(plugin.app)).toEqual(tables);
    expect(await storedCard(guest.id)).toEqual(readModel);
  });

  it('shows every change to what the card shows at the next look-up, the same as a card assembled afresh', async () => {
    const guest = await newRegular();
    expect(await cardBothWays(guest)).toMatchObject({ categories: ['REGULARS'], announcements: [], tier: null, history: { visits: 0 }, coupons: [] });

    await manage('patch', `/customers/${guest.id}`, { announcement: 'Allergic to nuts' }).expect(200);
    expect((await cardBothWays(guest)).announcements).toEqual(['Allergic to nuts']);

    await manage('post', '/promotion-categories', { code: 'STAFF', name: 'Staff' }).expect(201);
    await manage('post', `/customers/${guest.id}/categories`, { categoryCode: 'STAFF' }).expect(201);
    expect((await cardBothWays(guest)).categories).toEqual(['REGULARS', 'STAFF']);

    await manage('put', `/customers/${guest.id}/tier`, { tierCode: 'GOLD', note: 'The owner’s friend' }).expect(200);
    expect((await cardBothWays(guest)).tier).toMatchObject({ code: 'GOLD', name: 'Gold' });

    await manage('post', '/promo-codes', { code: `FOR${guest.id.slice(-6)}`.toUpperCase(), categoryCode: 'STAFF', usage: 'single', customerId: guest.id }).expect(201);
    expect((await cardBothWays(guest)).coupons).toEqual([expect.objectContaining({ categoryCode: 'STAFF' })]);

    const closed = { status: 'closed', closedAt: '2026-11-22T19:05:00Z', customer: barcode(guest.card), payments: [{ method: 'card', amount: 2796 }] };
    await postEvent(plugin.app, tabEvent('guest_tab.closed', { tabId: `tab-${guest.id}`, tab: closed })).expect(200);
    const afterDinner = await cardBothWays(guest);
    expect(afterDinner.history).toMatchObject({ visits: 1, spent: 2796 });
    expect(afterDinner.preferences.favouriteProducts.map((favourite: { productId: string }) => favourite.productId).sort()).toEqual(['p-12', 'p-88']);
  });

  it('shows the membership’s purse once the guest joins one, and their own again when they leave', async () => {
    const guest = await newRegular();
    const own = (await cardBothWays(guest)).balances.map((balance: { accountId: string }) => balance.accountId);
    expect(own.sort()).toEqual([guest.bonusAccountId, guest.pointsAccountId].sort());
    const owner = await createCustomer(plugin.app);
    const family = (await manage('post', '/memberships', { name: 'The family', ownerCustomerId: owner.id }).expect(201)).body;
    await manage('post', `/memberships/${family.id}/members`, { customerId: guest.id }).expect(201);
    const shared = await actorCall(plugin.app, 'get', `/customers/${owner.id}/accounts`, MANAGER).expect(200);
    expect((await cardBothWays(guest)).balances.map((balance: { accountId: string }) => balance.accountId)).toEqual(shared.body.map((account: { id: string }) => account.id));
    await actorCall(plugin.app, 'delete', `/memberships/${family.id}/members/${guest.id}`, MANAGER, undefined, freshKey()).expect((response) => expect(response.status).toBeLessThan(300));
    expect((await cardBothWays(guest)).balances.map((balance: { accountId: string }) => balance.accountId).sort()).toEqual(own);
  });

  it('assembles the card again when the tiers change, so the next tier is measured as it is now', async () => {
    const guest = await newRegular();
    expect((await cardBothWays(guest)).nextTier).toMatchObject({ code: 'GOLD', metric: 'spent' });
    await manage('post', '/tiers', { code: `VISITS${cards}`, name: 'Familiar face', rank: 0, metric: 'visits', threshold: 3, categories: [] }).expect(201);
    expect((await identifyCard(guest.card)).nextTier).toMatchObject({ code: `VISITS${cards}`, metric: 'visits', value: 0, missing: 3 });
  });

  it('never keeps a card assembled from what was read before a write that changed it', async () => {
    const guestCards = plugin.app.get(GuestCards);
    const uow = plugin.app.get(UnitOfWork);
    const stale = { note: 'assembled before the write' };

    // A guest with a read model: a write moves its generation on; facts assembled under the old one are refused.
    const known = await newRegular();
    await identifyCard(known.card);
    await kept(known.id);
    const before = (await storedCard(known.id))!.generation;
    await manage('patch', `/customers/${known.id}`, { announcement: 'Changed meanwhile' }).expect(200);
    expect(await storedCard(known.id)).toMatchObject({ generation: before + 1, facts: null });
    await guestCards.store({ tenantId: TENANT, customerId: known.id, generation: before, revision: 0, freshUntil: new Date(), facts: stale });
    expect((await storedCard(known.id))?.facts).toBeNull();

    // A guest never looked up: the write makes their row, and a card assembled before it is not stored.
    const unseen = await createCustomer(plugin.app);
    await uow.transaction(async () => guestCards.changed(TENANT, [unseen.id]));
    await guestCards.store({ tenantId: TENANT, customerId: unseen.id, generation: 0, revision: 0, freshUntil: new Date(), facts: stale });
    expect(await storedCard(unseen.id)).toMatchObject({ generation: 1, facts: null });
  });

  it('makes the card again on a new business day, when the history’s windows have moved', async () => {
    const guest = await newRegular();
    plugin.clock.current = new Date('2026-11-22T10:00:00Z');
    try {
      await identifyCard(guest.card);
      await kept(guest.id);
      await dataSource.query('INSERT INTO rc_customer_totals (tenant_id, customer_id, spent, visits, points_earned) VALUES (?, ?, 5000, 3, 0)', [TENANT, guest.id]);
      expect((await identifyCard(guest.card)).history.visits).toBe(0);
      plugin.clock.current = new Date('2026-11-23T10:00:00Z');
      expect((await identifyCard(guest.card)).history.visits).toBe(3);
    } finally {
      plugin.clock.current = new Date();
    }
  });
});
