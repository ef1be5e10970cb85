import { categories, line, percentOff, rule, settings, sources, tab } from '../../../../test/support/engine-builders.js';
import { evaluate } from './evaluate.js';
import type { Effect, EvaluationSettings, Rule, TabLine } from './types.js';

const noon = new Date('2026-11-18T12:00:00Z');
const rate = (rateBp: number, accountType = 'points'): Effect => ({ kind: 'points_rate', accountType, rateBp });
const times = (multiplierBp: number): Effect => ({ kind: 'points_multiplier', accountType: 'points', multiplierBp });

/** Every rule in category P, which the tab brings. */
function run(lines: TabLine[], rules: Rule[], fields: Partial<EvaluationSettings> = {}) {
  const codes = [...new Set(rules.map((r) => r.categoryCode))];
  return evaluate(tab(lines), sources({ tab: codes }), { rules, categories: categories(codes) }, noon, settings(fields));
}

const steak = line('a', 10_000, { productId: 'steak' });
const wine = line('b', 5_000, { productId: 'wine', quantity: 2.5 });

/** How points are chosen and stacked, line by line, and which rules are named for them. */
describe('points on a bill', () => {
  it('earns the largest exclusive rate alone, whatever else applies', () => {
    const r700 = rule('P', rate(700), { stacking: 'exclusive', priority: 1 });
    const r800 = rule('P', rate(800), { stacking: 'exclusive', priority: 2 });
    const r600 = rule('P', rate(600), { stacking: 'exclusive', priority: 3 });
    const others = [rule('P', rate(500), { priority: 4 }), rule('P', rate(300), { stacking: 'best', priority: 5 }), rule('P', times(20_000), { priority: 6 })];
    const [accrual] = run([steak, wine], [r700, r800, r600, ...others]).accrual;
    expect(accrual).toEqual({ accountType: 'points', points: 2400, rules: [{ ruleId: r800.id, ruleVersion: 1, categoryCode: 'P' }, { ruleId: others[2].id, ruleVersion: 1, categoryCode: 'P' }] });
  });

  it('adds every stack rate to the best of the best ones', () => {
    const best200 = rule('P', rate(200), { stacking: 'best', priority: 1 });
    const best300 = rule('P', rate(300), { stacking: 'best', priority: 2 });
    const best100 = rule('P', rate(100), { stacking: 'best', priority: 3 });
    const stack100 = rule('P', rate(100), { priority: 4 });
    const stack50 = rule('P', rate(50), { priority: 5 });
    const [accrual] = run([steak, wine], [best200, best300, best100, stack100, stack50]).accrual;
    expect(accrual.points).toBe(675); // 4.50% of 150.00
    expect(accrual.rules.map((r) => r.ruleId)).toEqual([best300.id, stack100.id, stack50.id]);
  });

  it('multiplies stacked multipliers with the best one, and lets an exclusive multiplier alone', () => {
    const base = rule('P', rate(1000), { priority: 1 });
    const stacked = [rule('P', times(15_000), { stacking: 'best', priority: 2 }), rule('P', times(20_000), { stacking: 'best', priority: 3 }), rule('P', times(30_000), { priority: 4 }), rule('P', times(5_000), { priority: 5 })];
    expect(run([steak, wine], [base, ...stacked]).accrual[0].points).toBe(4500); // 10% × 2 × 3 × ½
    expect(run([steak, wine], [base, ...stacked, rule('P', times(40_000), { stacking: 'exclusive', priority: 6 })]).accrual[0].points).toBe(6000);
    expect(run([steak, wine], [base]).accrual[0].points).toBe(1500);
  });

  it('scales only the lines a rate reaches, and names no multiplier that met no rate', () => {
    const onSteak = rule('P', rate(1000), { scope: { productIds: ['steak'] }, priority: 1 });
    const onWine = rule('P', times(30_000), { scope: { productIds: ['wine'] }, priority: 2 });
    expect(run([steak, wine], [onSteak, onWine]).accrual).toEqual([{ accountType: 'points', points: 1000, rules: [{ ruleId: onSteak.id, ruleVersion: 1, categoryCode: 'P' }] }]);
  });

  it('earns on what is left after discounts, never below nothing', () => {
    expect(run([steak], [rule('P', percentOff(1000)), rule('P', rate(1000))]).accrual[0].points).toBe(900);
    // Discounted on the price with tax, earning on the price without it: all of 8.00 is gone.
    const taxed = line('t', 1000, { taxAmount: 200 });
    const withTax = { includeTax: true, includeServiceCharge: false };
    expect(run([taxed], [rule('P', percentOff(10_000)), rule('P', rate(1000))], { discountBase: withTax }).accrual[0].points).toBe(0);
  });

  it('counts visit points once for any line reached, unit points per whole unit, none for lines not reached', () => {
    const coffee = (id: string, quantity: number) => line(id, 300, { productGroupIds: ['coffee'], quantity });
    const perUnit = rule('P', { kind: 'points_per_unit', accountType: 'stamps', points: 2 }, { scope: { productGroupIds: ['coffee'] } });
    const perVisit = rule('P', { kind: 'points_per_visit', accountType: 'points', points: 25 }, { scope: { productGroupIds: ['coffee'] } });
    expect(run([coffee('c1', 2.5), coffee('c2', 1), steak], [perUnit, perVisit]).accrual.map(({ accountType, points }) => [accountType, points])).toEqual([
      ['points', 25],
      ['stamps', 6],
    ]);
    expect(run([steak], [perUnit, perVisit]).accrual).toEqual([
      { accountType: 'points', points: 0, rules: [] },
      { accountType: 'stamps', points: 0, rules: [] },
    ]);
  });

  it('takes an exclusive rate on the lines it reaches only, and of two equal ones names the first by priority', () => {
    const everywhere = rule('P', rate(100), { priority: 1 });
    const onWine = rule('P', rate(1000), { stacking: 'exclusive', scope: { productIds: ['wine'] }, priority: 2 });
    expect(run([steak, wine], [everywhere, onWine]).accrual[0].points).toBe(100 + 500);
    const first = rule('P', rate(500), { stacking: 'exclusive', priority: 1 });
    const second = rule('P', rate(500), { stacking: 'exclusive', priority: 2 });
    expect(run([steak], [first, second]).accrual[0].rules.map((r) => r.ruleId)).toEqual([first.id]);
    const firstBest = rule('P', rate(500), { stacking: 'best', priority: 1 });
    const secondBest = rule('P', rate(500), { stacking: 'best', priority: 2 });
    expect(run([steak], [firstBest, secondBest]).accrual[0].rules.map((r) => r.ruleId)).toEqual([firstBest.id]);
  });

  it('names visit points and rates together by priority', () => {
    const visit = rule('P', { kind: 'points_per_visit', accountType: 'points', points: 25 }, { priority: 5 });
    const base = rule('P', rate(1000), { priority: 1 });
    expect(run([steak], [visit, base]).accrual[0]).toMatchObject({ points: 1025, rules: [{ ruleId: base.id }, { ruleId: visit.id }] });
  });

  it('lists account types in name order, each with its own rules by priority', () => {
    const rules = [rule('P', rate(100, 'stamps'), { priority: 3 }), rule('P', rate(200, 'bonus'), { priority: 2 }), rule('P', rate(300, 'bonus'), { priority: 1 })];
    expect(run([steak], rules).accrual.map(({ accountType, points, rules: named }) => [accountType, points, named.map((r) => r.ruleId)])).toEqual([
      ['bonus', 500, [rules[2].id, rules[1].id]],
      ['stamps', 100, [rules[0].id]],
    ]);
  });
});

