import { categories, line, percentOff, rule, settings, sources, tab } from '../../../../test/support/engine-builders.js';
import { describeEffect } from './describe.js';
import { evaluate } from './evaluate.js';
import type { BundleComponent, Effect, Rule, TabLine } from './types.js';

const noon = new Date('2026-11-18T12:00:00Z');
const explained = settings({ explain: true });

const group = (productGroupIds: string[], units = 1): BundleComponent => ({ scope: { productGroupIds }, units });
const combo = (price: number, components: BundleComponent[] = [group(['burgers']), group(['fries']), group(['drinks'])]): Effect => ({ kind: 'bundle_price', price, currency: 'EUR', components });

const burger = (id: string, amount: number, fields: Partial<TabLine> = {}) => line(id, amount, { productGroupIds: ['burgers', 'mains'], ...fields });
const fries = (id: string, amount = 300, fields: Partial<TabLine> = {}) => line(id, amount, { productGroupIds: ['fries'], ...fields });
const drink = (id: string, amount = 250, fields: Partial<TabLine> = {}) => line(id, amount, { productGroupIds: ['drinks'], ...fields });

function price(lines: TabLine[], rules: Rule[], run = settings()) {
  const codes = [...new Set(rules.map((r) => r.categoryCode))];
  return evaluate(tab(lines), sources({ tab: codes }), { rules, categories: categories(codes) }, noon, run);
}
const offByLine = (result: ReturnType<typeof price>) => Object.fromEntries(result.lines.map((l) => [l.lineId, l.discountTotal]));

