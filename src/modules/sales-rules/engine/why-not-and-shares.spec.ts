import { categories, line, percentOff, rule, settings, sources, tab } from '../../../../test/support/engine-builders.js';
import { evaluate } from './evaluate.js';
import type { Effect, Rule, Tab, TabLine } from './types.js';

const noon = new Date('2026-11-18T12:00:00Z');
const explained = settings({ explain: true });
const euros = (amount: number, per: 'line' | 'tab'): Effect => ({ kind: 'amount_off', amount, per, currency: 'EUR' });

/** Every rule's category is on the tab. */
function run(lines: TabLine[], rules: Rule[], fields: Partial<Tab> = {}, at = noon, how = explained) {
  const codes = [...new Set(rules.map((r) => r.categoryCode))];
  return evaluate(tab(lines, fields), sources({ tab: codes }), { rules, categories: categories(codes) }, at, how);
}

const discountsOn = (result: ReturnType<typeof run>) => Object.fromEntries(result.lines.map((l) => [l.lineId, l.discountTotal]));

describe('why a rule gave nothing', () => {
  it('says nothing was left once earlier rules took the whole line', () => {
    const all = rule('A', percentOff(10_000), { priority: 1 });
    const late = rule('B', percentOff(1000), { priority: 2 });
    expect(run([line('soup', 800)], [all, late]).notApplied).toEqual([{ ruleId: late.id, ruleVersion: 1, categoryCode: 'B', ruleName: null, reason: 'nothing_left_to_discount' }]);
  });

  it('names the better best rule that beat a best one, and never blames a best rule for a stacked one', () => {
    const small = rule('A', percentOff(1000), { stacking: 'best', priority: 1 });
    const big = rule('B', percentOff(2000), { stacking: 'best', priority: 2 });
    const stacked = rule('C', percentOff(500), { priority: 3 });
    const result = run([line('soup', 1000)], [small, big, stacked]);
    expect(result.notApplied).toEqual([expect.objectContaining({ ruleId: small.id, reason: 'beaten', byRuleId: big.id, byCategoryCode: 'B', byStacking: 'best' })]);
    expect(result.totals.discount).toBe(240); // 20%, then 5% of the 8.00 left
  });

  it('lists no rule that came to nothing by itself, nor a points rule that missed, and lists misses by priority', () => {
    const dearer = rule('A', { kind: 'fixed_price', unitPrice: 2000, currency: 'EUR' });
    const points = rule('A', { kind: 'points_rate', accountType: 'points', rateBp: 500 }, { conditions: { timeFrom: '18:00', timeTo: '20:00' } });
    const late = rule('A', percentOff(1000), { priority: 9, conditions: { timeFrom: '18:00', timeTo: '20:00' } });
    const early = rule('A', percentOff(1000), { priority: 1, conditions: { daysOfWeek: [7] } });
    const result = run([line('soup', 1000)], [late, dearer, points, early]);
    expect(result.notApplied.map((item) => [item.ruleId, item.reason])).toEqual([
      [early.id, 'wrong_day'],
      [late.id, 'outside_hours'],
    ]);
    expect(result.totals.discount).toBe(0);
  });

  it('reads hours line by line where lines carry their order time, and each line without one at the tab’s moment', () => {
    const happy = rule('H', percentOff(2000), { conditions: { timeFrom: '17:00', timeTo: '19:00' } });
    const at1850 = line('a', 1000, { orderedAt: new Date('2026-11-18T18:50:00Z') });
    const at1920 = line('b', 1000, { orderedAt: new Date('2026-11-18T19:20:00Z') });
    const untimed = line('c', 1000);
    const paidAt1925 = new Date('2026-11-18T19:25:00Z');
    expect(discountsOn(run([at1850, at1920, untimed], [happy], {}, paidAt1925))).toEqual({ a: 200, b: 0, c: 0 });
    expect(discountsOn(run([at1850, at1920, untimed], [happy], {}, new Date('2026-11-18T18:00:00Z')))).toEqual({ a: 200, b: 0, c: 200 });
    // Nothing ordered in the window: the first line's order time says why.
    expect(run([at1920], [happy], {}, paidAt1925).notApplied).toEqual([expect.objectContaining({ ruleId: happy.id, reason: 'outside_hours', from: '17:00', to: '19:00' })]);
  });
});

describe('why-not, unasked', () => {
  it('says nothing of rules that missed unless asked', () => {
    const rules = [
      rule('A', { kind: 'amount_off', amount: 100, per: 'line', currency: 'SEK' }),
      rule('A', percentOff(1000), { conditions: { timeFrom: '18:00', timeTo: '20:00' } }),
      rule('A', percentOff(1000), { conditions: { minTabAmount: 5000 } }),
      rule('A', { kind: 'tab_limit', amount: 100, currency: 'SEK' }),
    ];
    expect(run([line('soup', 1000)], rules, {}, noon, settings()).notApplied).toEqual([]);
    expect(run([line('soup', 1000)], rules).notApplied.map((item) => item.reason)).toEqual(['other_currency', 'outside_hours', 'below_minimum_tab']);
  });
});

