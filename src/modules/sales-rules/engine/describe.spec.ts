import { jest } from '@jest/globals';
import { describeEffect, reasonFor } from './describe.js';
import type { Effect, Rule } from './types.js';

describe('what a rule does, in words a waiter repeats', () => {
  it.each<[Effect, string]>([
    [{ kind: 'percent_off', percentBp: 1250 }, '12.5% off'],
    [{ kind: 'amount_off', amount: 500, per: 'line', currency: 'EUR' }, '€5.00 off each line'],
    [{ kind: 'amount_off', amount: 45_000, per: 'tab', currency: 'VND' }, '₫45,000 off the tab'],
    [{ kind: 'fixed_price', unitPrice: 100, currency: 'EUR' }, '€1.00 each'],
    [{ kind: 'fixed_price', unitPrice: 1234, currency: 'BHD' }, 'BHD\u00a01.234 each'],
    [{ kind: 'fixed_price', unitPrice: 500, currency: 'JPY' }, '¥500 each'],
    [
      {
        kind: 'bundle_price',
        price: 990,
        currency: 'EUR',
        components: [
          { scope: { productGroupIds: ['burgers'], productIds: ['veggie'] }, units: 2 },
          { scope: { tags: ['side'] }, units: 1 },
          { scope: {}, units: 1 },
        ],
      },
      '2 × burgers/veggie + side + any item for €9.90',
    ],
    [{ kind: 'buy_x_get_y', buyUnits: 2, getUnits: 1, percentBp: 10_000 }, '2+1'],
    [{ kind: 'buy_x_get_y', buyUnits: 3, getUnits: 1, percentBp: 5000 }, 'buy 3, 50% off 1'],
    [{ kind: 'free_units', units: 1 }, '1 free'],
    [{ kind: 'points_rate', accountType: 'points', rateBp: 500 }, '5% in points'],
    [{ kind: 'points_multiplier', accountType: 'points', multiplierBp: 20_000 }, '2× points'],
    [{ kind: 'points_per_visit', accountType: 'points', points: 25 }, '25 points a visit'],
    [{ kind: 'points_per_unit', accountType: 'stamps', points: 1 }, '1 stamps each'],
    [{ kind: 'tab_limit', amount: 50_000, currency: 'EUR' }, 'tab limit €500.00'],
    [{ kind: 'daily_operations_limit', operation: 'closed_tabs', count: 3 }, '3 closed tabs a day'],
    [{ kind: 'daily_bonus_spend_limit', accountType: 'bonus', amount: 2000 }, '2000 of bonus a day'],
    [{ kind: 'bonus_payment_cap', accountType: 'bonus', maxShareBp: 7000 }, 'bonus pays at most 70%'],
    [{ kind: 'issue_coupon', categoryCode: 'NEXT10', validDays: 30 }, 'a NEXT10 coupon for 30 days'],
  ])('%j reads “%s”', (effect, words) => {
    expect(describeEffect(effect)).toBe(words);
  });

  it('makes one number format per currency, however many rules it words', () => {
    describeEffect({ kind: 'tab_limit', amount: 100, currency: 'CHF' });
    const made = jest.spyOn(Intl, 'NumberFormat');
    try {
      expect(describeEffect({ kind: 'tab_limit', amount: 250, currency: 'CHF' })).toBe('tab limit CHF\u00a02.50');
      expect(made).not.toHaveBeenCalled();
    } finally {
      made.mockRestore();
    }
  });

  it('names a rule by its own name, or by what it does, with its category', () => {
    const rule: Rule = { id: 'r-1', version: 1, categoryCode: 'HAPPY', name: 'Happy hour', priority: 0, stacking: 'stack', effect: { kind: 'percent_off', percentBp: 2000 }, scope: {}, conditions: {} };
    expect(reasonFor(rule)).toBe('Happy hour (HAPPY)');
    expect(reasonFor({ ...rule, name: null })).toBe('20% off (HAPPY)');
  });
});
