import { normaliseIdentifierValue, withCheckDigit } from './identifier-values.js';

describe('identifier values as readers produce them', () => {
  it('reads a magnetic stripe’s track 2 without its sentinels', () => {
    expect(normaliseIdentifierValue('magnetic_card', ';2000012345678?', null)).toBe('2000012345678');
    expect(normaliseIdentifierValue('magnetic_card', '2000012345678', null)).toBe('2000012345678');
  });

  it('reads an RFID key’s UID whatever the separators and case', () => {
    expect(normaliseIdentifierValue('electronic_key', '04:a2:5f:1b', null)).toBe('04A25F1B');
    expect(normaliseIdentifierValue('smart_card', '04 A2 5F 1B', null)).toBe('04A25F1B');
  });

  it('reads a caller’s number in E.164 with the tenant’s country', () => {
    expect(normaliseIdentifierValue('phone', '89123456789', 'RU')).toBe('+79123456789');
    expect(normaliseIdentifierValue('phone', 'unknown', 'RU')).toBeNull();
  });

  it('computes EAN-13 and Luhn check digits', () => {
    expect(withCheckDigit('400638133393', 'ean13')).toBe('4006381333931');
    expect(withCheckDigit('7992739871', 'luhn')).toBe('79927398713');
    expect(withCheckDigit('123', 'none')).toBe('123');
  });
});
