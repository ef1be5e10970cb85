import { jest } from '@jest/globals';
import { categories, line, percentOff, rule, settings, sources, tab } from '../../../../test/support/engine-builders.js';
import { accrualOnMoneyPaid, basisPoints, mulDivHalfUp, prorate } from './amounts.js';
import { evaluate } from './evaluate.js';
import { localTime, minutesOf, previousDay } from './local-time.js';
import { indexLines, scopeReach, tabConditionsMiss, timeMiss } from './matching.js';
import type { Conditions, Effect } from './types.js';

/** The engine's small arithmetic and calendar, at the edges where a wrong sign or bound would go unseen. */
describe('the engine at its edges', () => {
  describe('money arithmetic', () => {
    it('rounds half up in minor units, exactly past 2^53', () => {
      expect([mulDivHalfUp(5, 1, 2), mulDivHalfUp(7, 1, 2), mulDivHalfUp(1, 1, 3), mulDivHalfUp(2, 1, 3)]).toEqual([3, 4, 0, 1]);
      expect(mulDivHalfUp(2 ** 52 + 1, 3, 2)).toBe(Number((BigInt(2 ** 52 + 1) * 3n * 2n + 2n) / 4n));
      expect(basisPoints(12_345, 1000)).toBe(1235);
      // Where the product passes 2^53, doubles would round it: 1,858,486,316,157 instead of …156.
      expect(mulDivHalfUp(199_805_818_844, 5_855_931, 629_571)).toBe(1_858_486_316_156);
    });

    it('spreads a total by the largest remainders, ties to the earlier key, a zero-weight total to the first', () => {
      expect([...prorate(10, [{ key: 'a', weight: 1 }, { key: 'b', weight: 2 }])]).toEqual([['a', 3], ['b', 7]]);
      expect([...prorate(2, [{ key: 'c', weight: 1 }, { key: 'a', weight: 1 }, { key: 'b', weight: 1 }])]).toEqual([['c', 0], ['a', 1], ['b', 1]]);
      expect([...prorate(5, [{ key: 'x', weight: 0 }, { key: 'y', weight: 0 }])]).toEqual([['x', 5], ['y', 0]]);
      expect([...prorate(100, [{ key: 'a', weight: 1 }, { key: 'b', weight: 1 }, { key: 'c', weight: 1 }])]).toEqual([['a', 34], ['b', 33], ['c', 33]]);
      expect(prorate(7, []).size).toBe(0);
      expect([...prorate(1, [{ key: 'c', weight: 1 }, { key: 'a', weight: 1 }, { key: 'b', weight: 1 }])]).toEqual([['c', 0], ['a', 1], ['b', 0]]);
      expect([...prorate(1, [{ key: 'a', weight: 1 }, { key: 'c', weight: 1 }, { key: 'b', weight: 1 }])]).toEqual([['a', 1], ['c', 0], ['b', 0]]);
      expect([...prorate(9, [{ key: 'a', weight: 3 }, { key: 'b', weight: 3 }, { key: 'c', weight: 3 }])]).toEqual([['a', 3], ['b', 3], ['c', 3]]);
    });

    it('accrues on the money part of a bill paid partly with bonus, unless told to accrue on bonus too', () => {
      expect(accrualOnMoneyPaid(100, 1000, 250, false)).toBe(75);
      expect(accrualOnMoneyPaid(100, 1000, 250, true)).toBe(100);
      expect(accrualOnMoneyPaid(100, 1000, 0, false)).toBe(100);
      expect(accrualOnMoneyPaid(100, 0, 250, false)).toBe(100);
      expect(accrualOnMoneyPaid(100, 1000, 1200, false)).toBe(0);
      expect(accrualOnMoneyPaid(100, 1000, -250, false)).toBe(100);
    });
  });

  describe('the restaurant’s calendar', () => {
    it('reads local day, weekday and minutes in the tenant’s zone', () => {
      expect(localTime(new Date('2026-11-22T23:30:00Z'), 'Europe/Stockholm')).toEqual({ date: '2026-11-23', weekday: 1, minutes: 30 });
      expect(localTime(new Date('2026-11-22T23:30:00Z'), 'Asia/Ho_Chi_Minh')).toEqual({ date: '2026-11-23', weekday: 1, minutes: 6 * 60 + 30 });
    });

    it('asks Intl once per zone, and once per minute: evaluations in the same minute share the answer', () => {
      const zone = 'America/Lima';
      localTime(new Date('2026-06-01T12:00:00Z'), zone);
      const made = jest.spyOn(Intl, 'DateTimeFormat');
      try {
        const first = localTime(new Date('2026-06-01T12:05:10Z'), zone);
        expect(localTime(new Date('2026-06-01T12:05:50Z'), zone)).toBe(first);
        expect(localTime(new Date('2026-06-01T12:06:00Z'), zone)).toEqual({ date: '2026-06-01', weekday: 1, minutes: 7 * 60 + 6 });
        expect(made).not.toHaveBeenCalled();
      } finally {
        made.mockRestore();
      }
    });

    it('steps back a day across a month and a week', () => {
      expect(previousDay({ date: '2026-03-01', weekday: 7, minutes: 60 })).toEqual({ date: '2026-02-28', weekday: 6, minutes: 60 });
      expect(previousDay({ date: '2026-11-23', weekday: 1, minutes: 5 })).toEqual({ date: '2026-11-22', weekday: 7, minutes: 5 });
    });

    it('reads HH:MM to the minute', () => {
      expect([minutesOf('00:00'), minutesOf('17:30'), minutesOf('23:59')]).toEqual([0, 1050, 1439]);
    });
  });

  describe('scopes and conditions', () => {
    const lines = [
      line('a', 100, { productId: 'cola', productGroupIds: ['drinks'], tags: ['soft'] }),
      line('b', 100, { productId: 'wine', productGroupIds: ['drinks', 'wine'], tags: ['alcohol'] }),
      line('c', 100, { productId: 'soup', productGroupIds: ['food'], tags: [] }),
    ];
    const index = indexLines(lines);

    it('reaches every line without inclusions, the included ones with, and never an excluded one', () => {
      expect(scopeReach({}, index)).toEqual([true, true, true]);
      expect(scopeReach({ productGroupIds: ['drinks'] }, index)).toEqual([true, true, false]);
      expect(scopeReach({ productIds: ['soup'], tags: ['soft'] }, index)).toEqual([true, false, true]);
      expect(scopeReach({ exclude: { productGroupIds: ['wine'] } }, index)).toEqual([true, false, true]);
      expect(scopeReach({ exclude: { productIds: ['cola'] } }, index)).toEqual([false, true, true]);
      expect(scopeReach({ productGroupIds: ['drinks'], exclude: { tags: ['alcohol'] } }, index)).toEqual([true, false, false]);
      expect(scopeReach({ productIds: ['bread'], exclude: { tags: ['none'] } }, index)).toEqual([false, false, false]);
    });

    it('names the bound a tab misses, with the figure missing', () => {
      const facts = { grossTotal: 1000, guestCount: 2 };
      expect(tabConditionsMiss({}, facts, 1)).toBeNull();
      expect(tabConditionsMiss({}, { grossTotal: -5000, guestCount: null }, -3)).toBeNull();
      expect(tabConditionsMiss({ minTabAmount: 1420 }, facts, 1)).toEqual({ reason: 'below_minimum_tab', minimum: 1420, missing: 420 });
      expect(tabConditionsMiss({ minQuantity: 2.5 }, facts, 1.25)).toEqual({ reason: 'needs_more_units', minimum: 2.5, missing: 1.25 });
      expect(tabConditionsMiss({ minGuests: 4 }, facts, 1)).toEqual({ reason: 'too_few_guests', minimum: 4 });
      expect(tabConditionsMiss({ minGuests: 1 }, { grossTotal: 1000, guestCount: null }, 1)).toEqual({ reason: 'too_few_guests', minimum: 1 });
      expect(tabConditionsMiss({ maxGuests: 1 }, facts, 1)).toEqual({ reason: 'too_many_guests', maximum: 1 });
    });

    it('names the days, hours and dates a moment misses', () => {
      const monday = { date: '2026-11-23', weekday: 1, minutes: 12 * 60 };
      expect(timeMiss({ timeFrom: '17:00', timeTo: '19:00' }, monday)).toEqual({ reason: 'outside_hours', from: '17:00', to: '19:00' });
      expect(timeMiss({ daysOfWeek: [5, 6] }, monday)).toEqual({ reason: 'wrong_day', daysOfWeek: [5, 6] });
      expect(timeMiss({ dateFrom: '2026-12-01' }, monday)).toEqual({ reason: 'outside_dates', from: '2026-12-01', to: undefined });
      expect(timeMiss({ dateTo: '2026-11-22' }, monday)).toEqual({ reason: 'outside_dates', from: undefined, to: '2026-11-22' });
      expect(timeMiss({ daysOfWeek: [], dateFrom: '2026-11-23', dateTo: '2026-11-23' }, monday)).toBeNull();
    });
  });

  describe('limits at their bounds', () => {
    const limits = (effects: Effect[], amount: number, usage: { identifications: number; closedTabs: number }) =>
      evaluate(
        tab([line('l', amount)]),
        sources({ tab: ['L'] }),
        { rules: effects.map((effect) => rule('L', effect)), categories: categories(['L']) },
        new Date('2026-11-18T12:00:00Z'),
        settings({ usage: { ...usage, bonusSpent: {} } }),
      ).limits.map(({ kind, subject, limit, used, left, broken }) => ({ kind, subject, limit, used, left, broken }));
    const tabLimit = (amount: number): Effect => ({ kind: 'tab_limit', amount, currency: 'EUR' });
    const daily = (operation: 'identifications' | 'closed_tabs', count: number): Effect => ({ kind: 'daily_operations_limit', operation, count });

    it('breaks a tab limit only above it, and keeps the strictest of two', () => {
      expect(limits([tabLimit(1500), tabLimit(1000)], 1000, { identifications: 0, closedTabs: 0 })).toEqual([{ kind: 'tab_limit', subject: null, limit: 1000, used: 1000, left: 0, broken: false }]);
      expect(limits([tabLimit(1000), tabLimit(1500)], 1001, { identifications: 0, closedTabs: 0 })).toEqual([{ kind: 'tab_limit', subject: null, limit: 1000, used: 1001, left: -1, broken: true }]);
    });

    it('counts identifications as done and this close as still to come, each operation apart, in order', () => {
      expect(limits([tabLimit(5000), daily('identifications', 3), daily('closed_tabs', 3)], 1000, { identifications: 3, closedTabs: 2 })).toEqual([
        { kind: 'daily_operations_limit', subject: 'closed_tabs', limit: 3, used: 2, left: 1, broken: false },
        { kind: 'daily_operations_limit', subject: 'identifications', limit: 3, used: 3, left: 0, broken: false },
        { kind: 'tab_limit', subject: null, limit: 5000, used: 1000, left: 4000, broken: false },
      ]);
      expect(limits([daily('closed_tabs', 3), daily('identifications', 3)], 1000, { identifications: 4, closedTabs: 3 }).map(({ subject, broken }) => [subject, broken])).toEqual([
        ['closed_tabs', true],
        ['identifications', true],
      ]);
    });
  });

  describe('windows of days and hours', () => {
    const applies = (conditions: Conditions, at: string) =>
      evaluate(tab([line('l', 1000)]), sources({ tab: ['W'] }), { rules: [rule('W', percentOff(1000), { conditions })], categories: categories(['W']) }, new Date(at), settings()).totals.discount > 0;

    it('opens and closes on the minute of its bounds', () => {
      const window = { timeFrom: '17:30', timeTo: '18:15' };
      expect([applies(window, '2026-11-18T17:29:00Z'), applies(window, '2026-11-18T17:30:00Z'), applies(window, '2026-11-18T18:14:00Z'), applies(window, '2026-11-18T18:15:00Z')]).toEqual([false, true, true, false]);
    });

    it('counts the small hours of a window across midnight as the night before, for its days and dates', () => {
      const fridayNights = { timeFrom: '22:00', timeTo: '02:00', daysOfWeek: [5] };
      expect(applies(fridayNights, '2026-11-21T01:00:00Z')).toBe(true); // Saturday 01:00
      expect(applies(fridayNights, '2026-11-20T23:00:00Z')).toBe(true); // Friday 23:00
      expect(applies(fridayNights, '2026-11-21T23:00:00Z')).toBe(false); // Saturday 23:00
      expect(applies(fridayNights, '2026-11-21T02:00:00Z')).toBe(false); // Saturday 02:00: over
      expect(applies({ timeFrom: '22:00', timeTo: '02:00', dateTo: '2026-02-28' }, '2026-03-01T01:00:00Z')).toBe(true);
      expect(applies({ timeFrom: '22:00', timeTo: '02:00', dateFrom: '2026-03-01' }, '2026-03-01T01:00:00Z')).toBe(false);
    });

    it('opens a window across midnight on the minute it begins', () => {
      const nights = { timeFrom: '22:00', timeTo: '02:00' };
      expect([applies(nights, '2026-11-20T21:59:00Z'), applies(nights, '2026-11-20T22:00:00Z')]).toEqual([false, true]);
    });

    it('reads a window that ends where it begins as the whole day, and half a window as none', () => {
      const allDay = { timeFrom: '06:00', timeTo: '06:00' };
      expect([applies(allDay, '2026-11-18T12:00:00Z'), applies(allDay, '2026-11-18T03:00:00Z'), applies(allDay, '2026-11-18T06:00:00Z')]).toEqual([true, true, true]);
      expect([applies({ timeFrom: '17:00' }, '2026-11-18T12:00:00Z'), applies({ timeTo: '11:00' }, '2026-11-18T12:00:00Z')]).toEqual([true, true]);
    });

    it('holds dates inclusive at both ends', () => {
      const december = { dateFrom: '2026-12-01', dateTo: '2026-12-31' };
      expect([applies(december, '2026-11-30T23:59:00Z'), applies(december, '2026-12-01T00:00:00Z'), applies(december, '2026-12-31T23:59:00Z'), applies(december, '2027-01-01T00:00:00Z')]).toEqual([false, true, true, false]);
    });

    it('holds guests, quantity and the minimum tab at their bounds', () => {
      expect([applies({ minGuests: 2 }, '2026-11-18T12:00:00Z'), applies({ minGuests: 3 }, '2026-11-18T12:00:00Z')]).toEqual([true, false]);
      expect([applies({ maxGuests: 2 }, '2026-11-18T12:00:00Z'), applies({ maxGuests: 1 }, '2026-11-18T12:00:00Z')]).toEqual([true, false]);
      expect([applies({ minTabAmount: 1000 }, '2026-11-18T12:00:00Z'), applies({ minTabAmount: 1001 }, '2026-11-18T12:00:00Z')]).toEqual([true, false]);
      expect([applies({ minQuantity: 1 }, '2026-11-18T12:00:00Z'), applies({ minQuantity: 1.5 }, '2026-11-18T12:00:00Z')]).toEqual([true, false]);
    });
  });
});
