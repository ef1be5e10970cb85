import { categories, line, percentOff, rule, settings, sources, tab } from '../../../../test/support/engine-builders.js';
import { evaluate } from './evaluate.js';
import type { Effect, EvaluationSettings, Rule, Tab } from './types.js';

const noon = new Date('2026-11-18T12:00:00Z');

/** The tab priced with these rules, every category on the tab: what each line pays, by line id. */
function prices(priced: Tab, rules: Rule[], fields: Partial<EvaluationSettings> = {}) {
  const codes = [...new Set(rules.map((r) => r.categoryCode))];
  const result = evaluate(priced, sources({ tab: codes }), { rules, categories: categories(codes) }, noon, settings(fields));
  return { result, pays: Object.fromEntries(result.lines.map((l) => [l.lineId, l.amountAfter])) };
}

const tenOff: Effect = { kind: 'amount_off', amount: 1_000, per: 'line', currency: 'EUR' };

describe('rules of equal priority: the documented tie-break (priority, then rule id)', () => {
  const dinner = tab([line('l-1', 10_000)]);

  it('applies two `stack` rules of one priority in id order, whatever order the book lists them', () => {
    // 10.00 off first, then 10% of the 90.00 left: 81.00. The other way round it would be 80.00.
    const amountFirst = [rule('A', percentOff(1_000), { id: 'sr_B' }), rule('B', tenOff, { id: 'sr_A' })];
    const { result, pays } = prices(dinner, amountFirst);
    expect(pays).toEqual({ 'l-1': 8_100 });
    expect(result.lines[0].discounts.map((d) => [d.ruleId, d.amount])).toEqual([
      ['sr_A', 1_000],
      ['sr_B', 900],
    ]);
    expect(prices(dinner, [...amountFirst].reverse()).pays).toEqual({ 'l-1': 8_100 });

    // The same two rules with their ids swapped: the percentage goes first now.
    const percentFirst = [rule('A', percentOff(1_000), { id: 'sr_A' }), rule('B', tenOff, { id: 'sr_B' })];
    expect(prices(dinner, percentFirst).pays).toEqual({ 'l-1': 8_000 });
    // A lower priority number goes first, before any id.
    expect(prices(dinner, [rule('A', percentOff(1_000), { id: 'sr_B', priority: 10 }), rule('B', tenOff, { id: 'sr_A' })]).pays).toEqual({ 'l-1': 8_000 });
  });

  it('gives a tie between two `exclusive` rules worth the same to the first by priority, then id, alone on the line', () => {
    const staff = rule('STAFF', percentOff(1_500), { id: 'sr_B', stacking: 'exclusive' });
    const partner = rule('PARTNER', { kind: 'amount_off', amount: 1_500, per: 'line', currency: 'EUR' }, { id: 'sr_A', stacking: 'exclusive' });
    const alsoStacked = rule('TERRACE', percentOff(500), { id: 'sr_C' });
    const { result, pays } = prices(dinner, [staff, partner, alsoStacked]);
    expect(pays).toEqual({ 'l-1': 8_500 });
    expect(result.lines[0].discounts.map((d) => [d.categoryCode, d.amount])).toEqual([['PARTNER', 1_500]]);

    const staffFirst = prices(dinner, [{ ...staff, priority: 50 }, partner, alsoStacked]);
    expect(staffFirst.pays).toEqual({ 'l-1': 8_500 });
    expect(staffFirst.result.lines[0].discounts.map((d) => d.categoryCode)).toEqual(['STAFF']);
  });

  it('gives a tie between two `best` rules to the first by id, and stacks the rest on what is left', () => {
    const vip = rule('VIP', percentOff(1_000), { id: 'sr_B', stacking: 'best' });
    const club = rule('CLUB', tenOff, { id: 'sr_A', stacking: 'best' });
    const terrace = rule('TERRACE', percentOff(500), { id: 'sr_C' });
    const { result, pays } = prices(dinner, [vip, terrace, club]);
    // 10.00 off by CLUB, then 5% of the 90.00 left: 85.50.
    expect(pays).toEqual({ 'l-1': 8_550 });
    expect(result.lines[0].discounts.map((d) => [d.categoryCode, d.amount])).toEqual([
      ['CLUB', 1_000],
      ['TERRACE', 450],
    ]);
  });
});

