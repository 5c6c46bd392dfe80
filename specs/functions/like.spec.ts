import { describe, expect, it } from 'vitest';
import { compileLike } from '../../lib/functions/operators.js';
import { FerrisError } from '../../lib/types/errors.js';

const like = (s: string, pattern: string, escape?: string): boolean => compileLike(pattern, false, escape)(s);
const ilike = (s: string, pattern: string): boolean => compileLike(pattern, true)(s);

describe('LIKE', () => {
  it('% matches any run of characters, including none', () => {
    expect(like('AAPL.O', 'AAPL%')).toBe(true);
    expect(like('AAPL', 'AAPL%')).toBe(true);
    expect(like('XAAPL', 'AAPL%')).toBe(false);
    expect(like('AAPL.O', '%.O')).toBe(true);
    expect(like('AAPL.O', '%PL%')).toBe(true);
    expect(like('abc', '%')).toBe(true);
    expect(like('', '%')).toBe(true);
    expect(like('a\nb', 'a%b')).toBe(true);
    expect(like('abcabd', 'a%b%d')).toBe(true);
    expect(like('abcabe', 'a%b%d')).toBe(false);
    expect(like('abc', 'a%%c')).toBe(true);
  });

  it('_ matches exactly one character (code point)', () => {
    expect(like('abc', 'a_c')).toBe(true);
    expect(like('ac', 'a_c')).toBe(false);
    expect(like('a😀c', 'a_c')).toBe(true);
    expect(like('abbc', 'a_c')).toBe(false);
  });

  it('matches the whole string exactly without wildcards', () => {
    expect(like('abc', 'abc')).toBe(true);
    expect(like('abcd', 'abc')).toBe(false);
    expect(like('', '')).toBe(true);
    expect(like('a', '')).toBe(false);
  });

  it('treats regular-expression metacharacters literally', () => {
    expect(like('a.c', 'a.c')).toBe(true);
    expect(like('abc', 'a.c')).toBe(false);
    expect(like('(x)+[y]*$^|?{1}\\', '(x)+[y]*$^|?{1}%')).toBe(true);
    expect(like('price $5.00', '%$5.00')).toBe(true);
    expect(like('a+b', 'a+_')).toBe(true);
    expect(like('aab', 'a+_')).toBe(false);
  });

  it('escapes wildcards with backslash by default or a given character', () => {
    expect(like('50%', '50\\%')).toBe(true);
    expect(like('500', '50\\%')).toBe(false);
    expect(like('a_b', 'a\\_b')).toBe(true);
    expect(like('axb', 'a\\_b')).toBe(false);
    expect(like('a\\b', 'a\\\\b')).toBe(true);
    expect(like('50%', '50!%', '!')).toBe(true);
    expect(like('5!0', '5!!0', '!')).toBe(true);
    expect(like('a\\b', 'a\\b', '')).toBe(true);
    expect(like('10% off', '10#% %', '#')).toBe(true);
  });

  it('rejects a pattern ending with the escape and a long escape', () => {
    expect(() => compileLike('abc\\', false)).toThrow(/must not end with the escape character/);
    expect(() => compileLike('abc', false, '!!')).toThrowError(FerrisError);
  });
});

describe('ILIKE', () => {
  it('ignores case, wildcards and escapes still apply', () => {
    expect(ilike('AAPL.O', 'aapl%')).toBe(true);
    expect(ilike('Straße', '%STRASSE')).toBe(false);
    expect(ilike('ÄBC', 'ä_c')).toBe(true);
    expect(ilike('X.Y', 'x.y')).toBe(true);
    expect(ilike('XzY', 'x.y')).toBe(false);
    expect(ilike('50%', '50\\%')).toBe(true);
    expect(ilike('abc', 'ABD')).toBe(false);
  });
});