describe('a bundle at a fixed price: burger + fries + drink for 9.90', () => {
  const menu = rule('COMBO', combo(990), { name: 'Burger menu' });

  it('prices burger 6.50, fries 3.00 and a drink 2.50 at 9.90, the 2.10 spread over the three in proportion', () => {
    const result = price([burger('burger', 650), fries('fries'), drink('drink')], [menu]);
    expect(result.totals).toEqual({ before: 1200, discount: 210, after: 990, serviceCharge: 0 });
    // 113.75, 52.5 and 43.75: the two units left over go to the largest remainders.
    expect(offByLine(result)).toEqual({ burger: 114, drink: 43, fries: 53 });
    expect(result.lines[0].discounts).toEqual([expect.objectContaining({ ruleId: menu.id, categoryCode: 'COMBO', stacking: 'stack', reason: 'Burger menu (COMBO)' })]);
  });

  it('makes two menus of two of each, on one line each or on six lines', () => {
    expect(price([burger('burger', 1300, { quantity: 2 }), fries('fries', 600, { quantity: 2 }), drink('drink', 500, { quantity: 2 })], [menu]).totals.after).toBe(1980);
    expect(price([burger('b1', 650), burger('b2', 650), fries('f1'), fries('f2'), drink('d1'), drink('d2')], [menu]).totals.after).toBe(1980);
  });

  it('prices an incomplete set as it is: three burgers, three fries and two drinks are two menus and a burger with fries', () => {
    const result = price([burger('burger', 1950, { quantity: 3 }), fries('fries', 900, { quantity: 3 }), drink('drink', 500, { quantity: 2 })], [menu]);
    expect(result.totals).toMatchObject({ before: 3350, discount: 420, after: 2930 });
  });

  it('gives nothing a drink short, and says so when asked', () => {
    const result = price([burger('burger', 650), fries('fries')], [menu], explained);
    expect(result.totals.discount).toBe(0);
    expect(result.notApplied).toEqual([expect.objectContaining({ ruleId: menu.id, reason: 'needs_more_units', minimum: 3, missing: 1 })]);
    expect(price([burger('burger', 650), fries('fries')], [menu]).totals.discount).toBe(0);
  });

  it('says no line is one it covers when the tab has none of the components', () => {
    expect(price([line('soup', 800)], [menu], explained).notApplied).toEqual([expect.objectContaining({ ruleId: menu.id, reason: 'no_line_in_scope' })]);
  });

  it('never raises a price: a set whose units cost 9.90 or less is priced as it is, and ends the menus', () => {
    expect(price([burger('burger', 440), fries('fries'), drink('drink')], [menu]).totals.discount).toBe(0);
    expect(price([burger('burger', 450), fries('fries'), drink('drink')], [menu]).totals.discount).toBe(10);
    // The dear burger's set saves 2.10; the cheap one's costs 9.00 and stays 9.00.
    const result = price([burger('dear', 650), burger('cheap', 350), fries('fries', 600, { quantity: 2 }), drink('drink', 500, { quantity: 2 })], [menu]);
    expect(result.totals).toMatchObject({ before: 2100, discount: 210, after: 1890 });
    expect(offByLine(result).cheap).toBe(0);
  });

  it('puts the dearest units in the sets: of three burgers the 7.00 one joins the only fries and drink', () => {
    const result = price([burger('a', 600), burger('b', 700), burger('c', 650), fries('fries'), drink('drink')], [menu]);
    expect(result.totals.discount).toBe(700 + 300 + 250 - 990);
    expect(offByLine(result)).toMatchObject({ a: 0, c: 0 });
    expect(offByLine(result).b).toBeGreaterThan(0);
  });

  it('counts whole units only: 1.5 burgers are one, half a burger none', () => {
    const half = price([burger('burger', 325, { quantity: 0.5 }), fries('fries'), drink('drink')], [menu], explained);
    expect(half.totals.discount).toBe(0);
    expect(half.notApplied).toEqual([expect.objectContaining({ reason: 'needs_more_units', missing: 1 })]);
    // One whole burger at 6.50 goes into the set; the half left is priced as it is.
    const result = price([burger('burger', 975, { quantity: 1.5 }), fries('fries'), drink('drink')], [menu]);
    expect(result.totals.discount).toBe(210);
    expect(offByLine(result).burger).toBe(114);
  });

  it('takes several units of a component: 2 pizzas + 1 wine for 25.00', () => {
    const pizzas = rule('PIZZA', combo(2500, [group(['pizza'], 2), group(['wine'])]));
    const pizza = (id: string, amount: number) => line(id, amount, { productGroupIds: ['pizza'] });
    const wine = line('wine', 900, { productGroupIds: ['wine'] });
    expect(price([pizza('margherita', 1100), pizza('diavola', 1300), wine], [pizzas]).totals.after).toBe(2500);
    expect(price([pizza('margherita', 1100), wine], [pizzas], explained).notApplied).toEqual([expect.objectContaining({ reason: 'needs_more_units', minimum: 3, missing: 1 })]);
  });

  it('counts a line that fits two components for the one that completes the set: a vegan burger and a beef burger are a main and a vegan dish', () => {
    const veganDeal = rule('VEGAN', combo(1500, [group(['mains']), { scope: { tags: ['vegan'] }, units: 1 }]));
    const vegan = burger('vegan', 800, { tags: ['vegan'] });
    expect(price([vegan, burger('beef', 900)], [veganDeal]).totals.discount).toBe(200);
    // The vegan burger alone is one unit: it fills one part, and the set needs one more.
    const alone = price([vegan], [veganDeal], explained);
    expect(alone.totals.discount).toBe(0);
    expect(alone.notApplied).toEqual([expect.objectContaining({ reason: 'needs_more_units', minimum: 2, missing: 1 })]);
    expect(price([burger('two-vegan', 1600, { tags: ['vegan'], quantity: 2 })], [veganDeal]).totals.discount).toBe(100);
  });

  it('lets only lines in the rule’s own scope take part: the staff drink does not complete a guest’s menu', () => {
    const guestsOnly = rule('COMBO', combo(990), { scope: { exclude: { tags: ['staff'] } } });
    expect(price([burger('burger', 650), fries('fries'), drink('drink', 250, { tags: ['staff'] })], [guestsOnly]).totals.discount).toBe(0);
  });

  it('leaves a tab in another currency alone', () => {
    const result = evaluate(tab([burger('burger', 6500), fries('fries', 3000), drink('drink', 2500)], { currency: 'SEK' }), sources({ tab: ['COMBO'] }), { rules: [menu], categories: categories(['COMBO']) }, noon, explained);
    expect(result.totals.discount).toBe(0);
    expect(result.notApplied).toEqual([expect.objectContaining({ reason: 'other_currency', currency: 'EUR' })]);
  });

  it('makes a hundred thousand menus of three lines without going unit by unit', () => {
    const many = 100_000;
    const result = price([burger('burger', 650 * many, { quantity: many }), fries('fries', 300 * many, { quantity: many }), drink('drink', 250 * many, { quantity: many })], [menu]);
    expect(result.totals.discount).toBe(210 * many);
  });

  describe('with other rules, as buy X get Y does', () => {
    it('gives way on a line to an exclusive rule and keeps the other lines’ parts', () => {
      const staff = rule('STAFF', percentOff(5000), { stacking: 'exclusive', scope: { productGroupIds: ['drinks'] } });
      const result = price([burger('burger', 650), fries('fries'), drink('drink')], [menu, staff]);
      expect(offByLine(result)).toEqual({ burger: 114, drink: 125, fries: 53 });
      expect(result.lines.find((l) => l.lineId === 'drink')!.discounts.map((d) => d.categoryCode)).toEqual(['STAFF']);
    });

    it('stacks on what a `best` rule left, and is bounded by its category’s cap per line', () => {
      const tenPercent = rule('TEN', percentOff(1000), { stacking: 'best' });
      const stacked = price([burger('burger', 650), fries('fries'), drink('drink')], [menu, tenPercent]);
      expect(stacked.totals.discount).toBe(65 + 30 + 25 + 210);
      const capped = evaluate(
        tab([burger('burger', 650), fries('fries'), drink('drink')]),
        sources({ tab: ['COMBO'] }),
        { rules: [menu], categories: categories(['COMBO'], { COMBO: 1000 }) },
        noon,
        settings(),
      );
      expect(offByLine(capped)).toEqual({ burger: 65, drink: 25, fries: 30 });
    });

    it('competes per line with another `best` rule: the better one takes each line', () => {
      const bestMenu = rule('COMBO', combo(990), { stacking: 'best' });
      const twentyPercent = rule('TWENTY', percentOff(2000), { stacking: 'best' });
      const result = price([burger('burger', 650), fries('fries'), drink('drink')], [bestMenu, twentyPercent]);
      // 20% is 1.30, 0.60 and 0.50 against the menu's 1.14, 0.53 and 0.43.
      expect(result.lines.flatMap((l) => l.discounts.map((d) => d.categoryCode))).toEqual(['TWENTY', 'TWENTY', 'TWENTY']);
      expect(price([burger('burger', 650), fries('fries'), drink('drink')], [bestMenu, twentyPercent], explained).notApplied).toEqual([
        expect.objectContaining({ ruleId: bestMenu.id, reason: 'beaten', byRuleId: twentyPercent.id }),
      ]);
    });
  });

  it('reads as its parts and its price', () => {
    expect(describeEffect(combo(990))).toBe('burgers + fries + drinks for €9.90');
    expect(describeEffect(combo(2500, [group(['pizza'], 2), { scope: { productIds: ['p-wine'], tags: ['house'] }, units: 1 }, { scope: {}, units: 1 }]))).toBe('2 × pizza + p-wine/house + any item for €25.00');
  });
});
