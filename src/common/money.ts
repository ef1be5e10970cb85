/**
 * Money is an integer number of minor units of a currency (CONTRACT.md section 2).
 * These helpers are the only place where a value from outside (a driver, a JSON body)
 * becomes money, so a float or a truncated big number cannot slip in.
 */

/** Parses a database or wire value into an exact integer, refusing anything inexact. */
export function toExactInteger(value: unknown, what = 'value'): number {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value;
    throw new RangeError(`${what} is not an exact integer: ${value}`);
  }
  if (typeof value === 'bigint') {
    if (value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)) return Number(value);
    throw new RangeError(`${what} exceeds 2^53: ${value}`);
  }
  if (typeof value === 'string' && /^-?\d+(\.0+)?$/.test(value)) {
    // mysql2 answers SUM() over BIGINT as DECIMAL text such as "1200.00" on some servers.
    const whole = value.split('.')[0];
    // Fifteen digits are always exact as a number; longer text goes through BigInt.
    if (whole.length <= 15) return Number(whole) || 0; // "-0" is 0
    return toExactInteger(BigInt(whole), what);
  }
  throw new TypeError(`${what} is not an integer: ${JSON.stringify(value)}`);
}

/** Like toExactInteger, but keeps SQL NULL as null. */
export function toExactIntegerOrNull(value: unknown, what = 'value'): number | null {
  return value === null || value === undefined ? null : toExactInteger(value, what);
}

const minorDigitsCache = new Map<string, number>();

/** ISO 4217 minor digits (EUR 2, VND 0, KWD 3) from the runtime's CLDR data. */
export function minorDigits(currency: string): number {
  let digits = minorDigitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    minorDigitsCache.set(currency, digits);
  }
  return digits;
}

export function isKnownCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf('currency').includes(code);
}
