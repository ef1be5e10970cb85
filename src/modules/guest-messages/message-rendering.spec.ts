import type { OutgoingEvent } from '../../contract/events-out.js';
import { formatAmount, formatDate, render, unknownPlaceholders, valuesOf } from './message-rendering.js';
import { quietUntil } from './quiet-hours.js';

const credited = (amount: number, balanceAfter: number): OutgoingEvent =>
  ({
    id: 'ev_1',
    type: 'account.credited',
    version: 1,
    tenantId: 'brand-1',
    occurredAt: '2026-11-20T12:00:00.000Z',
    customerId: 'c_1',
    data: { entryId: 'le_1', accountId: 'a_1', accountTypeCode: 'bonus', holder: { type: 'customer', id: 'c_1' }, customerId: 'c_1', amount, balanceAfter, reason: { kind: 'manual', tabId: null, visitId: null, description: null } },
  }) as OutgoingEvent;

describe('rendering a message for a guest', () => {
  it('writes money from integer minor units in the account’s currency, exactly, the guest’s language’s way', () => {
    expect(formatAmount(12550, 'EUR', 'en')).toBe('€125.50');
    expect(formatAmount(12550, 'EUR', 'sv')).toBe('125,50\u00a0€');
    expect(formatAmount(45000, 'VND', 'vi')).toBe('45.000\u00a0₫');
    expect(formatAmount(5, 'EUR', 'en')).toBe('€0.05');
    expect(formatAmount(1234, 'KWD', 'en')).toBe('KWD\u00a01.234');
    // 2^53 - 1 minor units: a float would have rounded it.
    expect(formatAmount(9007199254740991, 'EUR', 'en')).toBe('€90,071,992,547,409.91');
  });

  it('counts points with each language’s plural forms', () => {
    expect(['en', 'ru', 'vi', 'sv'].map((language) => formatAmount(1, 'points', language as never))).toEqual(['1 point', '1 балл', '1 điểm', '1 poäng']);
    expect([2, 5, 21, 1500].map((amount) => formatAmount(amount, 'points', 'ru'))).toEqual(['2 балла', '5 баллов', '21 балл', '1\u00a0500 баллов']);
    expect(formatAmount(1500, 'points', 'en')).toBe('1,500 points');
  });

  it('dates a moment by the tenant’s wall clock: late on the 22nd in UTC is the 23rd in Ho Chi Minh City', () => {
    const lateEvening = new Date('2026-12-22T20:00:00.000Z');
    expect(formatDate(lateEvening, 'en', 'UTC')).toBe('December 22, 2026');
    expect(formatDate(lateEvening, 'vi', 'Asia/Ho_Chi_Minh')).toBe('23 tháng 12, 2026');
    expect(formatDate(lateEvening, 'ru', 'Europe/Moscow')).toBe('22 декабря 2026 г.');
  });

  it('fills placeholders, spaces allowed, leaves no unknown one, and keeps a subject on one line', () => {
    const values = valuesOf(credited(240, 1740), { language: 'en', name: 'Anna\nBerg', unit: 'EUR', timeZone: 'UTC' });
    expect(values).toEqual({ name: 'Anna\nBerg', amount: '€2.40', balance: '€17.40' });
    expect(render({ subject: 'Hi {{ name }}: +{{amount}}', body: '{{name}} has {{balance}}{{nothing}}.' }, values)).toEqual({ subject: 'Hi Anna Berg: +€2.40', text: 'Anna\nBerg has €17.40.' });
    expect(unknownPlaceholders('account.credited', '{{name}} {{amount}} {{tier}} {{tier}} {{ expiryDate }}')).toEqual(['tier', 'expiryDate']);
  });
});

describe('quiet hours', () => {
  const night = { from: 22 * 60, until: 9 * 60 };
  const stockholm = 'Europe/Stockholm';

  it('hold a message from the evening to the morning on the tenant’s wall clock, across midnight', () => {
    expect(quietUntil(new Date('2026-11-20T20:59:00.000Z'), night, stockholm)).toBeNull();
    expect(quietUntil(new Date('2026-11-20T21:00:00.000Z'), night, stockholm)?.toISOString()).toBe('2026-11-21T08:00:00.000Z');
    expect(quietUntil(new Date('2026-11-21T02:00:00.000Z'), night, stockholm)?.toISOString()).toBe('2026-11-21T08:00:00.000Z');
    expect(quietUntil(new Date('2026-11-21T08:00:00.000Z'), night, stockholm)).toBeNull();
  });

  it('end at the morning’s local time when the clocks change in the night', () => {
    // Summer time starts in Stockholm on 29 March 2026: 09:00 that morning is 07:00 UTC.
    expect(quietUntil(new Date('2026-03-28T22:00:00.000Z'), night, stockholm)?.toISOString()).toBe('2026-03-29T07:00:00.000Z');
  });

  it('within a day, and none at all', () => {
    const siesta = { from: 13 * 60, until: 15 * 60 };
    expect(quietUntil(new Date('2026-11-20T13:30:00.000Z'), siesta, 'UTC')?.toISOString()).toBe('2026-11-20T15:00:00.000Z');
    expect(quietUntil(new Date('2026-11-20T15:00:00.000Z'), siesta, 'UTC')).toBeNull();
    expect(quietUntil(new Date('2026-11-20T23:00:00.000Z'), null, 'UTC')).toBeNull();
  });
});
