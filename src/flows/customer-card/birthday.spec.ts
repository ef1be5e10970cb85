import { localDate } from '../../common/calendar.js';
import { daysToBirthday } from './birthday.js';

describe('birthdays at the till', () => {
  it('is today on the local calendar day, not the server’s', () => {
    // 23:30 UTC on 16 April is already 17 April in Stockholm.
    const now = new Date('2026-04-16T23:30:00Z');
    expect(localDate(now, 'Europe/Stockholm')).toBe('2026-04-17');
    expect(daysToBirthday('1988-04-17', now, 'Europe/Stockholm')).toBe(0);
    expect(daysToBirthday('1988-04-17', now, 'UTC')).toBe(1);
  });

  it('counts to next year once this year’s birthday has passed', () => {
    expect(daysToBirthday('1990-01-01', new Date('2026-12-31T12:00:00Z'), 'UTC')).toBe(1);
  });

  it('celebrates a 29 February birthday on the 28th in other years', () => {
    expect(daysToBirthday('2000-02-29', new Date('2027-02-28T12:00:00Z'), 'UTC')).toBe(0);
    expect(daysToBirthday('2000-02-29', new Date('2028-02-28T12:00:00Z'), 'UTC')).toBe(1);
  });

  it('has nothing to say without a birth date', () => {
    expect(daysToBirthday(null, new Date(), 'UTC')).toBeNull();
  });
});
