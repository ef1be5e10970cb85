import { TerminalService, type EvaluateRequest } from '../../src/index.js';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { bindCard, card, createCustomer, identify, MANAGER, WAITER } from '../support/factories.js';
import { actorCall, freshKey, postEvent, startPlugin, startSecondInstance, TENANT, type ActorOverrides, type TestPlugin } from '../support/plugin.js';
import { holdBonus } from '../support/restaurant.js';

const TILL: ActorOverrides = { ...WAITER, terminalId: 'pos-promo' };

function snapshot(fields: Record<string, unknown> = {}, items: object[] = [{ id: 'l-1', productId: 'p-1', quantity: 1, amount: 100_000, taxAmount: 0 }]) {
  return {
    id: `tab-${Math.random().toString(36).slice(2)}`,
    version: 1,
    status: 'open',
    openedAt: '2026-11-18T17:00:00Z',
    currency: 'EUR',
    pricesIncludeTax: true,
    orders: [{ id: 'o-1', items }],
    ...fields,
  };
}

describe.each(TEST_ENGINES)('promotion categories and sales rules (%s)', (engine) => {
  let plugin: TestPlugin;
  const manage = (method: 'post' | 'patch' | 'get', path: string, body?: object) => actorCall(plugin.app, method, path, MANAGER, body, freshKey());
  const category = (code: string, extra: object = {}) => manage('post', '/promotion-categories', { code, name: code, ...extra }).expect(201);
  const salesRule = async (body: object) => (await manage('post', '/sales-rules', body).expect(201)).body;
  const evaluate = (body: object) => actorCall(plugin.app, 'post', '/terminal/evaluate', TILL, body);

  beforeAll(async () => {
    plugin = await startPlugin(engine, { timeZone: 'Europe/Stockholm' });
    plugin.clock.current = new Date('2026-11-18T17:30:00Z'); // Wednesday 18:30 in Stockholm
  });
  afterAll(() => plugin.close());

  describe('managing rules', () => {
    it.each<[string, object, number, string, string]>([
      ['an unknown effect', { categoryCode: 'ANY', effect: { kind: 'free_beer' } }, 400, 'invalid_input', 'effect.kind: must be one of the following values'],
      ['a zero percentage', { categoryCode: 'ANY', effect: { kind: 'percent_off', percentBp: 0 } }, 400, 'invalid_input', 'effect.percentBp: must not be less than 1'],
      ['money as a float', { categoryCode: 'ANY', effect: { kind: 'amount_off', amount: 2.5, per: 'line' } }, 400, 'invalid_input', 'effect.amount: must be a whole'],
      ['a window without its end', { categoryCode: 'ANY', effect: { kind: 'percent_off', percentBp: 100 }, conditions: { timeFrom: '17:00' } }, 400, 'invalid_input', 'conditions.timeTo: must be HH:MM'],
      ['a field of another effect', { categoryCode: 'ANY', effect: { kind: 'percent_off', percentBp: 100, amount: 5 } }, 400, 'invalid_input', 'effect.amount: is not an allowed field'],
      ['an unknown category', { categoryCode: 'NOPE', effect: { kind: 'percent_off', percentBp: 100 } }, 422, 'unknown_category', 'categoryCode: there is no category NOPE'],
    ])('refuses %s', async (_, body, status, code, message) => {
      await manage('post', '/promotion-categories', { code: 'ANY', name: 'Any' });
      const response = await manage('post', '/sales-rules', body).expect(status);
      expect(response.body.code).toBe(code);
      expect(JSON.stringify(response.body.message)).toContain(message);
    });

    it('refuses a waiter without promotions.manage with 403', async () => {
      expect((await actorCall(plugin.app, 'post', '/promotion-categories', WAITER, { code: 'X', name: 'X' }).expect(403)).body.code).toBe('forbidden');
    });

    it('refuses a second category with the same code with 409', async () => {
      await category('TWICE');
      expect((await manage('post', '/promotion-categories', { code: 'TWICE', name: 'Again' }).expect(409)).body.code).toBe('category_exists');
    });
  });

  describe('the limits the card shows', () => {
    it('are the rules a tab of the guest is held to: their categories’ and the tab’s, never another category’s', async () => {
      const corp = `CORP${engine.toUpperCase()}`;
      const gold = `GOLDL${engine.toUpperCase()}`;
      await category(corp);
      await category(gold);
      await salesRule({ categoryCode: corp, effect: { kind: 'tab_limit', amount: 50_000, currency: 'EUR' } });
      await salesRule({ categoryCode: gold, effect: { kind: 'daily_operations_limit', operation: 'closed_tabs', count: 3 } });
      const limitsOf = (limits: { kind: string; subject: string | null }[]) => limits.map(({ kind, subject }) => `${kind}:${subject ?? ''}`).sort();
      const guests = { anna: [gold], mai: [], erik: [corp] } as Record<string, string[]>;
      for (const [name, held] of Object.entries(guests)) {
        const guest = await createCustomer(plugin.app, { firstName: name });
        const number = `LIM-${engine}-${name}`;
        await bindCard(plugin.app, guest.id, number);
        for (const code of held) await manage('post', `/customers/${guest.id}/categories`, { categoryCode: code }).expect(201);
        const shown = (await identify(plugin.app, card(number), TILL).expect(200)).body.limitsLeftToday;
        const dinner = (await evaluate({ tab: snapshot({ customer: card(number) }, [{ id: 'l-1', productId: 'p-1', quantity: 1, amount: 60_000, taxAmount: 0 }]) }).expect(200)).body;
        expect({ name, card: limitsOf(shown) }).toEqual({ name, card: limitsOf(dinner.limits) });
        expect({ name, breaks: dinner.breaksLimit }).toEqual({ name, breaks: name === 'erik' });
      }
      // A tab of the corporate division brings its ceiling to whoever sits at it, on the card as on the bill.
      const attached = await postEvent(plugin.app, tabEvent('guest_tab.customer_attached', { tabId: `tab-lim-${engine}`, tab: { customer: card(`LIM-${engine}-mai`), categories: { division: [corp] } } })).expect(200);
      expect(limitsOf(attached.body.card.limitsLeftToday)).toEqual(['tab_limit:']);
    });
  });

  describe('evaluating tabs at the till', () => {
    it('stacks a division’s 5% on a customer’s 10%: 1000.00 pays 855.00, naming both', async () => {
      await category('VIP10');
      await category('TERRACE5');
      const vip = await salesRule({ categoryCode: 'VIP10', name: 'Regulars 10%', stacking: 'best', effect: { kind: 'percent_off', percentBp: 1000 } });
      const terrace = await salesRule({ categoryCode: 'TERRACE5', name: 'Terrace 5%', stacking: 'stack', effect: { kind: 'percent_off', percentBp: 500 } });
      const guest = await createCustomer(plugin.app);
      await manage('post', `/customers/${guest.id}/categories`, { categoryCode: 'VIP10' }).expect(201);

      const answer = await evaluate({ tab: snapshot({ customer: { customerId: guest.id }, categories: { division: ['TERRACE5'] } }) }).expect(200);
      expect(answer.body).toMatchObject({ customerId: guest.id, totals: { before: 100_000, discount: 14_500, after: 85_500 }, categories: ['TERRACE5', 'VIP10'], benefits: [] });
      expect(answer.body.lines[0].discounts).toEqual([
        { amount: 10_000, categoryCode: 'VIP10', ruleId: vip.id, ruleVersion: 1, stacking: 'best', reason: 'Regulars 10% (VIP10)' },
        { amount: 4_500, categoryCode: 'TERRACE5', ruleId: terrace.id, ruleVersion: 1, stacking: 'stack', reason: 'Terrace 5% (TERRACE5)' },
      ]);

      await manage('patch', `/sales-rules/${terrace.id}`, { stacking: 'best' }).expect(200);
      const both = await evaluate({ tab: snapshot({ customer: { customerId: guest.id }, categories: { division: ['TERRACE5'] } }) }).expect(200);
      expect(both.body.totals.after).toBe(90_000);
      await manage('patch', `/sales-rules/${terrace.id}`, { active: false }).expect(200);
    });

    it('gives drinks happy hour and the guest’s 7%, and food only the 7%', async () => {
      await category('HAPPY');
      await category('REGULAR7');
      await salesRule({ categoryCode: 'HAPPY', stacking: 'best', scope: { productGroupIds: ['drinks'] }, conditions: { timeFrom: '17:00', timeTo: '19:00' }, effect: { kind: 'percent_off', percentBp: 2000 } });
      await salesRule({ categoryCode: 'REGULAR7', stacking: 'stack', effect: { kind: 'percent_off', percentBp: 700 } });
      const guest = await createCustomer(plugin.app);
      await bindCard(plugin.app, guest.id, 'PROMO-CARD-7');
      await manage('post', `/customers/${guest.id}/categories`, { categoryCode: 'REGULAR7' }).expect(201);
      const items = [
        { id: 'wine', productId: 'p-wine', productGroupIds: ['wine', 'drinks'], quantity: 1, amount: 1000, taxAmount: 0 },
        { id: 'steak', productId: 'p-steak', productGroupIds: ['food'], quantity: 1, amount: 3000, taxAmount: 0 },
      ];
      const answer = await evaluate({
        tab: snapshot({ customer: { identifier: { type: 'barcode_card', value: 'PROMO-CARD-7', entryMethod: 'scan' } }, categories: { tab: ['HAPPY'] } }, items),
      }).expect(200);
      const byLine = Object.fromEntries(answer.body.lines.map((l: { lineId: string; discounts: { categoryCode: string; amount: number }[] }) => [l.lineId, l.discounts.map((d) => [d.categoryCode, d.amount])]));
      expect(byLine).toEqual({ wine: [['HAPPY', 200], ['REGULAR7', 56]], steak: [['REGULAR7', 210]] });
    });

    it('gives 2+1 on three coffees of different prices as the cheapest free, and refuses a 2+0', async () => {
      await category('COFFEE21');
      const twoPlusOne = await salesRule({ categoryCode: 'COFFEE21', name: 'Coffee 2+1', scope: { productGroupIds: ['coffee'] }, effect: { kind: 'buy_x_get_y', buyUnits: 2, getUnits: 1, percentBp: 10_000 } });
      const coffee = (id: string, amount: number) => ({ id, productId: `p-${id}`, productGroupIds: ['coffee'], quantity: 1, amount, taxAmount: 0 });
      const answer = await evaluate({ tab: snapshot({ categories: { tab: ['COFFEE21'] } }, [coffee('cappuccino', 420), coffee('espresso', 280), coffee('latte', 460)]) }).expect(200);
      expect(answer.body.totals).toMatchObject({ before: 1160, discount: 280, after: 880 });
      expect(answer.body.lines.find((l: { lineId: string }) => l.lineId === 'espresso').discounts).toEqual([
        { amount: 280, categoryCode: 'COFFEE21', ruleId: twoPlusOne.id, ruleVersion: 1, stacking: 'stack', reason: 'Coffee 2+1 (COFFEE21)' },
      ]);
      const refused = await manage('post', '/sales-rules', { categoryCode: 'COFFEE21', effect: { kind: 'buy_x_get_y', buyUnits: 2, getUnits: 0, percentBp: 10_000 } }).expect(400);
      expect(JSON.stringify(refused.body.message)).toContain('effect.getUnits: must not be less than 1');
    });

    it('says why a rule of the tab gave nothing, in the waiter’s language with the figure missing', async () => {
      await category('BIGTABLE');
      const big = await salesRule({ categoryCode: 'BIGTABLE', name: 'Stort bord 10 %', conditions: { minTabAmount: 150_000 }, effect: { kind: 'percent_off', percentBp: 1000 } });
      const answer = await evaluate({ tab: snapshot({ categories: { tab: ['BIGTABLE'] } }), language: 'sv' }).expect(200);
      expect(answer.body.totals.discount).toBe(0);
      expect(answer.body.notApplied).toEqual([
        { ruleId: big.id, ruleVersion: 1, categoryCode: 'BIGTABLE', ruleName: 'Stort bord 10 %', reason: 'below_minimum_tab', minimum: 150_000, missing: 50_000, message: 'notan saknar 500,00 € till lägsta beloppet 1 500,00 €' },
      ]);
      expect((await evaluate({ tab: snapshot({ categories: { tab: ['BIGTABLE'] } }) }).expect(200)).body.notApplied[0].message).toBe('the tab is €500.00 short of the minimum €1,500.00');
      expect(JSON.stringify((await evaluate({ tab: snapshot(), language: 'de' }).expect(400)).body.message)).toContain('language: must be one of the following values');
    });

    it('takes exactly 3% off 45,000 VND', async () => {
      await category('VND3');
      await salesRule({ categoryCode: 'VND3', effect: { kind: 'percent_off', percentBp: 300 } });
      const answer = await evaluate({ tab: snapshot({ currency: 'VND', categories: { tab: ['VND3'] } }, [{ id: 'pho', productId: 'p', quantity: 1, amount: 45_000, taxAmount: 0 }]) }).expect(200);
      expect(answer.body.lines[0].amountAfter).toBe(43_650);
    });

    it('names the rule version that priced the tab, and keeps every version', async () => {
      await category('VERSIONED');
      const rule = await salesRule({ categoryCode: 'VERSIONED', effect: { kind: 'percent_off', percentBp: 1000 } });
      await manage('patch', `/sales-rules/${rule.id}`, { effect: { kind: 'percent_off', percentBp: 1500 } }).expect(200);
      const answer = await evaluate({ tab: snapshot({ categories: { tab: ['VERSIONED'] } }) }).expect(200);
      expect(answer.body.lines[0].discounts[0]).toMatchObject({ ruleId: rule.id, ruleVersion: 2, amount: 15_000 });
      const versions = await manage('get', `/sales-rules/${rule.id}/versions`).expect(200);
      expect(versions.body.map((v: { version: number; rule: { effect: { percentBp: number } } }) => [v.version, v.rule.effect.percentBp])).toEqual([[1, 1000], [2, 1500]]);
    });

    it('applies a personal category only within its dates, and no rules of an inactive category', async () => {
      const seasonal = (await category('SEASON')).body;
      await salesRule({ categoryCode: 'SEASON', effect: { kind: 'percent_off', percentBp: 1000 } });
      const guest = await createCustomer(plugin.app);
      await manage('post', `/customers/${guest.id}/categories`, { categoryCode: 'SEASON', validFrom: '2026-11-01', validTo: '2026-11-17' }).expect(201);
      const tab = { tab: snapshot({ customer: { customerId: guest.id } }) };
      expect((await evaluate(tab).expect(200)).body.totals.discount).toBe(0);
      await manage('post', `/customers/${guest.id}/categories`, { categoryCode: 'SEASON', validFrom: '2026-11-01', validTo: '2026-11-30' }).expect(201);
      expect((await evaluate(tab).expect(200)).body.totals.discount).toBe(10_000);
      await manage('patch', `/promotion-categories/${seasonal.id}`, { active: false }).expect(200);
      expect((await evaluate(tab).expect(200)).body.totals.discount).toBe(0);
    });

    it('answers the same in-process, refuses bad input, and refuses benefits not on offer', async () => {
      await category('INPROC3');
      await salesRule({ categoryCode: 'INPROC3', effect: { kind: 'percent_off', percentBp: 300 } });
      const body = { tab: snapshot({ categories: { tab: ['INPROC3'] } }) };
      const overHttp = (await evaluate(body).expect(200)).body;
      expect(overHttp.totals.discount).toBe(3_000);
      const inProcess = await plugin.app.get(TerminalService).evaluate({ tenantId: TENANT, id: 'w', permissions: ['terminal.use'] }, body as unknown as EvaluateRequest);
      expect(inProcess).toEqual(overHttp);
      expect((await evaluate({ tab: { ...body.tab, orders: [{ id: 'o', items: [{ id: 'l', productId: 'p', quantity: -1, amount: 1, taxAmount: 0 }] }] } }).expect(400)).body.code).toBe('invalid_input');
      expect((await evaluate({ ...body, benefits: ['free-dessert'] }).expect(422)).body.code).toBe('unknown_benefit');
    });
  });

  describe('limits and the customer card', () => {
    it('shows the guest’s categories and what is left of today’s limits when identified', async () => {
      await category('LIMITED');
      await salesRule({ categoryCode: 'LIMITED', effect: { kind: 'daily_operations_limit', operation: 'identifications', count: 2 } });
      await salesRule({ categoryCode: 'LIMITED', effect: { kind: 'tab_limit', amount: 50_000 } });
      const guest = await createCustomer(plugin.app);
      await bindCard(plugin.app, guest.id, 'LIMIT-CARD');
      await manage('post', `/customers/${guest.id}/categories`, { categoryCode: 'LIMITED' }).expect(201);

      const first = (await identify(plugin.app, card('LIMIT-CARD'), TILL).expect(200)).body;
      expect(first.categories).toEqual(['LIMITED']);
      expect(first.limitsLeftToday).toEqual([
        { kind: 'daily_operations_limit', subject: 'identifications', limit: 2, used: 1, left: 1, broken: false },
        { kind: 'tab_limit', subject: null, limit: 50_000, used: 0, left: 50_000, broken: false },
      ]);
      await identify(plugin.app, card('LIMIT-CARD'), TILL).expect(200);
      const third = (await identify(plugin.app, card('LIMIT-CARD'), TILL).expect(200)).body;
      expect(third.limitsLeftToday[0]).toMatchObject({ used: 3, left: -1, broken: true });

      const evaluation = await evaluate({ tab: snapshot({ customer: { customerId: guest.id } }) }).expect(200);
      expect(evaluation.body.breaksLimit).toBe(true);
      expect(evaluation.body.limits.find((l: { kind: string }) => l.kind === 'tab_limit')).toMatchObject({ used: 100_000, broken: true });
    });

    it('counts the tab’s own bonus payments against the day’s bonus spend limit', async () => {
      await manage('post', '/account-types', { code: 'bonus', name: 'Bonus', kind: 'bonus_money', unit: 'EUR' }).expect(201);
      await category('CAPPED');
      const guest = await createCustomer(plugin.app);
      await manage('post', `/customers/${guest.id}/categories`, { categoryCode: 'CAPPED' }).expect(201);
      const purse = (await manage('post', `/customers/${guest.id}/accounts`, { accountTypeCode: 'bonus' }).expect(201)).body;
      await manage('post', `/accounts/${purse.id}/entries`, { kind: 'manual_credit', amount: 10_000, reason: 'Gift card' }).expect(201);
      const tab = snapshot({ customer: { customerId: guest.id } });
      const hold = await holdBonus(plugin.app, { tabId: tab.id, accountId: purse.id, amount: 2500, idempotencyKey: `capped-${tab.id}` }, TILL).expect(201);
      // The manager caps bonus spending at 20.00 a day while the guest is paying 25.00 of the bill with it.
      await salesRule({ categoryCode: 'CAPPED', name: 'Bonus 20 a day', effect: { kind: 'daily_bonus_spend_limit', accountType: 'bonus', amount: 2000 } });

      const paying = await evaluate({ tab: { ...tab, payments: [{ method: 'bonus', amount: 2500, holdId: hold.body.holdId }, { method: 'card', amount: 97_500 }] } }).expect(200);
      expect(paying.body.breaksLimit).toBe(true);
      expect(paying.body.limits).toEqual([expect.objectContaining({ kind: 'daily_bonus_spend_limit', subject: 'bonus', limit: 2000, used: 0, left: 2000, broken: true })]);
      const byCard = await evaluate({ tab: { ...tab, payments: [{ method: 'card', amount: 100_000 }] } }).expect(200);
      expect(byCard.body.breaksLimit).toBe(false);
      expect(byCard.body.limits).toEqual([expect.objectContaining({ kind: 'daily_bonus_spend_limit', broken: false })]);
    });
  });

  describe('stamps and points per visit', () => {
    it('stamps a card per coffee and offers the tenth free, and gives the same points for every visit', async () => {
      await manage('post', '/account-types', { code: 'stamps', name: 'Coffee card', kind: 'points', unit: 'points' }).expect(201);
      await manage('post', '/account-types', { code: 'visits', name: 'Visit points', kind: 'points', unit: 'points' }).expect(201);
      await category('COFFEECARD');
      await salesRule({ categoryCode: 'COFFEECARD', name: 'A stamp a coffee', scope: { productGroupIds: ['coffee'] }, effect: { kind: 'points_per_unit', accountType: 'stamps', points: 1 } });
      await salesRule({ categoryCode: 'COFFEECARD', name: '25 a visit', effect: { kind: 'points_per_visit', accountType: 'visits', points: 25 } });
      await manage('post', '/rewards', { code: 'TENTHCOFFEE', name: 'The tenth coffee', benefit: { kind: 'free_product', productId: 'p-latte' }, accountTypeCode: 'stamps', price: 10 }).expect(201);
      const guest = await createCustomer(plugin.app);
      await manage('post', `/customers/${guest.id}/categories`, { categoryCode: 'COFFEECARD' }).expect(201);
      const stamps = (await manage('post', `/customers/${guest.id}/accounts`, { accountTypeCode: 'stamps' }).expect(201)).body;
      const visits = (await manage('post', `/customers/${guest.id}/accounts`, { accountTypeCode: 'visits' }).expect(201)).body;
      const coffees = (id: string, quantity: number) => ({ id, productId: 'p-latte', productGroupIds: ['coffee'], quantity, amount: 450 * quantity, taxAmount: 0, categories: [] });
      const cake = { id: 'cake', productId: 'p-cake', productGroupIds: ['desserts'], quantity: 1, amount: 600, taxAmount: 0, categories: [] };
      const close = async (tabId: string, items: object[], paid: number) => {
        const tab = { customer: { customerId: guest.id }, categories: { tab: [], division: [], table: [] }, orders: [{ id: 'o-1', categories: [], items }], status: 'closed', closedAt: '2026-11-18T17:45:00Z', payments: [{ method: 'card', amount: paid }] };
        await postEvent(plugin.app, tabEvent('guest_tab.closed', { tabId, version: 2, tab })).expect(200);
      };
      const available = async (accountId: string) => (await actorCall(plugin.app, 'get', `/accounts/${accountId}`, MANAGER).expect(200)).body.available;

      const quote = (await evaluate({ tab: snapshot({ customer: { customerId: guest.id } }, [coffees('two', 2), coffees('one', 1.5), cake]) }).expect(200)).body;
      expect(quote.accrual).toEqual(expect.arrayContaining([expect.objectContaining({ accountType: 'stamps', points: 3 }), expect.objectContaining({ accountType: 'visits', points: 25 })]));

      await close(`tab-stamps-${engine}-1`, [coffees('two', 2), coffees('two-more', 2), cake], 4200);
      expect([await available(stamps.id), await available(visits.id)]).toEqual([4, 25]);
      const card = async () => (await actorCall(plugin.app, 'get', `/terminal/cards/${guest.id}`, TILL).expect(200)).body;
      expect((await card()).benefits.map((offer: { code: string }) => offer.code)).not.toContain('TENTHCOFFEE');
      await close(`tab-stamps-${engine}-2`, [coffees('six', 6)], 2700);
      expect([await available(stamps.id), await available(visits.id)]).toEqual([10, 50]);
      expect((await card()).benefits.map((offer: { code: string }) => offer.code)).toContain('TENTHCOFFEE');
    });
  });

  describe('paying with bonus', () => {
    it('lets bonus pay at most 70% of a bill and none of its wine: of 100.00 with 40.00 of wine, 42.00 at evaluate and at the holds', async () => {
      await manage('post', '/account-types', { code: 'bonus', name: 'Bonus', kind: 'bonus_money', unit: 'EUR' }); // the daily-limit story may have made it
      await category('BONUS70');
      await salesRule({ categoryCode: 'BONUS70', name: 'Bonus pays 70%, no alcohol', scope: { exclude: { tags: ['alcohol'] } }, effect: { kind: 'bonus_payment_cap', accountType: 'bonus', maxShareBp: 7000 } });
      const guest = await createCustomer(plugin.app);
      await manage('post', `/customers/${guest.id}/categories`, { categoryCode: 'BONUS70' }).expect(201);
      const purse = (await manage('post', `/customers/${guest.id}/accounts`, { accountTypeCode: 'bonus' }).expect(201)).body;
      await manage('post', `/accounts/${purse.id}/entries`, { kind: 'manual_credit', amount: 10_000, reason: 'Gift' }).expect(201);
      const items = [
        { id: 'wine', productId: 'p-wine', productGroupIds: ['wine'], tags: ['alcohol'], quantity: 1, amount: 4000, taxAmount: 0, categories: [] },
        { id: 'steak', productId: 'p-steak', productGroupIds: ['food'], tags: [], quantity: 1, amount: 6000, taxAmount: 0, categories: [] },
      ];
      const tab = { customer: { customerId: guest.id }, categories: { tab: [], division: [], table: [] }, orders: [{ id: 'o-1', categories: [], items }] };
      const tabId = `tab-bonus70-${engine}`;
      await postEvent(plugin.app, tabEvent('guest_tab.customer_attached', { tabId, version: 1, tab })).expect(200);

      const evaluation = (await evaluate({ tab: snapshot({ id: tabId, ...tab }) }).expect(200)).body;
      expect(evaluation.limits).toEqual([expect.objectContaining({ kind: 'bonus_payment_cap', subject: 'bonus', limit: 4200, used: 0, left: 4200, broken: false })]);
      const hold = (amount: number) => actorCall(plugin.app, 'post', '/terminal/bonus-holds', TILL, { tabId, accountId: purse.id, amount, idempotencyKey: `bonus70-${tabId}-${amount}` });
      const tooMuch = await hold(4300).expect(409);
      expect(tooMuch.body).toMatchObject({ code: 'bonus_payment_cap', left: 4200 });
      expect(JSON.stringify(tooMuch.body.message)).toContain('amount: bonus may pay at most 4200 of this tab');
      await hold(4000).expect(201);
      expect((await hold(300).expect(409)).body).toMatchObject({ code: 'bonus_payment_cap', left: 200 });
      await hold(200).expect(201);
      expect((await actorCall(plugin.app, 'get', `/accounts/${purse.id}`, MANAGER).expect(200)).body).toMatchObject({ held: 4200, available: 5800 });
    });
  });

  describe('pre-check', () => {
    it('freezes what the printed bill showed for that tab version', async () => {
      await category('BILL10');
      const rule = await salesRule({ categoryCode: 'BILL10', effect: { kind: 'percent_off', percentBp: 1000 } });
      const tab = { categories: { tab: ['BILL10'], division: [], table: [] } };
      await postEvent(plugin.app, tabEvent('guest_tab.opened', { tabId: 'tab-bill', version: 1, tab })).expect(200);
      const precheck = await postEvent(plugin.app, tabEvent('guest_tab.prechecked', { tabId: 'tab-bill', version: 2, tab: { ...tab, status: 'prechecked' } })).expect(200);
      // 10% of the pre-tax amounts: 1000 and 1542 (the lines carry 200 and 308 of VAT).
      expect(precheck.body.effects).toContainEqual({ kind: 'evaluation', id: 'tab-bill', version: 2, discount: 254, total: 2796 });

      await manage('patch', `/sales-rules/${rule.id}`, { effect: { kind: 'percent_off', percentBp: 5000 } }).expect(200);
      const record = await actorCall(plugin.app, 'get', '/guest-tabs/tab-bill', MANAGER).expect(200);
      expect(record.body.frozenEvaluations).toEqual([
        expect.objectContaining({ version: 2, totals: { before: 3050, discount: 254, after: 2796, serviceCharge: 0 } }),
      ]);
      expect(record.body.frozenEvaluations[0].lines[0].discounts[0]).toMatchObject({ ruleId: rule.id, ruleVersion: 1 });
    });
  });

  describe('order time', () => {
    it('keeps the happy-hour price of drinks ordered at 18:50 on a bill prechecked at 19:15 and closed at 19:20, and not of those ordered at 19:10', async () => {
      await category('HAPPY1719');
      await salesRule({ categoryCode: 'HAPPY1719', stacking: 'best', scope: { productGroupIds: ['drinks'] }, conditions: { timeFrom: '17:00', timeTo: '19:00' }, effect: { kind: 'percent_off', percentBp: 5000 } });
      const guest = await createCustomer(plugin.app);
      const drink = (id: string, amount: number) => ({ id, productId: `p-${id}`, productGroupIds: ['drinks'], quantity: 1, amount, taxAmount: 0, categories: [] });
      const tab = {
        customer: { customerId: guest.id },
        categories: { tab: ['HAPPY1719'], division: [], table: [] },
        // Stockholm is UTC+1 in November: 18:50 and 19:10 local.
        orders: [
          { id: 'o-1', categories: [], orderedAt: '2026-11-22T17:50:00Z', items: [drink('wine', 1000)] },
          { id: 'o-2', categories: [], orderedAt: '2026-11-22T18:10:00Z', items: [drink('beer', 800)] },
        ],
      };
      const prechecked = await postEvent(plugin.app, tabEvent('guest_tab.prechecked', { tabId: 'tab-late', version: 2, occurredAt: '2026-11-22T18:15:00Z', tab: { ...tab, status: 'prechecked' } })).expect(200);
      expect(prechecked.body.effects).toContainEqual({ kind: 'evaluation', id: 'tab-late', version: 2, discount: 500, total: 1300 });
      const closed = await postEvent(
        plugin.app,
        tabEvent('guest_tab.closed', { tabId: 'tab-late', version: 3, occurredAt: '2026-11-22T18:20:00Z', tab: { ...tab, status: 'closed', closedAt: '2026-11-22T18:20:00Z', payments: [{ method: 'card', amount: 1300 }] } }),
      ).expect(200);
      expect(closed.body.effects).toContainEqual(expect.objectContaining({ kind: 'visit', status: 'closed', customerId: guest.id, net: 1300 }));
      // Without the order times the drinks are priced at the evaluation's 19:20: no happy hour.
      const untimed = tab.orders.map(({ orderedAt: _at, ...order }) => order);
      plugin.clock.current = new Date('2026-11-22T18:20:00Z');
      try {
        expect((await evaluate({ tab: snapshot({ ...tab, orders: untimed }) }).expect(200)).body.totals).toMatchObject({ discount: 0, after: 1800 });
        expect((await evaluate({ tab: snapshot(tab) }).expect(200)).body.totals).toMatchObject({ discount: 500, after: 1300 });
      } finally {
        plugin.clock.current = new Date('2026-11-18T17:30:00Z');
      }
    });

    it('prices the close afresh when an order’s time changed after the pre-check', async () => {
      const guest = await createCustomer(plugin.app);
      const drink = (id: string, amount: number) => ({ id, productId: `p-${id}`, productGroupIds: ['drinks'], quantity: 1, amount, taxAmount: 0, categories: [] });
      const tabAt = (secondOrderAt: string) => ({
        customer: { customerId: guest.id },
        categories: { tab: ['HAPPY1719'], division: [], table: [] },
        orders: [
          { id: 'o-1', categories: [], orderedAt: '2026-11-22T17:50:00Z', items: [drink('wine', 1000)] },
          { id: 'o-2', categories: [], orderedAt: secondOrderAt, items: [drink('beer', 800)] },
        ],
      });
      const prechecked = await postEvent(plugin.app, tabEvent('guest_tab.prechecked', { tabId: 'tab-moved', version: 2, occurredAt: '2026-11-22T18:15:00Z', tab: { ...tabAt('2026-11-22T17:55:00Z'), status: 'prechecked' } })).expect(200);
      expect(prechecked.body.effects).toContainEqual({ kind: 'evaluation', id: 'tab-moved', version: 2, discount: 900, total: 900 });
      // The host corrects the second round's time to 19:10: its price is no longer the happy hour's.
      const closed = await postEvent(
        plugin.app,
        tabEvent('guest_tab.closed', { tabId: 'tab-moved', version: 3, occurredAt: '2026-11-22T18:20:00Z', tab: { ...tabAt('2026-11-22T18:10:00Z'), status: 'closed', closedAt: '2026-11-22T18:20:00Z', payments: [{ method: 'card', amount: 1300 }] } }),
      ).expect(200);
      expect(closed.body.effects).toContainEqual(expect.objectContaining({ kind: 'visit', status: 'closed', customerId: guest.id, net: 1300 }));
    });

    it('prices a tab as if at another moment for a manager trying rules, and refuses that to a waiter', async () => {
      await category('EVENING');
      await salesRule({ categoryCode: 'EVENING', conditions: { timeFrom: '17:00', timeTo: '19:00' }, effect: { kind: 'percent_off', percentBp: 2000 } });
      const body = { tab: snapshot({ categories: { tab: ['EVENING'] } }) };
      expect((await evaluate(body).expect(200)).body.totals.discount).toBe(20_000); // 18:30 now
      const later = await actorCall(plugin.app, 'post', '/terminal/evaluate', MANAGER, { ...body, asOf: '2026-11-18T20:00:00Z' }).expect(200);
      expect(later.body.totals.discount).toBe(0);
      expect(later.body.notApplied).toEqual([expect.objectContaining({ reason: 'outside_hours', from: '17:00', to: '19:00' })]);
      const refused = await evaluate({ ...body, asOf: '2026-11-18T20:00:00Z' }).expect(403);
      expect(refused.body).toMatchObject({ code: 'forbidden', message: 'asOf: pricing a tab as if at another moment needs the permission promotions.manage' });
    });

    it('prices a tab with the switched-off rules and categories on request, for a manager trying one before turning it on', async () => {
      await category('PREVIEW');
      const draft = (await salesRule({ categoryCode: 'PREVIEW', effect: { kind: 'percent_off', percentBp: 1500 } })).id as string;
      await actorCall(plugin.app, 'patch', `/sales-rules/${draft}`, MANAGER, { active: false }).expect(200);
      const body = { tab: snapshot({ categories: { tab: ['PREVIEW'] } }) };
      const live = (await actorCall(plugin.app, 'post', '/terminal/evaluate', MANAGER, body).expect(200)).body;
      expect(live.totals.discount).toBe(0);
      expect(live.inactiveRuleIds).toBeUndefined();
      const dryRun = (await actorCall(plugin.app, 'post', '/terminal/evaluate', MANAGER, { ...body, includeInactive: true }).expect(200)).body;
      expect(dryRun.totals.discount).toBe(15_000);
      expect(dryRun.lines[0].discounts).toEqual([expect.objectContaining({ ruleId: draft, categoryCode: 'PREVIEW' })]);
      expect(dryRun.inactiveRuleIds).toContain(draft);
      expect((await evaluate({ ...body, includeInactive: true }).expect(403)).body.message).toContain('includeInactive');
      // The book the till prices with is untouched by the dry run.
      expect((await evaluate(body).expect(200)).body.totals.discount).toBe(0);
    });

    it('refuses an order time that is not an ISO 8601 instant, naming the field', async () => {
      const answer = await evaluate({ tab: snapshot({ orders: [{ id: 'o-1', orderedAt: 'yesterday at six', items: [] }] }) }).expect(400);
      expect(JSON.stringify(answer.body.message)).toContain('tab.orders[0].orderedAt: must be a valid ISO 8601 date string');
    });
  });

  if (engine === 'mariadb') {
    it('sees a rule changed through another instance at the next evaluation', async () => {
      const second = await startSecondInstance(plugin, { timeZone: 'Europe/Stockholm' });
      try {
        await category('SHARED');
        const rule = await salesRule({ categoryCode: 'SHARED', effect: { kind: 'percent_off', percentBp: 1000 } });
        const body = { tab: snapshot({ categories: { tab: ['SHARED'] } }) };
        expect((await evaluate(body).expect(200)).body.totals.discount).toBe(10_000);
        await actorCall(second, 'patch', `/sales-rules/${rule.id}`, MANAGER, { effect: { kind: 'percent_off', percentBp: 2500 } }).expect(200);
        expect((await evaluate(body).expect(200)).body.totals.discount).toBe(25_000);
      } finally {
        await second.close();
      }
    });
  }
});
