import fc from 'fast-check';
import { evaluate, type RuleBook } from './evaluate.js';
import type { Base, CategoriesBySource, Effect, EvaluationSettings, Rule, Stacking, Tab, TabLine } from './types.js';

const CODES = ['A', 'B', 'C', 'D'];
const GROUPS = ['drinks', 'food', 'wine'];
const TAGS = ['alcohol', 'vegan'];

const subset = <T>(items: T[]) => fc.subarray(items);
const base: fc.Arbitrary<Base> = fc.record({ includeTax: fc.boolean(), includeServiceCharge: fc.boolean() });

const lineArb = (id: string): fc.Arbitrary<TabLine> =>
  fc
    .record({
      amount: fc.integer({ min: 0, max: 200_000 }),
      taxPercent: fc.integer({ min: 0, max: 25 }),
      quantity: fc.constantFrom(1, 2, 3, 0.5, 1.25, 0.333),
      productGroupIds: subset(GROUPS),
      tags: subset(TAGS),
      categories: subset(CODES),
      product: fc.constantFrom('p-1', 'p-2', 'p-3'),
    })
    .map(({ amount, taxPercent, product, ...rest }) => ({
      id,
      productId: product,
      amount,
      taxAmount: Math.floor((amount * taxPercent) / (100 + taxPercent)),
      ...rest,
    }));

const tabArb: fc.Arbitrary<Tab> = fc
  .integer({ min: 1, max: 10 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => lineArb(`l-${String(i).padStart(2, '0')}`))))
  .chain((lines) =>
    fc.record({
      currency: fc.constant('EUR'),
      pricesIncludeTax: fc.boolean(),
      serviceCharge: fc.integer({ min: 0, max: 5_000 }),
      guestCount: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
      lines: fc.constant(lines),
    }),
  );

const effectArb: fc.Arbitrary<Effect> = fc.oneof(
  fc.record({ kind: fc.constant('percent_off' as const), percentBp: fc.integer({ min: 1, max: 10_000 }) }),
  fc.record({ kind: fc.constant('amount_off' as const), amount: fc.integer({ min: 1, max: 50_000 }), per: fc.constantFrom('line' as const, 'tab' as const), currency: fc.constant('EUR') }),
  fc.record({ kind: fc.constant('fixed_price' as const), unitPrice: fc.integer({ min: 0, max: 20_000 }), currency: fc.constant('EUR') }),
  fc.record({ kind: fc.constant('free_units' as const), units: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('buy_x_get_y' as const), buyUnits: fc.integer({ min: 1, max: 3 }), getUnits: fc.integer({ min: 1, max: 2 }), percentBp: fc.constantFrom(10_000, 5_000) }),
  fc.record({ kind: fc.constant('points_rate' as const), accountType: fc.constantFrom('points', 'bonus'), rateBp: fc.integer({ min: 1, max: 2_000 }) }),
  fc.record({ kind: fc.constant('points_multiplier' as const), accountType: fc.constant('points'), multiplierBp: fc.integer({ min: 5_000, max: 50_000 }) }),
  fc.record({ kind: fc.constant('tab_limit' as const), amount: fc.integer({ min: 0, max: 500_000 }), currency: fc.constant('EUR') }),
  fc.record({ kind: fc.constant('points_per_visit' as const), accountType: fc.constantFrom('points', 'stamps'), points: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ kind: fc.constant('points_per_unit' as const), accountType: fc.constantFrom('points', 'stamps'), points: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('issue_coupon' as const), categoryCode: fc.constantFrom(...CODES), validDays: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ kind: fc.constant('bonus_payment_cap' as const), accountType: fc.constant('bonus'), maxShareBp: fc.integer({ min: 0, max: 10_000 }) }),
);

const stackingArb = fc.constantFrom<Stacking>('exclusive', 'best', 'stack', 'stack');

