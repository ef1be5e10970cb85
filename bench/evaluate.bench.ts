import { evaluate, type RuleBook } from '../src/modules/sales-rules/engine/evaluate.js';
import type { CategoriesBySource, Effect, EvaluationSettings, Rule, Stacking, Tab } from '../src/modules/sales-rules/engine/types.js';
import type { BenchResult } from './support/result.js';
import { repeat } from './support/stats.js';

export interface EvaluateParams {
  lines: number;
  categories: number;
  rules: number;
  /** Evaluations per timed round. */
  iterations: number;
  warmups: number;
  repeats: number;
}

export const EVALUATE_DEFAULTS: EvaluateParams = { lines: 50, categories: 10, rules: 40, iterations: 5_000, warmups: 2, repeats: 7 };

const GROUPS = ['drinks', 'wine', 'beer', 'coffee', 'food', 'mains', 'desserts', 'salads'];
const TAGS = ['alcohol', 'vegan', 'spicy', 'kids'];

/** A busy banquet tab: `lines` items across groups, tags and orders, with tax and service. */
function banquet(lines: number, codes: string[]): { tab: Tab; snapshotJson: string } {
  const items = Array.from({ length: lines }, (_, i) => ({
    id: `l-${String(i).padStart(3, '0')}`,
    productId: `p-${i % 17}`,
    productGroupIds: [GROUPS[i % GROUPS.length], GROUPS[(i * 3) % GROUPS.length]],
    tags: i % 3 === 0 ? [TAGS[i % TAGS.length]] : [],
    name: `Dish number ${i}`,
    quantity: i % 5 === 0 ? 2 : 1,
    amount: 800 + ((i * 379) % 4200),
    taxAmount: 120 + ((i * 37) % 300),
    categories: i % 7 === 0 ? [codes[i % codes.length]] : [],
  }));
  const tab: Tab = { currency: 'EUR', pricesIncludeTax: true, serviceCharge: 1500, guestCount: 12, lines: items };
  const snapshot = {
    id: 'tab-banquet',
    version: 14,
    status: 'open',
    openedAt: '2026-11-20T18:00:00Z',
    closedAt: null,
    currency: 'EUR',
    pricesIncludeTax: true,
    divisionId: 'hall-1',
    tableId: 't-12',
    guestCount: 12,
    waiterId: 'u-17',
    customer: { identifier: { type: 'barcode_card', value: '2000012345678', entryMethod: 'scan' } },
    categories: { tab: [codes[0]], division: [codes[1]], table: [] },
    orders: [{ id: 'o-1', categories: [], items: items.map(({ categories, ...item }) => ({ ...item, categories })) }],
    serviceCharge: 1500,
    payments: [],
  };
  return { tab, snapshotJson: JSON.stringify(snapshot) };
}

function rules(count: number, codes: string[]): Rule[] {
  const stackings: Stacking[] = ['stack', 'best', 'stack', 'exclusive', 'stack'];
  const effects = (i: number): Effect =>
    [
      { kind: 'percent_off', percentBp: 300 + (i % 10) * 100 } as const,
      { kind: 'amount_off', amount: 200 + i * 10, per: i % 2 === 0 ? 'line' : 'tab', currency: 'EUR' } as const,
      { kind: 'points_rate', accountType: 'points', rateBp: 300 + i * 10 } as const,
      { kind: 'fixed_price', unitPrice: 500, currency: 'EUR' } as const,
      { kind: 'points_multiplier', accountType: 'points', multiplierBp: 15_000 } as const,
    ][i % 5];
  return Array.from({ length: count }, (_, i) => ({
    id: `sr-${String(i).padStart(3, '0')}`,
    version: 1 + (i % 3),
    categoryCode: codes[i % codes.length],
    name: `Rule ${i}`,
    priority: i % 7,
    stacking: stackings[i % stackings.length],
    effect: effects(i),
    scope: i % 3 === 0 ? {} : { productGroupIds: [GROUPS[i % GROUPS.length]], exclude: { tags: [TAGS[i % TAGS.length]] } },
    conditions: i % 4 === 0 ? { daysOfWeek: [1, 2, 3, 4, 5, 6, 7], timeFrom: '17:00', timeTo: '23:00' } : i % 4 === 1 ? { minTabAmount: 10_000 } : {},
  }));
}

/** The engine on a banquet tab beside the JSON.parse a request of that tab costs anyway. */
export async function evaluateBenchmark(params: EvaluateParams = EVALUATE_DEFAULTS): Promise<BenchResult> {
  const codes = Array.from({ length: params.categories }, (_, i) => `CAT${i}`);
  const { tab, snapshotJson } = banquet(params.lines, codes);
  const book: RuleBook = { rules: rules(params.rules, codes), categories: codes.map((code) => ({ code, lineDiscountCapBp: null })) };
  const sources: CategoriesBySource = { tab: [codes[0]], division: [codes[1]], table: [], personal: codes.slice(2, 6), tier: codes.slice(6, 8) };
  const settings: EvaluationSettings = {
    timeZone: 'Europe/Stockholm',
    discountBase: { includeTax: false, includeServiceCharge: false },
    accrualBase: { includeTax: false, includeServiceCharge: false },
    usage: { identifications: 1, closedTabs: 0, bonusSpent: {} },
    bonusPayments: {},
  };
  const at = new Date('2026-11-20T18:30:00Z');
  const sample = evaluate(tab, sources, book, at, settings);
  let sink = 0;
  const microsPer = async (work: () => number) => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < params.iterations; i++) sink += work();
    return Number(process.hrtime.bigint() - started) / 1e3 / params.iterations;
  };
  const engine = await repeat(() => microsPer(() => evaluate(tab, sources, book, at, settings).totals.discount), params);
  const parse = await repeat(() => microsPer(() => (JSON.parse(snapshotJson) as { orders: unknown[] }).orders.length), params);
  if (sink < 0) throw new Error('unreachable');
  const ratioPercent = (engine.median / parse.median) * 100;
  return {
    name: 'evaluate',
    what: `sales-rules engine on a ${params.lines}-line tab, ${params.categories} categories, ${params.rules} rules`,
    figure: { ...engine, unit: 'µs/tab' },
    reference: { ...parse, unit: 'µs/parse', what: `JSON.parse of the same tab (${snapshotJson.length} bytes)` },
    ratioPercent,
    target: 'engine ≤ 1× the parse time; well under 1 ms',
    met: engine.median <= parse.median && engine.median < 1000,
    details: { discount: sample.totals.discount, discountedLines: sample.lines.filter((line) => line.discountTotal > 0).length },
  };
}