/** Which limits a bill is held to, and how two of one kind meet. */
describe('limits on a bill', () => {
  const cap = (maxShareBp: number): Effect => ({ kind: 'bonus_payment_cap', accountType: 'bonus', maxShareBp });
  const spend = (amount: number): Effect => ({ kind: 'daily_bonus_spend_limit', accountType: 'bonus', amount });
  const paying = (bonus: number, spent = 0): Partial<EvaluationSettings> => ({ bonusPayments: { bonus }, usage: { identifications: 0, closedTabs: 0, bonusSpent: { bonus: spent } } });
  const brief = (lines: TabLine[], rules: Rule[], fields: Partial<EvaluationSettings> = {}) =>
    run(lines, rules, fields).limits.map(({ kind, subject, limit, used, left, broken }) => [kind, subject, limit, used, left, broken]);

  it('caps bonus on the lines in scope only, the stricter cap of two', () => {
    const onFood = { scope: { exclude: { productIds: ['wine'] } } };
    expect(brief([steak, wine], [rule('P', cap(7000), onFood), rule('P', cap(5000), onFood)], paying(5000))).toEqual([['bonus_payment_cap', 'bonus', 5000, 5000, 0, false]]);
    expect(brief([steak, wine], [rule('P', cap(5000), onFood), rule('P', cap(7000), onFood)], paying(5001))).toEqual([['bonus_payment_cap', 'bonus', 5000, 5001, -1, true]]);
  });

  it('checks a bonus cap only against a bill, and every other limit on an empty tab', () => {
    const rules = [rule('P', cap(7000)), rule('P', spend(3000))];
    expect(brief([], rules, paying(0, 1000))).toEqual([['daily_bonus_spend_limit', 'bonus', 3000, 1000, 2000, false]]);
  });

  it('leaves out a limit of a category whose lines are not on the bill', () => {
    const onWine = rule('P', spend(3000), { scope: { productIds: ['wine'] } });
    expect(brief([steak], [onWine], paying(0, 3500))).toEqual([]);
    expect(brief([steak, wine], [onWine], paying(0, 3500))).toEqual([['daily_bonus_spend_limit', 'bonus', 3000, 3500, -500, true]]);
  });

  it('breaks a daily bonus limit with what this bill pays on top of the day’s spending', () => {
    expect(brief([steak], [rule('P', spend(3000))], paying(1000, 2000))).toEqual([['daily_bonus_spend_limit', 'bonus', 3000, 2000, 1000, false]]);
    expect(brief([steak], [rule('P', spend(3000))], paying(1001, 2000))).toEqual([['daily_bonus_spend_limit', 'bonus', 3000, 2000, 1000, true]]);
    expect(brief([steak], [rule('P', spend(3000))])).toEqual([['daily_bonus_spend_limit', 'bonus', 3000, 0, 3000, false]]);
  });

  it('keeps the first of two equally strict limits', () => {
    const rules = [rule('P', spend(3000), { priority: 1 }), rule('P', spend(3000), { priority: 2 })];
    expect(run([steak], rules).limits.map((limit) => limit.ruleId)).toEqual([rules[0].id]);
  });

  it('keeps limits of different accounts apart, in order of kind and subject', () => {
    const points: Effect = { kind: 'daily_bonus_spend_limit', accountType: 'points', amount: 100 };
    const rules = [rule('P', points), rule('P', spend(3000)), rule('P', cap(10_000))];
    expect(brief([steak], rules).map(([kind, subject]) => `${kind}/${subject}`)).toEqual(['bonus_payment_cap/bonus', 'daily_bonus_spend_limit/bonus', 'daily_bonus_spend_limit/points']);
    expect(run([steak], rules, paying(20_000)).breaksLimit).toBe(true);
    expect(run([steak], rules, paying(0)).breaksLimit).toBe(false);
  });
});