const ruleArb = (id: string): fc.Arbitrary<Rule> =>
  fc.record({
    id: fc.constant(id),
    version: fc.integer({ min: 1, max: 5 }),
    categoryCode: fc.constantFrom(...CODES),
    name: fc.constant(null),
    priority: fc.integer({ min: 0, max: 5 }),
    stacking: stackingArb,
    effect: effectArb,
    scope: fc.oneof(
      fc.constant({}),
      fc.record({ productGroupIds: subset(GROUPS) }),
      fc.record({ tags: subset(TAGS), exclude: fc.record({ productGroupIds: subset(GROUPS) }) }),
    ),
    conditions: fc.oneof(fc.constant({}), fc.record({ minQuantity: fc.integer({ min: 0, max: 4 }) }), fc.record({ minTabAmount: fc.integer({ min: 0, max: 100_000 }) })),
    discountBase: fc.option(base, { nil: undefined }),
  });

const bookArb: fc.Arbitrary<RuleBook> = fc
  .integer({ min: 0, max: 10 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => ruleArb(`r-${String(i).padStart(2, '0')}`))))
  .chain((rules) =>
    fc.record({
      rules: fc.constant(rules),
      categories: fc.tuple(...CODES.map((code) => fc.record({ code: fc.constant(code), lineDiscountCapBp: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }) }))),
    }),
  );

const sourcesArb: fc.Arbitrary<CategoriesBySource> = fc.record({
  tab: subset(CODES),
  division: subset(CODES),
  table: subset(CODES),
  personal: subset(CODES),
  tier: subset(CODES),
});

const settingsArb: fc.Arbitrary<EvaluationSettings> = fc.record({
  timeZone: fc.constant('Europe/Stockholm'),
  discountBase: base,
  accrualBase: base,
  usage: fc.constant({ identifications: 0, closedTabs: 0, bonusSpent: {} }),
  bonusPayments: fc.constant({}),
});

const now = new Date('2026-11-18T12:00:00Z');
const input = fc.record({ tab: tabArb, sources: sourcesArb, book: bookArb, settings: settingsArb });
const run = ({ tab, sources, book, settings }: { tab: Tab; sources: CategoriesBySource; book: RuleBook; settings: EvaluationSettings }) =>
  evaluate(tab, sources, book, now, settings);

