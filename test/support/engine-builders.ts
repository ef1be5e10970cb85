import type { Base, CategoriesBySource, Category, Effect, EvaluationSettings, Rule, Tab, TabLine } from '../../src/modules/sales-rules/engine/types.js';

/** Small builders for the engine's specs: a restaurant's story in a few lines. */

export const PRE_TAX: Base = { includeTax: false, includeServiceCharge: false };

export function line(id: string, amount: number, fields: Partial<TabLine> = {}): TabLine {
  return { id, productId: `p-${id}`, productGroupIds: [], tags: [], quantity: 1, amount, taxAmount: 0, categories: [], ...fields };
}

export function tab(lines: TabLine[], fields: Partial<Tab> = {}): Tab {
  return { currency: 'EUR', pricesIncludeTax: true, serviceCharge: 0, guestCount: 2, lines, ...fields };
}

let sequence = 0;
export function rule(categoryCode: string, effect: Effect, fields: Partial<Rule> = {}): Rule {
  sequence += 1;
  return {
    id: `r-${String(sequence).padStart(4, '0')}`,
    version: 1,
    categoryCode,
    name: null,
    priority: 100,
    stacking: 'stack',
    effect,
    scope: {},
    conditions: {},
    ...fields,
  };
}

export const percentOff = (percentBp: number): Effect => ({ kind: 'percent_off', percentBp });

export function categories(codes: string[], caps: Record<string, number> = {}): Category[] {
  return codes.map((code) => ({ code, lineDiscountCapBp: caps[code] ?? null }));
}

export function sources(fields: Partial<CategoriesBySource> = {}): CategoriesBySource {
  return { tab: [], division: [], table: [], personal: [], tier: [], ...fields };
}

export function settings(fields: Partial<EvaluationSettings> = {}): EvaluationSettings {
  return {
    timeZone: 'UTC',
    discountBase: PRE_TAX,
    accrualBase: PRE_TAX,
    usage: { identifications: 0, closedTabs: 0, bonusSpent: {} },
    bonusPayments: {},
    ...fields,
  };
}
