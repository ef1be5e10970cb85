import fc from 'fast-check';
import { canSpend, expiryOf, takeFromLots } from './purse.js';

describe('the purse’s arithmetic', () => {
  it('spends down to zero, or down to the credit limit of a credit account', () => {
    expect(canSpend({ total: 1000, held: 300 }, 700, { allowNegative: false, creditLimit: 0 })).toBe(true);
    expect(canSpend({ total: 1000, held: 300 }, 701, { allowNegative: false, creditLimit: 0 })).toBe(false);
    expect(canSpend({ total: 0, held: 0 }, 50_000, { allowNegative: true, creditLimit: 50_000 })).toBe(true);
    expect(canSpend({ total: 0, held: 0 }, 50_001, { allowNegative: true, creditLimit: 50_000 })).toBe(false);
  });

  it('takes from the lots that expire first, then the oldest, and lots that never expire last', () => {
    const lots = [
      { id: 'lot-3', remaining: 100, expiresAt: null },
      { id: 'lot-2', remaining: 100, expiresAt: new Date('2027-03-01') },
      { id: 'lot-1', remaining: 100, expiresAt: new Date('2027-01-01') },
    ];
    expect(takeFromLots(lots, 250)).toEqual([
      { lotId: 'lot-1', take: 100 },
      { lotId: 'lot-2', take: 100 },
      { lotId: 'lot-3', take: 50 },
    ]);
  });

  it('never takes more from a lot than is left, nor more than asked', () => {
    const lotsArb = fc.array(
      fc.record({ id: fc.uuid(), remaining: fc.integer({ min: 0, max: 10_000 }), expiresAt: fc.option(fc.date({ noInvalidDate: true }), { nil: null }) }),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(lotsArb, fc.integer({ min: 0, max: 100_000 }), (lots, amount) => {
        const takes = takeFromLots(lots, amount);
        const taken = takes.reduce((sum, take) => sum + take.take, 0);
        expect(taken).toBe(Math.min(amount, lots.reduce((sum, lot) => sum + lot.remaining, 0)));
        for (const take of takes) expect(take.take).toBeLessThanOrEqual(lots.find((lot) => lot.id === take.lotId)!.remaining);
        expect(takes.every((take) => take.take > 0)).toBe(true);
      }),
    );
  });

  it('expires credits by the restaurant’s calendar', () => {
    const at = new Date('2026-11-23T22:30:00Z'); // already the 24th in Moscow
    expect(expiryOf({ kind: 'never' }, at, 'Europe/Moscow')).toBeNull();
    expect(expiryOf({ kind: 'days_after_credit', days: 30 }, at, 'Europe/Moscow')?.toISOString()).toBe('2026-12-24T21:00:00.000Z');
    expect(expiryOf({ kind: 'end_of_period', period: 'month' }, at, 'Europe/Moscow')?.toISOString()).toBe('2026-11-30T21:00:00.000Z');
    expect(expiryOf({ kind: 'end_of_period', period: 'quarter' }, at, 'UTC')?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(expiryOf({ kind: 'end_of_period', period: 'year' }, new Date('2026-06-15T12:00:00Z'), 'Europe/Stockholm')?.toISOString()).toBe('2026-12-31T23:00:00.000Z');
  });
});