describe('the sales-rules engine, for any tab and any rules', () => {
  it('is fed inputs where rules really apply, with every stacking kind', () => {
    const results = fc.sample(input, { numRuns: 300, seed: 42 }).map(run);
    const discounted = results.filter((result) => result.totals.discount > 0).length;
    const stackings = new Set(results.flatMap((result) => result.lines.flatMap((line) => line.discounts.map((d) => d.stacking))));
    expect(discounted).toBeGreaterThan(100);
    expect([...stackings].sort()).toEqual(['best', 'exclusive', 'stack']);
    expect(results.some((result) => result.accrual.some((a) => a.points > 0))).toBe(true);
  });

  it('never discounts a line below zero, nor beyond its discount base', () => {
    fc.assert(
      fc.property(input, (i) => {
        for (const line of run(i).lines) {
          expect(line.discountTotal).toBeGreaterThanOrEqual(0);
          expect(line.discountTotal).toBeLessThanOrEqual(line.discountBase);
          expect(line.amountAfter).toBeGreaterThanOrEqual(0);
          expect(line.discounts.every((d) => d.amount > 0 && Number.isInteger(d.amount))).toBe(true);
        }
      }),
    );
  });

  it('never takes more off the tab than its discount base', () => {
    fc.assert(
      fc.property(input, (i) => {
        const result = run(i);
        expect(result.totals.discount).toBeLessThanOrEqual(result.lines.reduce((sum, line) => sum + line.discountBase, 0));
      }),
    );
  });

  it('adds the line discounts up to the tab discount exactly', () => {
    fc.assert(
      fc.property(input, (i) => {
        const result = run(i);
        for (const line of result.lines) expect(line.discounts.reduce((sum, d) => sum + d.amount, 0)).toBe(line.discountTotal);
        expect(result.lines.reduce((sum, line) => sum + line.discountTotal, 0)).toBe(result.totals.discount);
        expect(result.totals.after).toBe(result.totals.before - result.totals.discount);
      }),
    );
  });

  it('does not depend on the order of lines, rules or categories', () => {
    fc.assert(
      fc.property(input, fc.func(fc.integer()), (i, order) => {
        const shuffle = <T>(items: T[]) => [...items].map((item, k) => ({ item, key: order(k) })).sort((a, b) => a.key - b.key).map(({ item }) => item);
        const shuffled = {
          ...i,
          tab: { ...i.tab, lines: shuffle(i.tab.lines).map((line) => ({ ...line, categories: shuffle(line.categories) })) },
          book: { rules: shuffle(i.book.rules), categories: shuffle(i.book.categories) },
          sources: { tab: shuffle(i.sources.tab), division: shuffle(i.sources.division), table: shuffle(i.sources.table), personal: shuffle(i.sources.personal), tier: shuffle(i.sources.tier) },
        };
        expect(run(shuffled)).toEqual(run(i));
      }),
    );
  });

  it('never makes the guest pay more when a `stack` rule is added', () => {
    fc.assert(
      fc.property(input, ruleArb('r-new'), (i, extra) => {
        const added = { ...extra, stacking: 'stack' as const };
        const before = run(i).totals.after;
        const after = run({ ...i, book: { ...i.book, rules: [...i.book.rules, added] } }).totals.after;
        expect(after).toBeLessThanOrEqual(before);
      }),
    );
  });

  it('prices lines ordered at the moment of the evaluation as lines without an order time', () => {
    fc.assert(
      fc.property(input, (i) => {
        const ordered = { ...i, tab: { ...i.tab, lines: i.tab.lines.map((line) => ({ ...line, orderedAt: now })) } };
        expect(run(ordered)).toEqual(run(i));
      }),
    );
  });

  it('prices each line as a tab of that line alone ordered at its time would be, for rules of days and hours', () => {
    const hours = fc.record({ timeFrom: fc.constantFrom('11:00', '17:00', '22:00'), timeTo: fc.constantFrom('14:00', '19:00', '02:00'), daysOfWeek: fc.subarray([1, 2, 3, 4, 5, 6, 7]) });
    const moment = fc.integer({ min: 0, max: 7 * 24 * 60 - 1 }).map((minutes) => new Date(now.getTime() + minutes * 60_000));
    fc.assert(
      fc.property(input, hours, fc.array(moment, { minLength: 10, maxLength: 10 }), (i, conditions, moments) => {
        // Percentages only: what one line gets then does not depend on the other lines.
        const rules = i.book.rules.map((rule) => ({ ...rule, conditions, effect: { kind: 'percent_off' as const, percentBp: 1000 + rule.priority * 500 } }));
        const book = { ...i.book, rules };
        const lines = i.tab.lines.map((line, k) => ({ ...line, orderedAt: moments[k] }));
        const together = run({ ...i, book, tab: { ...i.tab, lines, serviceCharge: 0 } });
        for (const [k, line] of lines.entries()) {
          const alone = evaluate({ ...i.tab, serviceCharge: 0, lines: [{ ...line, orderedAt: undefined }] }, i.sources, book, moments[k], i.settings);
          expect(together.lines.find((result) => result.lineId === line.id)!.discounts).toEqual(alone.lines[0].discounts);
        }
      }),
    );
  });

  it('gives buy X get Y on the cheapest units in scope, a whole group at a time', () => {
    const coffee = (id: string) => fc.record({ amount: fc.integer({ min: 1, max: 2_000 }), quantity: fc.integer({ min: 1, max: 4 }) }).map(({ amount, quantity }) => ({ id, productId: 'p-coffee', productGroupIds: ['coffee'], tags: [], quantity, amount: amount * quantity, taxAmount: 0, categories: [] }));
    const coffees = fc.integer({ min: 1, max: 6 }).chain((count) => fc.tuple(...Array.from({ length: count }, (_, k) => coffee(`c-${k}`))));
    fc.assert(
      fc.property(coffees, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 }), (lines, buyUnits, getUnits) => {
        const rule: Rule = { id: 'r-bxgy', version: 1, categoryCode: 'A', name: null, priority: 0, stacking: 'stack', effect: { kind: 'buy_x_get_y', buyUnits, getUnits, percentBp: 10_000 }, scope: { productGroupIds: ['coffee'] }, conditions: {} };
        const result = evaluate({ currency: 'EUR', pricesIncludeTax: true, serviceCharge: 0, guestCount: null, lines }, { tab: ['A'], division: [], table: [], personal: [], tier: [] }, { rules: [rule], categories: [{ code: 'A', lineDiscountCapBp: null }] }, now, {
          timeZone: 'UTC',
          discountBase: { includeTax: true, includeServiceCharge: false },
          accrualBase: { includeTax: true, includeServiceCharge: false },
          usage: { identifications: 0, closedTabs: 0, bonusSpent: {} },
          bonusPayments: {},
        });
        const unitPrices = lines.flatMap((line) => Array.from({ length: line.quantity }, () => line.amount / line.quantity)).sort((a, b) => a - b);
        const given = Math.floor(unitPrices.length / (buyUnits + getUnits)) * getUnits;
        expect(result.totals.discount).toBe(unitPrices.slice(0, given).reduce((sum, price) => sum + price, 0));
      }),
    );
  });

  it('never lets bonus pay more of a tab than the tab comes to', () => {
    fc.assert(
      fc.property(input, (i) => {
        const result = run(i);
        for (const cap of result.limits.filter((limit) => limit.kind === 'bonus_payment_cap')) {
          expect(cap.limit).toBeGreaterThanOrEqual(0);
          expect(cap.limit).toBeLessThanOrEqual(result.totals.after);
        }
      }),
    );
  });

  it('explains without changing the price, and never lists a rule that gave a discount', () => {
    fc.assert(
      fc.property(input, (i) => {
        const plain = run(i);
        const { notApplied, ...explained } = run({ ...i, settings: { ...i.settings, explain: true } });
        const { notApplied: unexplained, ...price } = plain;
        expect(unexplained).toEqual([]);
        expect(explained).toEqual(price);
        const gave = new Set(plain.lines.flatMap((line) => line.discounts.map((d) => d.ruleId)));
        for (const item of notApplied) expect(gave.has(item.ruleId)).toBe(false);
        expect(new Set(notApplied.map((item) => item.ruleId)).size).toBe(notApplied.length);
      }),
    );
  });

  it('lets an exclusive rule that applies be the only discount on its lines', () => {
    fc.assert(
      fc.property(input, (i) => {
        for (const line of run(i).lines) {
          if (line.discounts.some((d) => d.stacking === 'exclusive')) expect(line.discounts).toHaveLength(1);
        }
      }),
    );
  });

  it('gives the same answer for the same inputs', () => {
    fc.assert(
      fc.property(input, (i) => {
        expect(run(i)).toEqual(run(structuredClone(i)));
      }),
    );
  });

  it('spreads a tab amount so its parts never add up to more than the amount', () => {
    fc.assert(
      fc.property(input, fc.integer({ min: 1, max: 50_000 }), (i, amount) => {
        const tabRule: Rule = { id: 'r-tab', version: 1, categoryCode: 'A', name: null, priority: 0, stacking: 'stack', effect: { kind: 'amount_off', amount, per: 'tab', currency: 'EUR' }, scope: {}, conditions: {} };
        const result = run({ ...i, sources: { ...i.sources, tab: ['A'] }, book: { ...i.book, rules: [tabRule] } });
        const applied = result.lines.flatMap((line) => line.discounts).reduce((sum, d) => sum + d.amount, 0);
        expect(applied).toBeLessThanOrEqual(amount);
      }),
    );
  });
});
