import { createHmac, createPublicKey, verify } from 'node:crypto';
import { evaluate, type RuleBook } from '../../src/engine.js';
import { TEST_ENGINES } from '../support/databases.js';
import { createCustomer, MANAGER } from '../support/factories.js';
import { actorCall, freshKey, type TestPlugin, startPlugin } from '../support/plugin.js';
import { enrolRegular, setUpRestaurant, TILL, type Regular } from '../support/restaurant.js';

interface PackGuest {
  customerId: string;
  displayName: string;
  tierCode: string | null;
  categories: string[];
  identifiers: { type: string; hash: string }[];
  accounts: { accountId: string; accountTypeCode: string; unit: string; allowance: number }[];
}

describe.each(TEST_ENGINES)('the offline pack (%s)', (engine) => {
  let plugin: TestPlugin;
  let anna: Regular;
  let boris: Regular;
  let phoneGuest: { id: string };
  const phone = `+46708${String(process.pid % 1_000_000).padStart(6, '0')}`;
  const manage = (method: 'post' | 'put' | 'get', path: string, body?: object) => actorCall(plugin.app, method, path, MANAGER, body, freshKey());
  const till = { ...TILL, locationId: 'loc-1' };
  const packPage = (query = '', headers: Record<string, string> = {}) => actorCall(plugin.app, 'get', `/terminal/offline-pack${query}`, till, undefined, headers);
  const guestsOf = (body: { guests: PackGuest[] }) => new Map(body.guests.map((guest) => [guest.customerId, guest]));

  beforeAll(async () => {
    plugin = await startPlugin(engine, { timeZone: 'Europe/Stockholm' });
    plugin.clock.current = new Date('2026-11-18T12:00:00Z');
    await setUpRestaurant(plugin.app);
    await manage('put', '/settings', { offlineAllowance: 2000 }).expect(200);
    anna = await enrolRegular(plugin.app, '7000000001', 5000);
    boris = await enrolRegular(plugin.app, '7000000002', 1200);
    phoneGuest = await createCustomer(plugin.app, { contacts: [{ type: 'mobile', value: phone }] });
    const gone = await createCustomer(plugin.app);
    await manage('post', `/customers/${gone.id}/terminate`, { reason: 'asked to leave the programme' });
  });
  afterAll(() => plugin.close());

  it('is signed over its exact bytes with the key a till pins, and never carries a card number or a phone', async () => {
    const key = (await actorCall(plugin.app, 'get', '/terminal/offline-pack/key', till).expect(200)).body;
    expect(key).toMatchObject({ algorithm: 'ed25519', keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const answer = await packPage().expect(200);
    const signature = String(answer.headers['x-regulars-pack-signature']).replace(/^ed25519=/, '');
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey }, format: 'jwk' });
    expect(verify(null, Buffer.from(answer.text), publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
    // One byte changed (Boris's allowance), and the signature no longer holds.
    expect(verify(null, Buffer.from(answer.text.replace('"allowance":1200', '"allowance":9200')), publicKey, Buffer.from(signature, 'base64url'))).toBe(false);
    expect(answer.body).toMatchObject({ format: 1, keyId: key.keyId, locationId: 'loc-1', currency: 'EUR', timeZone: 'Europe/Stockholm', nextCursor: null });
    for (const secret of ['7000000001', '7000000002', phone, phone.slice(1)]) expect(answer.text).not.toContain(secret);
  });

  it('lets a till recognise a guest by hashing what is presented, with their categories and what they may spend offline', async () => {
    const { body } = await packPage().expect(200);
    const hash = (type: string, value: string) => createHmac('sha256', Buffer.from(body.identifierHashing.salt, 'base64url')).update(`${type}:${value}`).digest('hex');
    const byHash = new Map((body.guests as PackGuest[]).flatMap((guest) => guest.identifiers.map((identifier) => [identifier.hash, guest] as const)));
    const annaSeen = byHash.get(hash('barcode_card', '7000000001'))!;
    expect(annaSeen).toMatchObject({ customerId: anna.id, categories: ['REGULARS'], tierCode: null });
    expect(annaSeen.accounts).toEqual(
      expect.arrayContaining([
        { accountId: anna.bonusAccountId, accountTypeCode: 'bonus', unit: 'EUR', allowance: 2000 },
        { accountId: anna.pointsAccountId, accountTypeCode: 'points', unit: 'points', allowance: 0 },
      ]),
    );
    expect(byHash.get(hash('barcode_card', '7000000002'))!.accounts.find((account) => account.accountTypeCode === 'bonus')!.allowance).toBe(1200);
    expect(byHash.get(hash('phone', phone))!.customerId).toBe(phoneGuest.id);
    expect(body.guests).toHaveLength(3);
  });

  it('prices a tab offline with the published engine exactly as the plugin does online', async () => {
    const { body } = await packPage().expect(200);
    const guest = guestsOf(body).get(anna.id)!;
    const tab = {
      id: 'tab-offline-1',
      version: 1,
      status: 'open',
      openedAt: '2026-11-18T11:30:00Z',
      currency: 'EUR',
      pricesIncludeTax: true,
      customer: { customerId: anna.id },
      orders: [{ id: 'o-1', items: [{ id: 'l-1', productId: 'soup', quantity: 2, amount: 2590, taxAmount: 0 }] }],
    };
    const online = (await actorCall(plugin.app, 'post', '/terminal/evaluate', till, { tab }).expect(200)).body;
    const lines = [{ id: 'l-1', productId: 'soup', productGroupIds: [], tags: [], quantity: 2, amount: 2590, taxAmount: 0, categories: [] }];
    const tierCategories = body.tiers.find((tier: { code: string }) => tier.code === guest.tierCode)?.categories ?? [];
    const offline = evaluate(
      { currency: 'EUR', pricesIncludeTax: true, serviceCharge: 0, guestCount: null, lines },
      { tab: [], division: [], table: [], personal: guest.categories, tier: tierCategories },
      body.ruleBook as RuleBook,
      plugin.clock.now(),
      { timeZone: body.timeZone, discountBase: body.settings.discountBase, accrualBase: body.settings.accrualBase, usage: { identifications: 0, closedTabs: 0, bonusSpent: {} }, bonusPayments: {} },
    );
    expect(offline.totals).toEqual(online.totals);
    expect(offline.accrual.map(({ accountType, points }) => ({ accountType, points }))).toEqual(online.accrual.map(({ accountType, points }: { accountType: string; points: number }) => ({ accountType, points })));
    expect(online.totals).toMatchObject({ before: 2590, discount: 259 });
  });

  it('answers 304 to a till holding the current page, and a new ETag once a balance moves', async () => {
    const first = await packPage().expect(200);
    const etag = String(first.headers.etag);
    plugin.clock.current = new Date(plugin.clock.now().getTime() + 60_000);
    await packPage('', { 'If-None-Match': etag }).expect(304);
    await manage('post', `/accounts/${boris.bonusAccountId}/entries`, { kind: 'manual_credit', amount: 300, reason: 'Sorry for the wait' }).expect(201);
    const changed = await packPage('', { 'If-None-Match': etag }).expect(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(guestsOf(changed.body).get(boris.id)!.accounts.find((account) => account.accountTypeCode === 'bonus')!.allowance).toBe(1500);
  });

  it('pages the guests, every one once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { guests: PackGuest[]; nextCursor: string | null } } = await packPage(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      expect(page.body.guests.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.guests.map((guest: PackGuest) => guest.customerId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([anna.id, boris.id, phoneGuest.id].sort());
  });

  it('lets nothing be spent offline until the tenant sets an allowance', async () => {
    await manage('put', '/settings', { offlineAllowance: null }).expect(200);
    const { body } = await packPage().expect(200);
    for (const guest of body.guests as PackGuest[]) for (const account of guest.accounts) expect(account.allowance).toBe(0);
    await manage('put', '/settings', { offlineAllowance: 2000 }).expect(200);
  });

  it('refuses a page without a location, or past its size, naming the field', async () => {
    const noLocation = await actorCall(plugin.app, 'get', '/terminal/offline-pack', TILL).expect(400);
    expect(noLocation.body.message).toEqual([expect.stringMatching(/^locationId: /)]);
    expect((await packPage('?limit=5001').expect(400)).body.message).toEqual([expect.stringMatching(/^limit: /)]);
    expect((await packPage('?cursor=nope').expect(400)).body.code).toBe('bad_cursor');
    expect((await manage('put', '/settings', { offlineAllowance: 1.5 }).expect(400)).body.message).toEqual([expect.stringMatching(/^offlineAllowance: /)]);
  });
});
