import { categories, line, percentOff, rule, settings, sources, tab } from '../../../../test/support/engine-builders.js';
import { accrualOnMoneyPaid, basisPoints, mulDivHalfUp, prorate } from './amounts.js';
import { evaluate } from './evaluate.js';
import { localTime, minutesOf, previousDay } from './local-time.js';
import type { Conditions } from './types.js';

/** The engine's small arithmetic and calendar, at the edges where a wrong sign or bound would go unseen. */
describe('the engine at its edges', () => {
  describe('money arithmetic', () => {
    it('rounds half up in minor units, exactly past 2^53', () => {
      expect([mulDivHalfUp(5, 1, 2), mulDivHalfUp(7, 1, 2), mulDivHalfUp(1, 1, 3), mulDivHalfUp(2, 1, 3)]).toEqual([3, 4, 0, 1]);
      expect(mulDivHalfUp(2 ** 52 + 1, 3, 2)).toBe(Number((BigInt(2 ** 52 + 1) * 3n * 2n + 2n) / 4n));
      expect(basisPoints(12_345, 1000)).toBe(1235);
    });

    it('spreads a total by the largest remainders, ties to the earlier key, a zero-weight total to the first', () => {
      expect([...prorate(10, [{ key: 'a', weight: 1 }, { key: 'b', weight: 2 }])]).toEqual([['a', 3], ['b', 7]]);
      expect([...prorate(2, [{ key: 'c', weight: 1 }, { key: 'a', weight: 1 }, { key: 'b', weight: 1 }])]).toEqual([['c', 0], ['a', 1], ['b', 1]]);
      expect([...prorate(5, [{ key: 'x', weight: 0 }, { key: 'y', weight: 0 }])]).toEqual([['x', 5], ['y', 0]]);
      expect([...prorate(100, [{ key: 'a', weight: 1 }, { key: 'b', weight: 1 }, { key: 'c', weight: 1 }])]).toEqual([['a', 34], ['b', 33], ['c', 33]]);
      expect(prorate(7, []).size).toBe(0);
    });

    it('accrues on the money part of a bill paid partly with bonus, unless told to accrue on bonus too', () => {
      expect(accrualOnMoneyPaid(100, 1000, 250, false)).toBe(75);
      expect(accrualOnMoneyPaid(100, 1000, 250, true)).toBe(100);
      expect(accrualOnMoneyPaid(100, 1000, 0, false)).toBe(100);
      expect(accrualOnMoneyPaid(100, 0, 250, false)).toBe(100);
      expect(accrualOnMoneyPaid(100, 1000, 1200, false)).toBe(0);
    });
  });

  describe('the restaurant’s calendar', () => {
    it('reads local day, weekday and minutes in the tenant’s zone', () => {
      expect(localTime(new Date('2026-11-22T23:30:00Z'), 'Europe/Stockholm')).toEqual({ date: '2026-11-23', weekday: 1, minutes: 30 });
      expect(localTime(new Date('2026-11-22T23:30:00Z'), 'Asia/Ho_Chi_Minh')).toEqual({ date: '2026-11-23', weekday: 1, minutes: 6 * 60 + 30 });
    });

    it('steps back a day across a month and a week', () => {
      expect(previousDay({ date: '2026-03-01', weekday: 7, minutes: 60 })).toEqual({ date: '2026-02-28', weekday: 6, minutes: 60 });
      expect(previousDay({ date: '2026-11-23', weekday: 1, minutes: 5 })).toEqual({ date: '2026-11-22', weekday: 7, minutes: 5 });
    });

    it('reads HH:MM to the minute', () => {
      expect([minutesOf('00:00'), minutesOf('17:30'), minutesOf('23:59')]).toEqual([0, 1050, 1439]);
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