/** Rules of one capped category stacked on one line. */
describe('a capped category’s rules on a line', () => {
  const capped = (rules: Rule[], caps: Record<string, number>) =>
    evaluate(tab([steak]), sources({ tab: [...new Set(rules.map((r) => r.categoryCode))] }), { rules, categories: categories([...new Set(rules.map((r) => r.categoryCode))], caps) }, noon, settings());

  it('of two ways to the same saving, keeps the one with every rule in it', () => {
    const five = rule('C', { kind: 'amount_off', amount: 500, per: 'line', currency: 'EUR' }, { priority: 1 });
    const ten = rule('C', { kind: 'amount_off', amount: 1000, per: 'line', currency: 'EUR' }, { priority: 2 });
    expect(capped([five, ten], { C: 1000 }).lines[0].discounts.map((d) => [d.ruleId, d.amount])).toEqual([
      [five.id, 500],
      [ten.id, 500],
    ]);
  });

  it('applies the best rule once, before weighing the capped ones', () => {
    const best = rule('B', percentOff(2000), { stacking: 'best', priority: 1 });
    const first = rule('C', percentOff(1000), { priority: 2 });
    const second = rule('C', percentOff(1000), { priority: 3 });
    // 20% of 100.00, then C's 10% of 80.00 twice, capped at 10.00 of the line: 30.00 in all.
    expect(capped([best, first, second], { C: 1000 }).totals.discount).toBe(3000);
  });

  it('prices a line with many of them at once: only the first ten are weighed in and out', () => {
    const rules = Array.from({ length: 30 }, (_, i) => rule('C', { kind: 'amount_off', amount: 10, per: 'line', currency: 'EUR' }, { priority: i }));
    const result = evaluate(tab([steak]), sources({ tab: ['C'] }), { rules, categories: categories(['C'], { C: 1000 }) }, noon, settings());
    expect(result.totals.discount).toBe(300);
  });
});
