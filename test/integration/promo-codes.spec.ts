import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { createCustomer, MANAGER, WAITER } from '../support/factories.js';
import { actorCall, freshKey, postEvent, startPlugin, startSecondInstance, TENANT, type ActorOverrides, type TestPlugin } from '../support/plugin.js';

const TILL: ActorOverrides = { ...WAITER, terminalId: 'pos-codes' };

describe.each(TEST_ENGINES)('promo codes (%s)', (engine) => {
  let plugin: TestPlugin;
  let tabs = 0;
  const manage = (method: 'post' | 'get', path: string, body?: object) => actorCall(plugin.app, method, path, MANAGER, body, freshKey());
  const nextTab = () => `tab-code-${engine}-${++tabs}`;
  /** A tab of one 100.00 line with the codes typed at the till. */
  const tab = (codes: string[], fields: Record<string, unknown> = {}) => ({
    categories: { tab: [], division: [], table: [] },
    orders: [{ id: 'o-1', categories: [], items: [{ id: 'l-1', productId: 'p-1', quantity: 1, amount: 10_000, taxAmount: 0, categories: [] }] }],
    codes,
    ...fields,
  });
  const evaluate = async (codes: string[], fields: Record<string, unknown> = {}) =>
    (await actorCall(plugin.app, 'post', '/terminal/evaluate', TILL, { tab: { ...tabEvent('guest_tab.updated', { tabId: nextTab(), tab: tab(codes, fields) }).tab }, language: 'en' }).expect(200)).body;
  const send = async (type: 'guest_tab.prechecked' | 'guest_tab.closed' | 'guest_tab.cancelled', tabId: string, version: number, codes: string[], fields: Record<string, unknown> = {}) =>
    (await postEvent(plugin.app, tabEvent(type, { tabId, version, tab: { ...tab(codes, fields), status: type.slice('guest_tab.'.length) } })).expect(200)).body.effects as Record<string, unknown>[];
  const codeEffects = (effects: Record<string, unknown>[]) => effects.filter((effect) => effect.kind === 'code');
  const billAndCodes = (effects: Record<string, unknown>[]) => effects.filter((effect) => effect.kind === 'code' || effect.kind === 'evaluation');

  beforeAll(async () => {
    plugin = await startPlugin(engine, { timeZone: 'Europe/Stockholm' });
    plugin.clock.current = new Date('2026-11-22T18:00:00Z');
    await manage('post', '/promotion-categories', { code: 'WELCOME10', name: 'Welcome 10%' }).expect(201);
    await manage('post', '/sales-rules', { categoryCode: 'WELCOME10', name: 'Welcome 10%', effect: { kind: 'percent_off', percentBp: 1000 } }).expect(201);
  });
  afterAll(() => plugin.close());

  describe('managing codes', () => {
    it('stores a code as the till reads it and refuses it twice, an unknown category, a limit without its number and an end before the start', async () => {
      const created = (await manage('post', '/promo-codes', { code: 'summer-10', categoryCode: 'WELCOME10', usage: 'limited', maxUses: 3 }).expect(201)).body;
      expect(created).toMatchObject({ code: 'SUMMER10', categoryCode: 'WELCOME10', usage: 'limited', maxUses: 3, used: 0, uses: [], active: true });
      expect((await manage('post', '/promo-codes', { code: 'Summer 10', categoryCode: 'WELCOME10', usage: 'single' }).expect(409)).body.code).toBe('code_exists');
      expect((await manage('post', '/promo-codes', { code: 'NOPE1', categoryCode: 'NOPE', usage: 'single' }).expect(422)).body.code).toBe('unknown_category');
      expect(JSON.stringify((await manage('post', '/promo-codes', { code: 'LIMITLESS', categoryCode: 'WELCOME10', usage: 'limited' }).expect(400)).body.message)).toContain('maxUses');
      const backwards = { code: 'BACKWARDS', categoryCode: 'WELCOME10', usage: 'single', validFrom: '2026-12-31T00:00:00Z', validTo: '2026-12-01T00:00:00Z' };
      expect((await manage('post', '/promo-codes', backwards).expect(400)).body.message).toEqual(['validTo: must be after validFrom']);
      expect((await manage('post', '/promo-codes', { code: '- - -', categoryCode: 'WELCOME10', usage: 'single' }).expect(400)).body.message).toEqual(['code: must have at least 3 letters or digits']);
      expect((await evaluate([' - '])).codes).toEqual([]);
      expect((await actorCall(plugin.app, 'post', '/promo-codes', WAITER, { code: 'WAITER1', categoryCode: 'WELCOME10', usage: 'single' }).expect(403)).body.code).toBe('forbidden');
    });

    it('generates a batch of unguessable codes with a prefix and exports them for printing', async () => {
      const batch = (await manage('post', '/promo-code-batches', { name: `Flyers ${engine}`, categoryCode: 'WELCOME10', usage: 'single', count: 250, prefix: 'XMAS', validTo: '2026-12-31T22:59:59Z' }).expect(201)).body;
      expect(batch).toMatchObject({ count: 250, usage: 'single', validTo: '2026-12-31T22:59:59.000Z' });
      const csv = await actorCall(plugin.app, 'get', `/promo-code-batches/${batch.id}/codes.csv`, MANAGER).expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const [header, ...rows] = (csv.text as string).trimEnd().split('\r\n');
      expect(header).toBe('code,barcode,valid_from,valid_to');
      expect(rows).toHaveLength(250);
      expect(new Set(rows.map((row) => row.split(',')[0])).size).toBe(250);
      for (const row of rows) expect(row).toMatch(/^(XMAS[0-9A-HJKMNP-TV-Z]{11}),\1,,2026-12-31T22:59:59.000Z$/);
      const printed = rows[0].split(',')[0];
      expect((await evaluate([printed.toLowerCase()])).codes).toEqual([{ code: printed, status: 'applies', categoryCode: 'WELCOME10' }]);
      expect((await manage('post', '/promo-code-batches', { name: `Flyers ${engine}`, categoryCode: 'WELCOME10', usage: 'single', count: 1 }).expect(409)).body.code).toBe('code_batch_exists');
      expect((await manage('get', '/promo-code-batches').expect(200)).body.map((listed: { id: string }) => listed.id)).toContain(batch.id);
    });
  });

  describe('at the till', () => {
    it('gives a single-use 10% code to the first tab and refuses it on the next, saying why', async () => {
      await manage('post', '/promo-codes', { code: 'ONCE-ONLY', categoryCode: 'WELCOME10', usage: 'single' }).expect(201);
      const offered = await evaluate(['once only']);
      expect(offered.codes).toEqual([{ code: 'ONCEONLY', status: 'applies', categoryCode: 'WELCOME10' }]);
      expect(offered.totals).toMatchObject({ discount: 1000, after: 9000 });

      const first = nextTab();
      expect(billAndCodes(await send('guest_tab.prechecked', first, 2, ['ONCE-ONLY']))).toEqual([
        { kind: 'evaluation', id: first, version: 2, discount: 1000, total: 9000 },
        { kind: 'code', id: 'ONCEONLY', status: 'reserved' },
      ]);
      const refused = await evaluate(['ONCEONLY']);
      expect(refused.codes).toEqual([{ code: 'ONCEONLY', status: 'refused', reason: 'used', message: 'the code has been used' }]);
      expect(refused.totals.discount).toBe(0);

      expect(codeEffects(await send('guest_tab.closed', first, 3, ['ONCE-ONLY'], { closedAt: '2026-11-22T18:30:00Z', payments: [{ method: 'card', amount: 9000 }] }))).toEqual([
        { kind: 'code', id: 'ONCEONLY', status: 'consumed' },
      ]);
      const second = nextTab();
      const effects = await send('guest_tab.prechecked', second, 2, ['ONCE-ONLY']);
      expect(billAndCodes(effects)).toEqual([
        { kind: 'evaluation', id: second, version: 2, discount: 0, total: 10_000 },
        { kind: 'code', id: 'ONCEONLY', status: 'refused', reason: 'used' },
      ]);
      const record = (await manage('get', '/promo-codes/once-only').expect(200)).body;
      expect(record).toMatchObject({ used: 1, uses: [expect.objectContaining({ tabId: first, status: 'consumed' })] });
    });

    it('frees a code set aside by a pre-check of a tab the host lost, after codeReservationHours', async () => {
      await manage('post', '/promo-codes', { code: 'LOSTTAB', categoryCode: 'WELCOME10', usage: 'single' }).expect(201);
      await send('guest_tab.prechecked', nextTab(), 2, ['LOSTTAB']);
      plugin.clock.current = new Date('2026-11-24T17:59:00Z');
      expect((await evaluate(['LOSTTAB'])).codes[0]).toMatchObject({ status: 'refused', reason: 'used' });
      plugin.clock.current = new Date('2026-11-24T18:01:00Z');
      expect((await evaluate(['LOSTTAB'])).codes[0]).toMatchObject({ status: 'applies' });
      const next = nextTab();
      expect(codeEffects(await send('guest_tab.prechecked', next, 2, ['LOSTTAB']))).toEqual([{ kind: 'code', id: 'LOSTTAB', status: 'reserved' }]);
      plugin.clock.current = new Date('2026-11-22T18:00:00Z');
    });

    it('gets a code back from a cancelled tab and from a fully refunded one', async () => {
      await manage('post', '/promo-codes', { code: 'COMEBACK', categoryCode: 'WELCOME10', usage: 'single' }).expect(201);
      const cancelled = nextTab();
      await send('guest_tab.prechecked', cancelled, 2, ['COMEBACK']);
      expect(codeEffects(await send('guest_tab.cancelled', cancelled, 3, ['COMEBACK']))).toEqual([{ kind: 'code', id: 'COMEBACK', status: 'released' }]);

      const guest = await createCustomer(plugin.app);
      const refunded = nextTab();
      const paid = { customer: { customerId: guest.id }, closedAt: '2026-11-22T18:30:00Z', payments: [{ method: 'card', amount: 9000 }] };
      expect(codeEffects(await send('guest_tab.closed', refunded, 2, ['COMEBACK'], paid))).toEqual([{ kind: 'code', id: 'COMEBACK', status: 'consumed' }]);
      const refund = tabEvent('guest_tab.refunded', { tabId: refunded, version: 3, tab: { ...tab(['COMEBACK'], paid), status: 'closed' }, refundedItems: [{ itemId: 'l-1', quantity: 1, amount: 9000 }] });
      expect(codeEffects((await postEvent(plugin.app, refund).expect(200)).body.effects)).toEqual([{ kind: 'code', id: 'COMEBACK', status: 'released' }]);
      expect((await evaluate(['COMEBACK'])).codes[0].status).toBe('applies');
    });

    it('says a code is unknown, expired, not yet valid, another guest’s, or once per guest without a guest', async () => {
      const anna = await createCustomer(plugin.app);
      const erik = await createCustomer(plugin.app);
      await manage('post', '/promo-codes', { code: 'LASTMONTH', categoryCode: 'WELCOME10', usage: 'single', validTo: '2026-10-31T22:59:59Z' }).expect(201);
      await manage('post', '/promo-codes', { code: 'NEXTMONTH', categoryCode: 'WELCOME10', usage: 'single', validFrom: '2026-12-01T00:00:00Z' }).expect(201);
      await manage('post', '/promo-codes', { code: 'FORANNA', categoryCode: 'WELCOME10', usage: 'single', customerId: anna.id }).expect(201);
      await manage('post', '/promo-codes', { code: 'EACHGUEST', categoryCode: 'WELCOME10', usage: 'per_guest' }).expect(201);
      const answer = await evaluate(['NOSUCHCODE', 'LASTMONTH', 'NEXTMONTH', 'FORANNA', 'EACHGUEST'], { customer: null });
      expect(answer.codes.map(({ code, reason }: { code: string; reason: string }) => [code, reason])).toEqual([
        ['NOSUCHCODE', 'unknown'],
        ['LASTMONTH', 'expired'],
        ['NEXTMONTH', 'not_yet_valid'],
        ['FORANNA', 'not_for_this_guest'],
        ['EACHGUEST', 'needs_guest'],
      ]);
      expect((await evaluate(['FORANNA', 'EACHGUEST'], { customer: { customerId: anna.id } })).codes.map((code: { status: string }) => code.status)).toEqual(['applies', 'applies']);

      // Once per guest: Anna's second tab is refused, Erik still gets it.
      await send('guest_tab.prechecked', nextTab(), 2, ['EACHGUEST'], { customer: { customerId: anna.id } });
      expect((await evaluate(['EACHGUEST'], { customer: { customerId: anna.id } })).codes[0]).toMatchObject({ status: 'refused', reason: 'used' });
      expect((await evaluate(['EACHGUEST'], { customer: { customerId: erik.id } })).codes[0]).toMatchObject({ status: 'applies' });
    });

    it('refuses more than ten codes on a tab, and a code that is not letters and digits, naming the field', async () => {
      const many = Array.from({ length: 11 }, (_, i) => `CODE${i}`);
      const tooMany = await actorCall(plugin.app, 'post', '/terminal/evaluate', TILL, { tab: tabEvent('guest_tab.updated', { tabId: nextTab(), tab: tab(many) }).tab }).expect(400);
      expect(JSON.stringify(tooMany.body.message)).toContain('tab.codes: must contain no more than 10 elements');
      const odd = await actorCall(plugin.app, 'post', '/terminal/evaluate', TILL, { tab: tabEvent('guest_tab.updated', { tabId: nextTab(), tab: tab(["'; DROP TABLE"]) }).tab }).expect(400);
      expect(JSON.stringify(odd.body.message)).toContain('tab.codes: each must be letters, digits, spaces or dashes');
    });
  });

  describe('next-order coupons', () => {
    it('gives a guest closing 100.00 on Monday a 10% coupon of their own that applies on Tuesday and is refused after its 30 days', async () => {
      await manage('post', '/promotion-categories', { code: 'NEXT10', name: 'Next visit 10%' }).expect(201);
      await manage('post', '/sales-rules', { categoryCode: 'NEXT10', name: 'Next visit 10%', effect: { kind: 'percent_off', percentBp: 1000 } }).expect(201);
      await manage('post', '/promotion-categories', { code: 'SPEND50', name: 'Spend 50, come back' }).expect(201);
      const rule = (await manage('post', '/sales-rules', { categoryCode: 'SPEND50', name: 'Coupon from 50.00', conditions: { minTabAmount: 5000 }, effect: { kind: 'issue_coupon', categoryCode: 'NEXT10', validDays: 30 } }).expect(201)).body;
      expect((await manage('post', '/sales-rules', { categoryCode: 'SPEND50', effect: { kind: 'issue_coupon', categoryCode: 'NOPE', validDays: 30 } }).expect(422)).body.message).toContain('effect.categoryCode');
      const anna = await createCustomer(plugin.app);
      const erik = await createCustomer(plugin.app);
      const monday = { customer: { customerId: anna.id }, categories: { tab: ['SPEND50'], division: [], table: [] } };

      expect((await evaluate([], monday)).coupons).toEqual([{ ruleId: rule.id, ruleVersion: 1, categoryCode: 'NEXT10', validDays: 30 }]);
      expect((await evaluate([], { ...monday, orders: [{ id: 'o-1', categories: [], items: [{ id: 'l-1', productId: 'p-1', quantity: 1, amount: 4999, taxAmount: 0, categories: [] }] }] })).coupons).toEqual([]);

      plugin.clock.current = new Date('2026-11-23T18:20:00Z'); // Monday 19:20 in Stockholm
      const closing = tabEvent('guest_tab.closed', { tabId: nextTab(), version: 2, occurredAt: '2026-11-23T18:20:00Z', tab: { ...tab([], monday), status: 'closed', closedAt: '2026-11-23T18:20:00Z', payments: [{ method: 'card', amount: 10_000 }] } });
      const closed = (await postEvent(plugin.app, closing).expect(200)).body.effects as { kind: string; id: string }[];
      const issued = closed.find((effect) => effect.kind === 'coupon_issued')!;
      expect(issued).toEqual({ kind: 'coupon_issued', id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{11}$/), categoryCode: 'NEXT10', validTo: '2026-12-23T18:20:00.000Z' });
      expect((await postEvent(plugin.app, closing).expect(200)).body.effects).toEqual(closed);
      const card = (await actorCall(plugin.app, 'get', `/terminal/cards/${anna.id}`, TILL).expect(200)).body;
      expect(card.coupons).toEqual([{ code: issued.id, categoryCode: 'NEXT10', validTo: '2026-12-23T18:20:00.000Z' }]);
      const told = await plugin.app.get<DataSource>(getDataSourceToken('regulars')).query(`SELECT payload FROM rc_outbox_events WHERE tenant_id = ? AND type = 'coupon.issued' AND customer_id = ?`, [TENANT, anna.id]);
      expect(told).toHaveLength(1);
      const payload = typeof told[0].payload === 'string' ? JSON.parse(told[0].payload) : told[0].payload;
      expect(payload).toMatchObject({ code: issued.id, categoryCode: 'NEXT10', ruleId: rule.id });

      plugin.clock.current = new Date('2026-11-24T11:00:00Z'); // Tuesday lunch
      const tuesday = await evaluate([issued.id], { customer: { customerId: anna.id } });
      expect(tuesday.codes).toEqual([{ code: issued.id, status: 'applies', categoryCode: 'NEXT10' }]);
      expect(tuesday.totals).toMatchObject({ discount: 1000, after: 9000 });
      expect((await evaluate([issued.id], { customer: { customerId: erik.id } })).codes[0]).toMatchObject({ status: 'refused', reason: 'not_for_this_guest' });

      plugin.clock.current = new Date('2026-12-23T18:21:00Z'); // a minute past its 30 days
      expect((await evaluate([issued.id], { customer: { customerId: anna.id } })).codes[0]).toMatchObject({ status: 'refused', reason: 'expired', message: 'the code has expired' });
      expect((await actorCall(plugin.app, 'get', `/terminal/cards/${anna.id}`, TILL).expect(200)).body.coupons).toEqual([]);
      plugin.clock.current = new Date('2026-11-22T18:00:00Z');
    });
  });

  if (engine === 'mariadb') {
    it('gives a single-use code to exactly one of eight tabs pre-checked at once on two instances', async () => {
      const second = await startSecondInstance(plugin, { timeZone: 'Europe/Stockholm' });
      try {
        await manage('post', '/promo-codes', { code: 'RACE', categoryCode: 'WELCOME10', usage: 'single' }).expect(201);
        const racing = Array.from({ length: 8 }, () => nextTab());
        const answers = await Promise.all(
          racing.map((tabId, i) => postEvent(i % 2 === 0 ? plugin.app : second, tabEvent('guest_tab.prechecked', { tabId, version: 2, tab: { ...tab(['RACE']), status: 'prechecked' } }))),
        );
        expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
        const statuses = answers.map((answer) => codeEffects(answer.body.effects)[0].status);
        expect(statuses.filter((status) => status === 'reserved')).toHaveLength(1);
        expect(statuses.filter((status) => status === 'refused')).toHaveLength(7);
        const discounts = answers.map((answer) => billAndCodes(answer.body.effects)[0].discount);
        expect(discounts.sort()).toEqual([0, 0, 0, 0, 0, 0, 0, 1000]);
        expect((await manage('get', '/promo-codes/RACE').expect(200)).body.used).toBe(1);
      } finally {
        await second.close();
      }
    });
  }
});