describe('what the evaluation tells beside prices', () => {
  it('lists the categories present, the tab’s and the lines’ known ones, in order, and not unknown ones', () => {
    const codes = ['WINE', 'REGULARS'];
    const result = evaluate(
      tab([line('a', 1000, { categories: ['WINE', 'NOPE'] })]),
      sources({ tab: ['REGULARS', 'GONE'] }),
      { rules: [], categories: categories(codes) },
      noon,
      settings(),
    );
    expect(result.categories).toEqual(['REGULARS', 'WINE']);
  });

  it('gives a coupon only for a rule reaching some line', () => {
    const coupon: Effect = { kind: 'issue_coupon', categoryCode: 'NEXT', validDays: 30 };
    const anyLine = rule('C', coupon);
    const wineOnly = rule('C', coupon, { scope: { productIds: ['wine'] } });
    expect(run([line('soup', 1000)], [anyLine, wineOnly]).coupons).toEqual([{ ruleId: anyLine.id, ruleVersion: 1, categoryCode: 'NEXT', validDays: 30 }]);
  });

  it('adds tax to a price without it, and discounts the tax only where a base includes it', () => {
    const lines = [line('a', 1000, { taxAmount: 250 })];
    const withTax = { includeTax: true, includeServiceCharge: false };
    expect(run(lines, [rule('T', percentOff(1000))], { pricesIncludeTax: false }).lines[0]).toMatchObject({ amount: 1250, discountTotal: 100, amountAfter: 1150 });
    expect(run(lines, [rule('T', percentOff(1000), { discountBase: withTax })], { pricesIncludeTax: false }).lines[0].discountTotal).toBe(125);
  });

  it('never takes more off a line than it costs, whatever the base adds', () => {
    const withService = { includeTax: false, includeServiceCharge: true };
    const result = evaluate(tab([line('a', 3000), line('b', 1000)], { serviceCharge: 400 }), sources({ tab: ['S'] }), { rules: [rule('S', percentOff(10_000))], categories: categories(['S']) }, noon, settings({ discountBase: withService }));
    expect(result.lines.map((l) => [l.discountTotal, l.amountAfter])).toEqual([
      [3000, 0],
      [1000, 0],
    ]);
  });

  it('passes the service charge through, and discounts it only where a base includes it', () => {
    const lines = [line('a', 3000), line('b', 1000)];
    const withService = { includeTax: false, includeServiceCharge: true };
    const tenPercent = (fields: Partial<Rule> = {}) => rule('S', percentOff(1000), fields);
    expect(run(lines, [tenPercent()], { serviceCharge: 400 }).totals).toEqual({ before: 4000, discount: 400, after: 3600, serviceCharge: 400 });
    // The 4.00 charge spread 3:1 over the lines makes their bases 33.00 and 11.00; a line pays at most its own price.
    expect(discountsOn(run(lines, [tenPercent({ discountBase: withService })], { serviceCharge: 400 }))).toEqual({ a: 330, b: 110 });
  });
});

describe('amounts a rule spreads over the tab', () => {
  it('spreads a tab amount over the lines in scope by their base, and takes a line amount off each line', () => {
    const lines = [line('a', 3000), line('b', 1000), line('c', 2000, { productId: 'wine' })];
    const food = { scope: { exclude: { productIds: ['wine'] } } };
    expect(discountsOn(run(lines, [rule('T', euros(1000, 'tab'), food)]))).toEqual({ a: 750, b: 250, c: 0 });
    expect(discountsOn(run(lines, [rule('T', euros(1500, 'line'), food)]))).toEqual({ a: 1500, b: 1000, c: 0 });
    // In another currency, it is not the tab's.
    expect(run(lines, [rule('T', { kind: 'amount_off', amount: 1000, per: 'tab', currency: 'SEK' })]).notApplied).toEqual([expect.objectContaining({ reason: 'other_currency', currency: 'SEK' })]);
  });

  it('gives free units to the first lines by id until they run out, at each line’s price per unit', () => {
    const lines = [line('b', 900, { quantity: 3 }), line('a', 500, { quantity: 0.5 }), line('c', 400, { quantity: 2 })];
    expect(discountsOn(run(lines, [rule('F', { kind: 'free_units', units: 2 })]))).toEqual({ a: 500, b: 450, c: 0 });
    expect(discountsOn(run(lines, [rule('F', { kind: 'free_units', units: 5 })]))).toEqual({ a: 500, b: 900, c: 300 });
  });

  it('sells a line at a fixed unit price only when that is cheaper', () => {
    const lines = [line('a', 1500, { quantity: 2 }), line('b', 500)];
    expect(discountsOn(run(lines, [rule('P', { kind: 'fixed_price', unitPrice: 600, currency: 'EUR' })]))).toEqual({ a: 300, b: 0 });
  });
});
