import { randomInt } from 'node:crypto';

/**
 * Generated codes use Crockford's base 32 — no I, L, O or U, so nothing reads as another
 * letter or a digit — and end in a check character, so a mistyped code is one of 32.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 10 random characters: 50 bits, so guessing one of a million printed codes takes ~10^9 tries. */
const RANDOM_LENGTH = 10;

/** A code as typed or scanned, as it is stored: upper case, without spaces or dashes. */
export function normalizeCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

/**
 * The check character: the characters' values weighted by odd numbers, modulo 32. An odd
 * weight is prime to 32, so any one character typed wrong changes it.
 */
export function checkCharacter(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (2 * i + 1) * ALPHABET.indexOf(body[i]);
  return ALPHABET[sum % ALPHABET.length];
}

/** Characters a generated code and its prefix are made of. */
export const CODE_CHARACTERS = /^[0-9A-HJKMNP-TV-Z]*$/;

/** A new unguessable code, `prefix` (normalized) first. */
export function generateCode(prefix = ''): string {
  let body = normalizeCode(prefix);
  for (let i = 0; i < RANDOM_LENGTH; i++) body += ALPHABET[randomInt(ALPHABET.length)];
  return body + checkCharacter(body);
}
