import fc from 'fast-check';
import { checkCharacter, generateCode, normalizeCode } from './code-text.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

describe('the text of promo codes', () => {
  it('reads a code the way the till types it: any case, spaces and dashes left out', () => {
    expect(normalizeCode(' summer-10 x ')).toBe('SUMMER10X');
  });

  it('generates codes of the prefix, ten random characters and a check character, all different', () => {
    const codes = new Set(Array.from({ length: 10_000 }, () => generateCode('xmas')));
    expect(codes.size).toBe(10_000);
    for (const code of [...codes].slice(0, 100)) {
      expect(code).toMatch(/^XMAS[0-9A-HJKMNP-TV-Z]{11}$/);
      expect(checkCharacter(code.slice(0, -1))).toBe(code.at(-1));
    }
  });

  it('changes the check character for any one character typed wrong', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 11, maxLength: 11 }), fc.nat(10), fc.constantFrom(...ALPHABET), (body, at, typed) => {
        fc.pre(body[at] !== typed);
        expect(checkCharacter(body.slice(0, at) + typed + body.slice(at + 1))).not.toBe(checkCharacter(body));
      }),
    );
  });
});
