import { periodKey } from './rule-limits.js';

describe('the period a limit counts in', () => {
  it.each([
    ['2026-11-22T12:00:00Z', '2026-W47'],
    ['2026-11-23T12:00:00Z', '2026-W48'],
    ['2026-01-01T12:00:00Z', '2026-W01'],
    ['2025-12-29T12:00:00Z', '2026-W01'],
    ['2027-01-03T12:00:00Z', '2026-W53'],
    ['2027-01-04T12:00:00Z', '2027-W01'],
    ['2020-12-31T12:00:00Z', '2020-W53'],
    ['2021-01-03T12:00:00Z', '2020-W53'],
  ])('puts %s in the ISO week %s', (at, week) => {
    expect(periodKey('week', new Date(at), 'UTC')).toBe(week);
  });

  it('reads days, months and years on the restaurant’s calendar: 23:30 UTC on New Year’s Eve is next year in Stockholm', () => {
    const at = new Date('2026-12-31T23:30:00Z');
    expect([periodKey('day', at, 'Europe/Stockholm'), periodKey('month', at, 'Europe/Stockholm'), periodKey('year', at, 'Europe/Stockholm'), periodKey('total', at, 'Europe/Stockholm')]).toEqual([
      '2027-01-01',
      '2027-01',
      '2027',
      'total',
    ]);
    expect(periodKey('day', at, 'UTC')).toBe('2026-12-31');
  });
});
