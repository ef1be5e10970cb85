import { TEST_ENGINES } from '../support/databases.js';
import { MANAGER, WAITER } from '../support/factories.js';
import { actorCall, freshKey, startPlugin, type ActorOverrides, type TestPlugin } from '../support/plugin.js';

const TILL: ActorOverrides = { ...WAITER, terminalId: 'pos-bundle' };

const burger = { id: 'burger', productId: 'p-burger', productGroupIds: ['burgers'], quantity: 1, amount: 650, taxAmount: 0 };
const fries = { id: 'fries', productId: 'p-fries', productGroupIds: ['sides'], quantity: 1, amount: 300, taxAmount: 0 };
const drink = { id: 'drink', productId: 'p-cola', productGroupIds: ['drinks'], tags: ['soft'], quantity: 1, amount: 250, taxAmount: 0 };
const twice = (item: typeof burger) => ({ ...item, quantity: 2, amount: item.amount * 2 });

function snapshot(categories: string[], items: object[]) {
  return {
    id: `tab-${Math.random().toString(36).slice(2)}`,
    version: 1,
    status: 'open',
    openedAt: '2026-11-18T17:00:00Z',
    currency: 'EUR',
    pricesIncludeTax: true,
    categories: { tab: categories },
    orders: [{ id: 'o-1', items }],
  };
}

const menu = {
  kind: 'bundle_price',
  price: 990,
  currency: 'EUR',
  components: [{ scope: { productGroupIds: ['burgers'] }, units: 1 }, { scope: { productGroupIds: ['sides'] }, units: 1 }, { scope: { tags: ['soft'] }, units: 1 }],
};

describe.each(TEST_ENGINES)('a burger menu at a fixed price over the API (%s)', (engine) => {
  let plugin: TestPlugin;
  const manage = (method: 'post' | 'get' | 'patch', path: string, body?: object) => actorCall(plugin.app, method, path, MANAGER, body, freshKey());
  const evaluate = (body: object) => actorCall(plugin.app, 'post', '/terminal/evaluate', TILL, body);

  beforeAll(async () => {
    plugin = await startPlugin(engine, { timeZone: 'Europe/Stockholm' });
    plugin.clock.current = new Date('2026-11-18T17:30:00Z');
    await manage('post', '/promotion-categories', { code: 'MENU', name: 'Burger menu' }).expect(201);
  });
  afterAll(() => plugin.close());

  it('keeps the rule as it was given, and prices burger 6.50 + fries 3.00 + drink 2.50 at 9.90', async () => {
    const rule = (await manage('post', '/sales-rules', { categoryCode: 'MENU', name: 'Burger menu 9.90', effect: menu }).expect(201)).body;
    expect(rule.effect).toEqual(menu);
    expect((await manage('get', `/sales-rules/${rule.id}`).expect(200)).body.effect).toEqual(menu);

    const answer = await evaluate({ tab: snapshot(['MENU'], [burger, fries, drink]) }).expect(200);
    expect(answer.body.totals).toMatchObject({ before: 1200, discount: 210, after: 990 });
    const byLine = Object.fromEntries(answer.body.lines.map((line: { lineId: string; discountTotal: number }) => [line.lineId, line.discountTotal]));
    expect(byLine).toEqual({ burger: 114, fries: 53, drink: 43 });
    expect(answer.body.lines[0].discounts[0]).toMatchObject({ ruleId: rule.id, categoryCode: 'MENU', reason: 'Burger menu 9.90 (MENU)' });
  });

  it('makes two menus of two of each: 19.80', async () => {
    const answer = await evaluate({ tab: snapshot(['MENU'], [twice(burger), twice(fries), twice(drink)]) }).expect(200);
    expect(answer.body.totals).toMatchObject({ before: 2400, discount: 420, after: 1980 });
  });

  it('prices a burger and fries without a drink as they are, and tells the waiter one more is needed', async () => {
    const answer = await evaluate({ tab: snapshot(['MENU'], [burger, fries]), language: 'en' }).expect(200);
    expect(answer.body.totals).toMatchObject({ before: 950, discount: 0, after: 950 });
    expect(answer.body.notApplied).toEqual([expect.objectContaining({ categoryCode: 'MENU', reason: 'needs_more_units', minimum: 3, missing: 1, message: 'needs 1 more of burgers, sides, soft' })]);
  });

  it('prices in the tenant’s currency a menu saved without one', async () => {
    const { currency: _left, ...withoutCurrency } = menu as typeof menu & { currency: string };
    const saved = (await manage('post', '/sales-rules', { categoryCode: 'MENU', effect: withoutCurrency }).expect(201)).body;
    expect(saved.effect.currency).toBe('EUR');
    await manage('patch', `/sales-rules/${saved.id}`, { active: false }).expect(200);
  });

  it.each<[string, object, string]>([
    ['one component', { ...menu, components: menu.components.slice(0, 1) }, 'effect.components: must contain at least 2 elements'],
    ['eleven components', { ...menu, components: Array.from({ length: 11 }, () => menu.components[0]) }, 'effect.components: must contain no more than 10 elements'],
    ['a negative price', { ...menu, price: -100 }, 'effect.price: must be a whole number of minor units'],
    ['a price as a float', { ...menu, price: 9.9 }, 'effect.price: must be a whole number of minor units'],
    ['no units', { ...menu, components: [{ ...menu.components[0], units: 0 }, menu.components[1]] }, 'effect.components[0].units: must not be less than 1'],
    ['101 units', { ...menu, components: [menu.components[0], { ...menu.components[1], units: 101 }] }, 'effect.components[1].units: must not be greater than 100'],
    ['a component without a scope', { ...menu, components: [{ units: 1 }, menu.components[1]] }, 'effect.components[0].scope: must be an object'],
    ['a scope field it does not know', { ...menu, components: [{ scope: { groups: ['burgers'] }, units: 1 }, menu.components[1]] }, 'effect.components[0].scope.groups: is not an allowed field'],
    ['a currency in words', { ...menu, currency: 'euro' }, 'effect.currency: must be an ISO 4217 code'],
  ])('refuses a menu with %s with 400 naming the field', async (_, effect, message) => {
    const response = await manage('post', '/sales-rules', { categoryCode: 'MENU', effect }).expect(400);
    expect(response.body.code).toBe('invalid_input');
    expect(JSON.stringify(response.body.message)).toContain(message);
  });
});
