import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { createCustomer, MANAGER, WAITER } from '../support/factories.js';
import { actorCall, freshKey, postEvent, startPlugin, type TestPlugin } from '../support/plugin.js';
import { setUpRestaurant } from '../support/restaurant.js';

describe.each(TEST_ENGINES)('referrals (%s)', (engine) => {
  let plugin: TestPlugin;
  let tabs = 0;
  let phones = 0;
  const manage = (method: 'get' | 'post' | 'put', path: string, body?: object) => actorCall(plugin.app, method, path, MANAGER, body, freshKey());
  const phone = () => `+4670${String(process.pid % 1000).padStart(3, '0')}${String(++phones).padStart(4, '0')}`;
  const guestWithPhone = async (number = phone()) => createCustomer(plugin.app, { contacts: [{ type: 'mobile', value: number }] });
  const codeOf = async (customerId: string) => (await manage('get', `/customers/${customerId}/referrals`).expect(200)).body.code as string;
  const points = async (customerId: string) => ((await manage('get', `/customers/${customerId}/accounts`).expect(200)).body as { accountType: { code: string }; total: number }[]).find((account) => account.accountType.code === 'points')?.total ?? 0;
  /** The guest's tab of `amount` (before REGULARS' 10%: the guest is not in it, so it is what they pay), closed; the event as sent. */
  const closeVisit = async (customerId: string, amount: number) => {
    const event = tabEvent('guest_tab.closed', {
      tabId: `tab-ref-${engine}-${++tabs}`,
      version: 3,
      tab: {
        status: 'closed',
        closedAt: '2026-11-22T19:00:00Z',
        customer: { customerId },
        categories: { tab: [], division: [], table: [] },
        orders: [{ id: 'o-1', categories: [], items: [{ id: 'l-1', productId: 'p-1', quantity: 1, amount, taxAmount: 0, categories: [] }] }],
        payments: [{ method: 'card', amount }],
      },
    });
    return { event, effects: (await postEvent(plugin.app, event).expect(200)).body.effects as Record<string, unknown>[] };
  };

  beforeAll(async () => {
    plugin = await startPlugin(engine, { timeZone: 'Europe/Stockholm' });
    plugin.clock.current = new Date('2026-11-22T18:00:00Z');
    await setUpRestaurant(plugin.app);
    const program = { enabled: true, minimumNet: 3000, referrerAccountTypeCode: 'points', referrerAmount: 500, refereeAccountTypeCode: 'points', refereeAmount: 300 };
    expect((await manage('put', '/referral-program', { ...program, referrerAccountTypeCode: 'nope' }).expect(422)).body.code).toBe('unknown_account_type');
    expect((await manage('put', '/referral-program', program).expect(200)).body).toEqual(program);
  });
  afterAll(() => plugin.close());

  it('rewards both guests once, after the new guest’s first visit at the minimum only', async () => {
    const anna = await guestWithPhone();
    const boris = await guestWithPhone();
    const code = await codeOf(anna.id);
    expect(code).toMatch(/^R[0-9A-HJKMNP-TV-Z]{11}$/);
    expect(await codeOf(anna.id)).toBe(code);
    const referral = (await manage('post', '/referrals', { customerId: boris.id, code: code.toLowerCase() }).expect(201)).body;
    expect(referral).toMatchObject({ refereeId: boris.id, referrerId: anna.id, status: 'pending', visitId: null });

    // 20.00 is under the programme's 30.00: no reward yet, and the referral waits for the next visit.
    await closeVisit(boris.id, 2000);
    expect(await points(anna.id)).toBe(0);
    const qualifying = await closeVisit(boris.id, 5000);
    expect(await points(anna.id)).toBe(500);
    expect(await points(boris.id)).toBe(300);
    // The same close sent again, and a later visit over the minimum, give nothing more.
    await postEvent(plugin.app, qualifying.event).expect(200);
    await closeVisit(boris.id, 8000);
    expect(await points(anna.id)).toBe(500);
    expect(await points(boris.id)).toBe(300);
    const borisReferrals = (await manage('get', `/customers/${boris.id}/referrals`).expect(200)).body;
    expect(borisReferrals.referredBy).toMatchObject({ referrerId: anna.id, status: 'rewarded', visitId: expect.any(String) });
    expect((await manage('get', `/customers/${anna.id}/referrals`).expect(200)).body.referred).toBe(1);
  });

  it('refuses a guest’s own code, a new guest with the referrer’s phone, a guest who has visited, and a second referrer', async () => {
    const shared = phone();
    const anna = await guestWithPhone(shared);
    const code = await codeOf(anna.id);
    const self = (await manage('post', '/referrals', { customerId: anna.id, code }).expect(422)).body;
    expect(self).toMatchObject({ code: 'referral_refused', reason: 'self_referral' });
    const household = await guestWithPhone(shared);
    expect((await manage('post', '/referrals', { customerId: household.id, code }).expect(422)).body).toMatchObject({ code: 'referral_refused', reason: 'shared_phone' });
    const regular = await guestWithPhone();
    await closeVisit(regular.id, 1000);
    expect((await manage('post', '/referrals', { customerId: regular.id, code }).expect(422)).body).toMatchObject({ code: 'referral_refused', reason: 'not_new' });

    const newcomer = await guestWithPhone();
    await manage('post', '/referrals', { customerId: newcomer.id, code }).expect(201);
    await manage('post', '/referrals', { customerId: newcomer.id, code }).expect(201);
    const other = await guestWithPhone();
    expect((await manage('post', '/referrals', { customerId: newcomer.id, code: await codeOf(other.id) }).expect(409)).body.code).toBe('already_referred');
    expect((await manage('post', '/referrals', { customerId: newcomer.id, code: 'RNOSUCHCODE' }).expect(404)).body.code).toBe('not_found');
    expect((await actorCall(plugin.app, 'put', '/referral-program', WAITER, { enabled: false }).expect(403)).body.code).toBe('forbidden');
  });

  it('rewards nothing while the programme is off', async () => {
    const program = (await manage('get', '/referral-program').expect(200)).body;
    await manage('put', '/referral-program', { ...program, enabled: false }).expect(200);
    try {
      const anna = await guestWithPhone();
      const boris = await guestWithPhone();
      await manage('post', '/referrals', { customerId: boris.id, code: await codeOf(anna.id) }).expect(201);
      await closeVisit(boris.id, 5000);
      expect(await points(anna.id)).toBe(0);
    } finally {
      await manage('put', '/referral-program', program).expect(200);
    }
  });
});
