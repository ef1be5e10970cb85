import type { IdentifierType } from '../../contract/contract-values.js';
import { normalisePhone } from '../customers/contact-normaliser.js';
import type { CheckDigit } from './entities/card-batch.entity.js';

/**
 * What a reader produces, reduced to the value the card was issued with: track-2
 * sentinels off a magnetic stripe (";2000012345678?"), separators out of an RFID UID
 * ("04:a2:5f:1b" → "04A25F1B"), a phone number in E.164.
 */
export function normaliseIdentifierValue(type: IdentifierType, value: string, defaultCountry: string | null): string | null {
  const trimmed = value.trim();
  switch (type) {
    case 'phone':
      return normalisePhone(trimmed, defaultCountry);
    case 'magnetic_card': {
      const track = trimmed.replace(/^[;%]/, '').replace(/\?.?$/, '').replace(/\s+/g, '');
      return track || null;
    }
    case 'smart_card':
    case 'electronic_key': {
      const uid = trimmed.replace(/[\s:-]/g, '').toUpperCase();
      return uid || null;
    }
    default:
      return trimmed || null;
  }
}

/** The check digit a printed card number carries, so a mistyped number is not someone else's. */
export function withCheckDigit(number: string, scheme: CheckDigit): string {
  if (scheme === 'none') return number;
  const digits = [...number].map(Number).reverse();
  if (scheme === 'ean13') {
    const sum = digits.reduce((total, digit, i) => total + digit * (i % 2 === 0 ? 3 : 1), 0);
    return `${number}${(10 - (sum % 10)) % 10}`;
  }
  const sum = digits.reduce((total, digit, i) => {
    const doubled = i % 2 === 0 ? digit * 2 : digit;
    return total + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  return `${number}${(10 - (sum % 10)) % 10}`;
}
