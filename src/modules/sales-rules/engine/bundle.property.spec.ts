import fc from 'fast-check';
import { evaluate } from './evaluate.js';
import type { BundleComponent, CategoriesBySource, Effect, EvaluationSettings, Rule, Stacking, Tab, TabLine } from './types.js';

const now = new Date('2026-11-18T12:00:00Z');
const GROUPS = ['burgers', 'fries', 'drinks', 'desserts'];
const TAGS = ['vegan', 'spicy', 'kids'];

const gross = { includeTax: true, includeServiceCharge: false };
const run: EvaluationSettings = { timeZone: 'UTC', discountBase: gross, accrualBase: gross, usage: { identifications: 0, closedTabs: 0, bonusSpent: {} }, bonusPayments: {} };
const sources: CategoriesBySource = { tab: ['A', 'B'], division: [], table: [], personal: [], tier: [] };
const book = (rules: Rule[]) => ({ rules, categories: [{ code: 'A', lineDiscountCapBp: null }, { code: 'B', lineDiscountCapBp: null }] });
const priced = (lines: TabLine[], rules: Rule[], settings = run) =>
  evaluate({ currency: 'EUR', pricesIncludeTax: true, serviceCharge: 0, guestCount: null, lines } satisfies Tab, sources, book(rules), now, settings);

const bundleRule = (effect: Effect, stacking: Stacking = 'stack', id = 'r-bundle'): Rule => ({ id, version: 1, categoryCode: 'A', name: null, priority: 0, stacking, effect, scope: {}, conditions: {} });
const bundle = (price: number, components: BundleComponent[]): Effect => ({ kind: 'bundle_price', price, currency: 'EUR', components });

/** Lines of one group each at a whole price per unit, so what a set costs is exact. */
const groupLines = fc
  .array(fc.record({ group: fc.constantFrom(...GROUPS), unitPrice: fc.integer({ min: 0, max: 2_000 }), quantity: fc.integer({ min: 1, max: 4 }) }), { minLength: 0, maxLength: 12 })
  .map((specs) =>
    specs.map(({ group, unitPrice, quantity }, i): TabLine => ({
      id: `l-${String(i).padStart(2, '0')}`,
      productId: `p-${group}`,
      productGroupIds: [group],
      tags: [],
      quantity,
      amount: unitPrice * quantity,
      taxAmount: 0,
      categories: [],
    })),
  );

/** A bundle of 2–4 distinct groups, each asking 1–3 units. */
const groupBundle = fc.record({
  groups: fc.shuffledSubarray(GROUPS, { minLength: 2, maxLength: 4 }),
  units: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 4, maxLength: 4 }),
  price: fc.integer({ min: 0, max: 5_000 }),
});
const componentsOf = ({ groups, units }: { groups: string[]; units: number[] }): BundleComponent[] => groups.map((group, c) => ({ scope: { productGroupIds: [group] }, units: units[c] }));

/** The guest's saving the issue asks for, worked out unit by unit: dearest units first, set by set, until a set costs the price or less. */
function expectedSaving(lines: TabLine[], components: BundleComponent[], price: number): number {
  const unitPrices = components.map((component) =>
    lines
      .filter((line) => line.productGroupIds.includes(component.scope.productGroupIds![0]))
      .flatMap((line) => Array.from({ length: line.quantity }, () => line.amount / line.quantity))
      .sort((a, b) => b - a),
  );
  const sets = Math.min(...components.map((component, c) => Math.floor(unitPrices[c].length / component.units)));
  let saving = 0;
  for (let k = 0; k < sets; k++) {
    const cost = components.reduce((sum, component, c) => sum + unitPrices[c].slice(k * component.units, (k + 1) * component.units).reduce((a, b) => a + b, 0), 0);
    if (cost <= price) break;
    saving += cost - price;
  }
  return saving;
}

/** Lines with tags that make a line fit several components, one or two units each. */
const taggedLines = fc
  .array(fc.record({ tags: fc.subarray(TAGS, { minLength: 1 }), unitPrice: fc.integer({ min: 1, max: 1_000 }), quantity: fc.integer({ min: 1, max: 2 }) }), { minLength: 1, maxLength: 4 })
  .map((specs) => specs.map(({ tags, unitPrice, quantity }, i): TabLine => ({ id: `t-${i}`, productId: `p-${i}`, productGroupIds: [], tags, quantity, amount: unitPrice * quantity, taxAmount: 0, categories: [] })))
  .filter((lines) => lines.reduce((sum, line) => sum + line.quantity, 0) <= 6);
