/**
 * Money on the pages: amounts arrive as integer minor units and are shown with the
 * currency's own number of digits (VND none, EUR two), formatted from a decimal string
 * so no amount ever passes through a float.
 */

const digitsCache = new Map<string, number>();

export function currencyDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** `12550`, 2 digits → `"125.50"`; `-5`, 2 → `"-0.05"`. */
export function minorToDecimal(minor: number, digits: number): string {
  const negative = minor < 0;
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return negative ? `-${whole}` : whole;
}

export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits = currencyDigits(currency);
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  return format.format(minorToDecimal(minor, digits) as Intl.StringNumericLiteral);
}

/**
 * What a manager types (`12.5`, `12,50`, `1 200`) in minor units, or null when it is not
 * an amount in this currency (too many decimals, letters).
 */
export function parseMoney(text: string, currency: string): number | null {
  const digits = currencyDigits(currency);
  const cleaned = text.trim().replace(/[\s\u00a0\u202f']/g, '').replace(',', '.');
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > digits) return null;
  const minor = Number(whole + fraction.padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor)) return null;
  return sign ? -minor : minor;
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** An account's amount in its unit: points as whole numbers, money in its currency. */
export function formatAmount(amount: number, unit: string, locale: string): string {
  return unit === 'points' ? formatNumber(amount, locale) : formatMoney(amount, unit, locale);
}

export function formatDate(value: string | Date, locale: string, timeZone: string): string {
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  // A bare date (a birthday) is a calendar day, not an instant in the tenant's zone.
  const zone = typeof value === 'string' && value.length === 10 ? 'UTC' : timeZone;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: zone }).format(date);
}

export function formatDateTime(value: string | Date, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(value));
}

/** Basis points as a percentage: 1000 → "10%", 250 → "2.5%". */
export function formatPercentBp(bp: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(minorToDecimal(bp, 4) as Intl.StringNumericLiteral);
}

/**
 * Whole numbers with implied decimals, typed as decimals: basis points typed as a
 * percentage (2 decimals, `12.5` → 1250) and multipliers typed as a factor (4 decimals,
 * `1.5` → 15000). The conversion is string maths, so `0.07` never becomes 6.999….
 */
export const PERCENT_DIGITS = 2;
export const FACTOR_DIGITS = 4;

export function parseScaled(text: string, digits: number): number | null {
  const match = /^(\d+)(?:[.,](\d*))?$/.exec(text.trim().replace(/[\s\u00a0\u202f]/g, ''));
  if (!match) return null;
  const [, whole, fraction = ''] = match;
  if (fraction.length > digits) return null;
  const value = Number(whole + fraction.padEnd(digits, '0'));
  return Number.isSafeInteger(value) ? value : null;
}

/** 1250 with 2 digits → `12.5`; 20000 with 4 → `2`. */
export function scaledText(value: number, digits: number): string {
  const text = minorToDecimal(value, digits);
  return digits === 0 ? text : text.replace(/0+$/, '').replace(/\.$/, '');
}

/** The same in the reader's locale (`1,5` in Swedish). */
export function formatScaled(value: number, digits: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(scaledText(value, digits) as Intl.StringNumericLiteral);
}
