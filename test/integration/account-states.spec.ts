import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { identify, MANAGER } from '../support/factories.js';
import { actorCall, freshKey, postEvent, startPlugin, type ActorOverrides, type TestPlugin } from '../support/plugin.js';
import { barcode, enrolRegular, holdBonus, setUpRestaurant, type Regular } from '../support/restaurant.js';

/**
 * A frozen account gives nothing out (it still takes credits); a closed one takes and gives
 * nothing. Every refusal names the state in its code, and leaves the balance and the
 * history as they were.
 */
describe.each(TEST_ENGINES)('frozen and closed accounts (%s)', (engine) => {
  let plugin: TestPlugin;
  let guests = 0;
  let tabs = 0;
  const manage = (method: 'get' | 'post' | 'patch', path: string, body?: object, actor: ActorOverrides = MANAGER) => actorCall(plugin.app, method, path, actor, body, freshKey());

  /** Balances and the ids of the entries, as a manager looks them up. */
  async function purse(accountId: string) {
    const { status, total, held, available } = (await manage('get', `/accounts/${accountId}`).expect(200)).body;
    const entries = (await manage('get', `/accounts/${accountId}/entries`).expect(200)).body.items.map((e: { id: string }) => e.id);
    return { status, total, held, available, entries };
  }
  const setStatus = (accountId: string, status: string) => manage('patch', `/accounts/${accountId}`, { status }).expect(200);
  const refusal = (response: { status: number; body: { code?: string } }) => [response.status, response.body.code];

  async function regular(bonus = 0): Promise<Regular> {
    guests += 1;
    return enrolRegular(plugin.app, `STATE-${process.pid}-${guests}`, bonus);
  }

  /** The regular's tab of one 100.00 dinner (10.00 of it tax), closed: 10% off and points at 10% of the rest. */
  function closeDinner(guest: Regular) {
    tabs += 1;
    const event = tabEvent('guest_tab.closed', {
      tabId: `tab-state-${tabs}`,
      version: 2,
      tab: {
        status: 'closed',
        closedAt: plugin.clock.now().toISOString(),
        customer: { customerId: guest.id },
        orders: [{ id: 'o-1', categories: [], items: [{ id: 'l-1', productId: 'p-1', productGroupIds: [], tags: [], name: 'Dinner', quantity: 1, amount: 10_000, taxAmount: 1_000, categories: [] }] }],
      },
    });
    return postEvent(plugin.app, event).expect(200);
  }

  beforeAll(async () => {
    plugin = await startPlugin(engine, { holdTtlSeconds: 600 });
    await setUpRestaurant(plugin.app);
  });
  afterAll(() => plugin.close());

  describe('frozen', () => {
    it('refuses a debit, a transfer out and a hold with 409 account_frozen, the balance untouched', async () => {
      const guest = await regular(5_000);
      const other = await regular(0);
      await setStatus(guest.bonusAccountId, 'frozen');
      const before = await purse(guest.bonusAccountId);
      expect(before).toMatchObject({ status: 'frozen', total: 5_000, held: 0, available: 5_000 });

      expect(refusal(await manage('post', `/accounts/${guest.bonusAccountId}/entries`, { kind: 'manual_debit', amount: 100, reason: 'Correction' }))).toEqual([409, 'account_frozen']);
      expect(refusal(await manage('post', `/accounts/${guest.bonusAccountId}/transfers`, { toAccountId: other.bonusAccountId, amount: 100, reason: 'To a friend' }))).toEqual([
        409,
        'account_frozen',
      ]);
      const hold = await holdBonus(plugin.app, { tabId: `tab-frozen-${engine}`, accountId: guest.bonusAccountId, amount: 100, idempotencyKey: `frozen-${engine}` });
      expect(refusal(hold)).toEqual([409, 'account_frozen']);

      expect(await purse(guest.bonusAccountId)).toEqual(before);
      expect(await purse(other.bonusAccountId)).toMatchObject({ total: 0, entries: [] });
    });

    it('still takes a credit, a transfer in and the points of a closed tab; unfrozen, it pays again', async () => {
      const guest = await regular(0);
      const giver = await regular(1_000);
      await setStatus(guest.bonusAccountId, 'frozen');
      await setStatus(guest.pointsAccountId, 'frozen');

      await manage('post', `/accounts/${guest.bonusAccountId}/entries`, { kind: 'manual_credit', amount: 200, reason: 'Apology' }).expect(201);
      await manage('post', `/accounts/${giver.bonusAccountId}/transfers`, { toAccountId: guest.bonusAccountId, amount: 300, reason: 'Family gift' }).expect(201);
      // 100.00 with 10.00 tax: 9.00 off the 90.00 before tax, points 10% of the 81.00 left.
      const effects = (await closeDinner(guest)).body.effects;
      expect(effects).toContainEqual(expect.objectContaining({ kind: 'ledger_entry', entryKind: 'accrual', accountId: guest.pointsAccountId, amount: 810 }));
      expect(await purse(guest.bonusAccountId)).toMatchObject({ status: 'frozen', total: 500, available: 500 });
      expect(await purse(guest.pointsAccountId)).toMatchObject({ status: 'frozen', total: 810 });
      expect(await purse(giver.bonusAccountId)).toMatchObject({ total: 700 });

      await setStatus(guest.bonusAccountId, 'open');
      await holdBonus(plugin.app, { tabId: `tab-unfrozen-${engine}`, accountId: guest.bonusAccountId, amount: 500, idempotencyKey: `unfrozen-${engine}` }).expect(201);
      expect(await purse(guest.bonusAccountId)).toMatchObject({ total: 500, held: 500, available: 0 });
    });
  });

  describe('closed', () => {
    it('cannot close while something is on the account or held', async () => {
      const guest = await regular(700);
      const refused = await manage('patch', `/accounts/${guest.bonusAccountId}`, { status: 'closed' });
      expect(refusal(refused)).toEqual([409, 'account_not_empty']);
      expect(refused.body).toMatchObject({ total: 700, held: 0 });
      expect(await purse(guest.bonusAccountId)).toMatchObject({ status: 'open', total: 700 });
    });

    it('refuses a credit, a debit, a transfer either way and a hold with 409 account_closed, moving nothing', async () => {
      const guest = await regular(0);
      const other = await regular(2_000);
      await setStatus(guest.bonusAccountId, 'closed');
      const before = await purse(guest.bonusAccountId);
      const otherBefore = await purse(other.bonusAccountId);

      const entries = `/accounts/${guest.bonusAccountId}/entries`;
      expect(refusal(await manage('post', entries, { kind: 'manual_credit', amount: 100, reason: 'Welcome back' }))).toEqual([409, 'account_closed']);
      expect(refusal(await manage('post', entries, { kind: 'manual_debit', amount: 100, reason: 'Correction' }))).toEqual([409, 'account_closed']);
      // The other side's debit is written first in the transfer's transaction: it must not stay behind.
      expect(refusal(await manage('post', `/accounts/${other.bonusAccountId}/transfers`, { toAccountId: guest.bonusAccountId, amount: 500, reason: 'Into a closed purse' }))).toEqual([
        409,
        'account_closed',
      ]);
      expect(refusal(await manage('post', `/accounts/${guest.bonusAccountId}/transfers`, { toAccountId: other.bonusAccountId, amount: 1, reason: 'Out of a closed purse' }))).toEqual([
        409,
        'account_closed',
      ]);
      const hold = await holdBonus(plugin.app, { tabId: `tab-closed-${engine}`, accountId: guest.bonusAccountId, amount: 1, idempotencyKey: `closed-${engine}` });
      expect(refusal(hold)).toEqual([409, 'account_closed']);

      expect(await purse(guest.bonusAccountId)).toEqual(before);
      expect(await purse(other.bonusAccountId)).toEqual(otherBefore);
      expect(otherBefore).toMatchObject({ total: 2_000, available: 2_000 });
    });

    it('accrues nothing into a closed points account when the tab closes, and leaves it off the card', async () => {
      const guest = await regular(0);
      await setStatus(guest.pointsAccountId, 'closed');
      const before = await purse(guest.pointsAccountId);

      const effects = (await closeDinner(guest)).body.effects as { kind: string; entryKind?: string }[];
      // The visit is recorded as usual (100.00 less 9.00 off); only the accrual is left out.
      expect(effects).toContainEqual(expect.objectContaining({ kind: 'visit', status: 'closed', net: 9_100 }));
      expect(effects.filter((effect) => effect.entryKind === 'accrual')).toEqual([]);
      expect(await purse(guest.pointsAccountId)).toEqual(before);

      const seen = (await identify(plugin.app, barcode(guest.card)).expect(200)).body;
      expect(seen.balances.map((b: { accountId: string }) => b.accountId)).toEqual([guest.bonusAccountId]);
    });
  });
});