const taggedComponents = fc.array(fc.record({ scope: fc.record({ tags: fc.subarray(TAGS, { minLength: 1, maxLength: 2 }) }), units: fc.integer({ min: 1, max: 2 }) }), { minLength: 2, maxLength: 3 });

/**
 * Every way to give each unit to one component it fits, or to none: the most complete sets,
 * the most the units filling that many sets cost, and the most units one set can hold.
 */
function bruteForce(lines: TabLine[], components: BundleComponent[]): { sets: number; dearest: number; oneSet: number } {
  const units = lines.flatMap((line) => Array.from({ length: line.quantity }, () => ({ price: line.amount / line.quantity, fits: components.map((c) => c.scope.tags!.some((tag) => line.tags.includes(tag))) })));
  let best = { sets: 0, dearest: 0, oneSet: 0 };
  const counts = components.map(() => 0);
  const walk = (i: number, cost: number): void => {
    if (i === units.length) {
      const sets = Math.min(...components.map((component, c) => Math.floor(counts[c] / component.units)));
      const exact = components.every((component, c) => counts[c] === sets * component.units);
      const oneSet = components.every((component, c) => counts[c] <= component.units) ? counts.reduce((a, b) => a + b, 0) : 0;
      best = { sets: Math.max(best.sets, sets), dearest: exact && sets > best.sets ? cost : exact && sets === best.sets ? Math.max(best.dearest, cost) : best.dearest, oneSet: Math.max(best.oneSet, oneSet) };
      return;
    }
    walk(i + 1, cost);
    components.forEach((_, c) => {
      if (!units[i].fits[c]) return;
      counts[c] += 1;
      walk(i + 1, cost + units[i].price);
      counts[c] -= 1;
    });
  };
  walk(0, 0);
  return best;
}

