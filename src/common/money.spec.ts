import fc from 'fast-check';
import { minorDigits, toExactInteger, toExactIntegerOrNull } from './money.js';

describe('money from drivers and the wire', () => {
  it('reads every safe integer exactly, whatever shape the driver gives it', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (value) => {
        expect(toExactInteger(value)).toBe(value);
        expect(toExactInteger(String(value))).toBe(value);
        expect(toExactInteger(BigInt(value))).toBe(value);
      }),
    );
  });

  it('reads DECIMAL text of a SUM', () => {
    expect(toExactInteger('4294967296.00')).toBe(2 ** 32);
    expect(toExactIntegerOrNull(null)).toBeNull();
  });

  it('refuses what would lose a cent', () => {
    expect(() => toExactInteger(12.5)).toThrow(/not an exact integer/);
    expect(() => toExactInteger('12.50')).toThrow(/not an integer/);
    expect(() => toExactInteger('9007199254740993')).toThrow(/exceeds 2\^53/);
    expect(() => toExactInteger(2 ** 53)).toThrow(/not an exact integer/);
    expect(() => toExactInteger('12 EUR')).toThrow(/not an integer/);
  });

  it('knows the minor digits of the currencies our vendors sell in', () => {
    expect(minorDigits('EUR')).toBe(2);
    expect(minorDigits('SEK')).toBe(2);
    expect(minorDigits('RUB')).toBe(2);
    expect(minorDigits('VND')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
  });
});