describe('scopes by tag and product group, with exclusions', () => {
  // Prices without tax, so every base is the line's amount.
  const order = tab([
    line('wine', 1_200, { productId: 'p-wine', productGroupIds: ['wine', 'drinks'], tags: ['alcohol'] }),
    line('juice', 500, { productId: 'p-juice', productGroupIds: ['drinks'] }),
    line('risotto', 1_850, { productId: 'p-risotto', productGroupIds: ['food'], tags: ['vegetarian'] }),
    line('steak', 3_000, { productId: 'p-steak', productGroupIds: ['food'] }),
  ]);

  it('takes 20% off the lines tagged alcohol, and nothing else', () => {
    expect(prices(order, [rule('BAR', percentOff(2_000), { scope: { tags: ['alcohol'] } })]).pays).toEqual({ wine: 960, juice: 500, risotto: 1_850, steak: 3_000 });
  });

  it('takes 10% off drinks but not the alcoholic ones', () => {
    const soft = rule('SOFT', percentOff(1_000), { scope: { productGroupIds: ['drinks'], exclude: { tags: ['alcohol'] } } });
    expect(prices(order, [soft]).pays).toEqual({ wine: 1_200, juice: 450, risotto: 1_850, steak: 3_000 });
  });

  it('takes 15% off everything but alcohol when the scope is only an exclusion (18.50 × 15% rounds half-up to 2.78)', () => {
    const family = rule('FAMILY', percentOff(1_500), { scope: { exclude: { tags: ['alcohol'] } } });
    const { result, pays } = prices(order, [family]);
    expect(pays).toEqual({ wine: 1_200, juice: 425, risotto: 1_572, steak: 2_550 });
    expect(result.totals).toEqual({ before: 6_550, discount: 803, after: 5_747, serviceCharge: 0 });
  });

  it('reaches a line matching any inclusion, and an exclusion beats every inclusion', () => {
    const green = rule('GREEN', percentOff(1_000), { scope: { tags: ['vegetarian'], productGroupIds: ['drinks'], exclude: { productIds: ['p-risotto'], tags: ['alcohol'] } } });
    expect(prices(order, [green]).pays).toEqual({ wine: 1_200, juice: 450, risotto: 1_850, steak: 3_000 });
    const veggie = rule('VEGGIE', percentOff(1_000), { scope: { tags: ['vegetarian'] } });
    expect(prices(order, [veggie]).pays).toEqual({ wine: 1_200, juice: 500, risotto: 1_665, steak: 3_000 });
  });
});

describe('a service charge on the tab', () => {
  const withService = (serviceCharge: number, amounts: [string, number][]) => tab(amounts.map(([id, amount]) => line(id, amount)), { serviceCharge });
  const tenPercent = [rule('TEN', percentOff(1_000))];

  it('leaves the service charge out of the discount by default: 100.00 and 10.00 service pay 90.00 and 10.00', () => {
    const { result, pays } = prices(withService(1_000, [['a', 6_000], ['b', 4_000]]), tenPercent);
    expect(pays).toEqual({ a: 5_400, b: 3_600 });
    expect(result.totals).toEqual({ before: 10_000, discount: 1_000, after: 9_000, serviceCharge: 1_000 });
  });

  it('takes 10% of the service charge too, off the lines in proportion, when the base includes it: 99.00 in all', () => {
    const base = { includeTax: false, includeServiceCharge: true };
    const { result, pays } = prices(withService(1_000, [['a', 6_000], ['b', 4_000]]), tenPercent, { discountBase: base });
    // 6.00 and 4.00 of the service belong to the lines: 10% of 66.00 and of 44.00.
    expect(pays).toEqual({ a: 5_340, b: 3_560 });
    expect(result.totals).toEqual({ before: 10_000, discount: 1_100, after: 8_900, serviceCharge: 1_000 });
  });

  it('gives the unit a split leaves over to the larger line, and rounds each line half-up', () => {
    // 1.00 service over 10.00 and 20.00: 0.33 and 0.67 (the cent left goes to the larger line).
    const base = { includeTax: false, includeServiceCharge: true };
    const { result, pays } = prices(withService(100, [['a', 1_000], ['b', 2_000]]), [rule('HALF', percentOff(5_000))], { discountBase: base });
    // Half of 10.33 is 5.165, of 20.67 is 10.335: 5.17 and 10.34 off.
    expect(pays).toEqual({ a: 483, b: 966 });
    expect(result.totals.discount).toBe(1_551);
  });

  it('accrues points on the service charge only when the accrual base includes it', () => {
    const book = [rule('TEN', percentOff(1_000)), rule('PTS', { kind: 'points_rate', accountType: 'points', rateBp: 1_000 })];
    const priced = withService(1_000, [['a', 6_000], ['b', 4_000]]);
    // 10% of the 90.00 paid for the lines.
    expect(prices(priced, book).result.accrual[0].points).toBe(900);
    // 10% of (66.00 − 6.00) and (44.00 − 4.00): the lines' discount comes off the base with their service.
    expect(prices(priced, book, { accrualBase: { includeTax: false, includeServiceCharge: true } }).result.accrual[0].points).toBe(1_000);
  });
});
