import { normaliseContact, normaliseEmail, normalisePhone, searchKey } from './contact-normaliser.js';

describe('contacts as staff type them', () => {
  it('reads a Russian mobile the same in every format a waiter types', () => {
    for (const typed of ['+7 912 345-67-89', '89123456789', '8 (912) 345 67 89', '+79123456789']) {
      expect(normalisePhone(typed, 'RU')).toBe('+79123456789');
    }
  });

  it('reads national numbers of our other markets', () => {
    expect(normalisePhone('070-123 45 67', 'SE')).toBe('+46701234567');
    expect(normalisePhone('0912 345 678', 'VN')).toBe('+84912345678');
    expect(normalisePhone('+46 70 123 45 67', null)).toBe('+46701234567');
  });

  it('refuses what is not a phone number, and says how to write one', () => {
    expect(normalisePhone('123', 'RU')).toBeNull();
    expect(normaliseContact('mobile', '0701234567', null)).toEqual({ problem: expect.stringContaining('country code') });
  });

  it('lower-cases and checks e-mail addresses', () => {
    expect(normaliseEmail('  Anna.Berg@Example.SE ')).toBe('anna.berg@example.se');
    expect(normaliseContact('email', 'anna@', null)).toEqual({ problem: 'is not a valid e-mail address' });
  });

  it('keeps messenger handles and social pages as given, trimmed', () => {
    expect(normaliseContact('messenger', ' @anna_berg ', null)).toEqual({ value: '@anna_berg' });
  });

  it('compares names without case, accents or extra spaces', () => {
    expect(searchKey('  Nguyễn  Văn Đức ')).toBe('nguyen van duc');
    expect(searchKey('Ёлкин')).toBe('елкин');
    expect(searchKey('Åsa Öberg')).toBe('asa oberg');
  });
});