describe('a bundle at a fixed price, for any tab', () => {
  it('is fed tabs where sets are made and where they are not', () => {
    const samples = fc.sample(fc.tuple(groupLines, groupBundle), { numRuns: 300, seed: 7 }).map(([lines, b]) => expectedSaving(lines, componentsOf(b), b.price));
    expect(samples.filter((saving) => saving > 0).length).toBeGreaterThan(30);
    expect(samples.filter((saving) => saving === 0).length).toBeGreaterThan(30);
  });

  it('takes off exactly Σ (what a set’s units cost − the price) over the sets formed, dearest units first', () => {
    fc.assert(
      fc.property(groupLines, groupBundle, (lines, b) => {
        const components = componentsOf(b);
        expect(priced(lines, [bundleRule(bundle(b.price, components))]).totals.discount).toBe(expectedSaving(lines, components, b.price));
      }),
    );
  });

  it('gives nothing to a tab one unit short of a set', () => {
    fc.assert(
      fc.property(groupLines, groupBundle, fc.nat(), (lines, b, pick) => {
        const components = componentsOf(b);
        // Of one component, keep a unit fewer than a set asks: the others may have plenty.
        const short = components[pick % components.length];
        const shortGroup = short.scope.productGroupIds![0];
        const kept: TabLine[] = [];
        let left = short.units - 1;
        for (const line of lines) {
          if (!line.productGroupIds.includes(shortGroup)) kept.push(line);
          else if (left > 0) {
            const quantity = Math.min(left, line.quantity);
            kept.push({ ...line, quantity, amount: (line.amount / line.quantity) * quantity });
            left -= quantity;
          }
        }
        const result = priced(kept, [bundleRule(bundle(b.price, components))], { ...run, explain: true });
        expect(result.totals.discount).toBe(0);
        if (kept.some((line) => components.some((c) => line.productGroupIds.includes(c.scope.productGroupIds![0])))) {
          expect(result.notApplied).toEqual([expect.objectContaining({ reason: 'needs_more_units' })]);
        }
      }),
    );
  });

  it('never makes the guest pay more, alone or added to other rules, whatever its stacking', () => {
    const other: fc.Arbitrary<Effect> = fc.oneof(
      fc.record({ kind: fc.constant('percent_off' as const), percentBp: fc.integer({ min: 1, max: 10_000 }) }),
      fc.record({ kind: fc.constant('amount_off' as const), amount: fc.integer({ min: 1, max: 3_000 }), per: fc.constantFrom('line' as const, 'tab' as const), currency: fc.constant('EUR') }),
      fc.record({ kind: fc.constant('buy_x_get_y' as const), buyUnits: fc.integer({ min: 1, max: 2 }), getUnits: fc.constant(1), percentBp: fc.constant(10_000) }),
    );
    const others = fc.array(fc.record({ effect: other, stacking: fc.constantFrom<Stacking>('exclusive', 'best', 'stack'), code: fc.constantFrom('A', 'B') }), { maxLength: 3 });
    fc.assert(
      fc.property(groupLines, groupBundle, others, fc.constantFrom<Stacking>('exclusive', 'best', 'stack'), (lines, b, extra, stacking) => {
        const rules = extra.map(({ effect, stacking, code }, i): Rule => ({ ...bundleRule(effect, stacking, `r-${i}`), categoryCode: code }));
        const without = priced(lines, rules);
        const alone = priced(lines, [bundleRule(bundle(b.price, componentsOf(b)), stacking)]);
        expect(alone.totals.after).toBeLessThanOrEqual(alone.totals.before);
        for (const line of alone.lines) expect(line.amountAfter).toBeGreaterThanOrEqual(0);
        if (stacking === 'stack') {
          const withBundle = priced(lines, [...rules, bundleRule(bundle(b.price, componentsOf(b)), 'stack')]);
          expect(withBundle.totals.after).toBeLessThanOrEqual(without.totals.after);
        }
      }),
    );
  });

  it('does not depend on the order of the lines', () => {
    fc.assert(
      fc.property(groupLines, groupBundle, fc.func(fc.integer()), (lines, b, order) => {
        const shuffled = lines.map((line, k) => ({ line, key: order(k) })).sort((x, y) => x.key - y.key).map(({ line }) => line);
        const rules = [bundleRule(bundle(b.price, componentsOf(b)))];
        expect(priced(shuffled, rules)).toEqual(priced(lines, rules));
      }),
    );
  });

  it('counts a unit that fits several components once, making the most sets of the dearest units', () => {
    fc.assert(
      fc.property(taggedLines, taggedComponents, (lines, components) => {
        // At a price of 0 every set saves what its units cost: the saving is what the units used cost.
        const result = priced(lines, [bundleRule(bundle(0, components))], { ...run, explain: true });
        const best = bruteForce(lines, components);
        expect(result.totals.discount).toBe(best.sets > 0 ? best.dearest : 0);
        const needed = components.reduce((sum, c) => sum + c.units, 0);
        const why = best.oneSet === 0 ? { reason: 'no_line_in_scope' } : { reason: 'needs_more_units', minimum: needed, missing: needed - best.oneSet };
        expect(result.notApplied).toEqual(best.sets > 0 ? [] : [expect.objectContaining(why)]);
      }),
    );
  });

  it('counts whole units only, and spreads a set’s saving over its lines without going below zero', () => {
    const lines = fc
      .array(fc.record({ group: fc.constantFrom(...GROUPS), amount: fc.integer({ min: 0, max: 5_000 }), quantity: fc.constantFrom(0.5, 1, 1.5, 2.25, 3, 0.333) }), { maxLength: 10 })
      .map((specs) => specs.map(({ group, amount, quantity }, i): TabLine => ({ id: `f-${i}`, productId: `p-${group}`, productGroupIds: [group], tags: [], quantity, amount, taxAmount: 0, categories: [] })));
    fc.assert(
      fc.property(lines, groupBundle, (tabLines, b) => {
        const components = componentsOf(b);
        const result = priced(tabLines, [bundleRule(bundle(b.price, components))]);
        for (const line of result.lines) {
          expect(line.discountTotal).toBeGreaterThanOrEqual(0);
          expect(line.amountAfter).toBeGreaterThanOrEqual(0);
        }
        const whole = tabLines.map((line) => ({ ...line, quantity: Math.floor(line.quantity) })).filter((line) => line.quantity > 0);
        const sets = Math.min(...components.map((c) => whole.filter((line) => line.productGroupIds.includes(c.scope.productGroupIds![0])).reduce((sum, line) => sum + line.quantity, 0) / c.units).map(Math.floor));
        if (sets === 0) expect(result.totals.discount).toBe(0);
      }),
    );
  });
});
