import { describe, expect, it } from 'vitest';
import { arrayType, DATE, decimalType, INTEGER, STRING, TIMESTAMP } from '../../lib/types/sqlType.js';
import { Decimal } from '../../lib/types/decimal.js';
import { call, callTyped, errorCode, show } from './callFunction.js';

describe('case and length', () => {
  it('UPPER, LOWER, INITCAP', () => {
    expect(call('UPPER', 'abc Äß')).toBe('ABC ÄSS');
    expect(call('lower', 'ABC')).toBe('abc');
    expect(call('UPPER', null)).toBeNull();
    expect(call('INITCAP', 'hello WORLD-foo 42abc')).toBe('Hello World-Foo 42abc');
  });

  it('LENGTH counts code points and has aliases', () => {
    expect(call('LENGTH', 'abc')).toBe(3);
    expect(call('LEN', '')).toBe(0);
    expect(call('CHAR_LENGTH', 'a😀b')).toBe(3);
    expect(call('LENGTH', null)).toBeNull();
  });

  it('REVERSE keeps surrogate pairs together', () => {
    expect(call('REVERSE', 'abc')).toBe('cba');
    expect(call('REVERSE', 'a😀b')).toBe('b😀a');
    expect(call('REVERSE', null)).toBeNull();
  });

  it('rejects non-string arguments with SQL_TYPE', () => {
    expect(errorCode(() => callTyped('UPPER', [INTEGER], 1))).toBe('SQL_TYPE');
    expect(() => callTyped('UPPER', [INTEGER], 1)).toThrow(/UPPER: argument 1 has type INTEGER; accepted: STRING/);
    expect(() => call('UPPER')).toThrow(/UPPER expects 1 argument, got 0/);
  });
});

describe('trimming', () => {
  it('TRIM, LTRIM, RTRIM whitespace', () => {
    expect(call('TRIM', '  a b \t')).toBe('a b');
    expect(call('LTRIM', '  a ')).toBe('a ');
    expect(call('RTRIM', '  a ')).toBe('  a');
    expect(call('TRIM', null)).toBeNull();
  });

  it('TRIM given characters, regex metacharacters included', () => {
    expect(call('TRIM', 'xxaxx', 'x')).toBe('a');
    expect(call('LTRIM', '-]-a-]', ']-')).toBe('a-]');
    expect(call('RTRIM', 'a.*.*', '.*')).toBe('a');
    expect(call('TRIM', 'abc', '')).toBe('abc');
    expect(call('TRIM', 'abc', null)).toBeNull();
  });
});

describe('slicing', () => {
  it('SUBSTRING is 1-based like Postgres', () => {
    expect(call('SUBSTRING', 'hello', 2)).toBe('ello');
    expect(call('SUBSTR', 'hello', 2, 3)).toBe('ell');
    expect(call('SUBSTRING', 'hello', 0, 3)).toBe('he');
    expect(call('SUBSTRING', 'hello', -5, 3)).toBe('');
    expect(call('SUBSTRING', 'hello', 10)).toBe('');
    expect(call('SUBSTRING', 'a😀bc', 2, 2)).toBe('😀b');
    expect(call('SUBSTRING', null, 1)).toBeNull();
    expect(call('SUBSTRING', 'abc', null)).toBeNull();
    expect(errorCode(() => call('SUBSTRING', 'abc', 1, -1))).toBe('EVALUATION');
  });

  it('LEFT and RIGHT, negative counts drop characters', () => {
    expect(call('LEFT', 'hello', 2)).toBe('he');
    expect(call('LEFT', 'hello', -2)).toBe('hel');
    expect(call('LEFT', 'hi', 10)).toBe('hi');
    expect(call('RIGHT', 'hello', 2)).toBe('lo');
    expect(call('RIGHT', 'hello', -2)).toBe('llo');
    expect(call('RIGHT', 'hi', -5)).toBe('');
    expect(call('RIGHT', null, 1)).toBeNull();
  });

  it('LPAD and RPAD pad or truncate', () => {
    expect(call('LPAD', '42', 5, '0')).toBe('00042');
    expect(call('LPAD', 'abc', 8, 'xy')).toBe('xyxyxabc');
    expect(call('RPAD', 'ab', 4)).toBe('ab  ');
    expect(call('RPAD', 'abcdef', 3, '*')).toBe('abc');
    expect(call('LPAD', 'ab', 0)).toBe('');
    expect(call('LPAD', 'ab', 5, '')).toBe('ab');
    expect(call('LPAD', null, 5)).toBeNull();
    expect(errorCode(() => call('LPAD', 'a', 100_000_000))).toBe('EVALUATION');
  });
});

describe('searching and replacing', () => {
  it('POSITION and STRPOS are 1-based, 0 when absent', () => {
    expect(call('POSITION', 'lo', 'hello')).toBe(4);
    expect(call('POSITION', 'x', 'hello')).toBe(0);
    expect(call('POSITION', 'l', 'hello', 4)).toBe(4);
    expect(call('POSITION', 'l', 'hello', 5)).toBe(0);
    expect(call('POSITION', 'b', '😀ab')).toBe(3);
    expect(call('STRPOS', 'hello', 'll')).toBe(3);
    expect(call('POSITION', null, 'a')).toBeNull();
  });

  it('REPLACE every occurrence literally', () => {
    expect(call('REPLACE', 'a.b.c', '.', '-')).toBe('a-b-c');
    expect(call('REPLACE', 'abc', '', 'x')).toBe('abc');
    expect(call('REPLACE', 'aaa', 'a', '$&')).toBe('$&$&$&');
    expect(call('REPLACE', 'abc', 'b', null)).toBeNull();
  });

  it('STARTS_WITH and ENDS_WITH', () => {
    expect(call('STARTS_WITH', 'AAPL.O', 'AAPL')).toBe(true);
    expect(call('STARTS_WITH', 'AAPL.O', 'O')).toBe(false);
    expect(call('ENDS_WITH', 'AAPL.O', '.O')).toBe(true);
    expect(call('ENDS_WITH', null, 'x')).toBeNull();
  });
});

describe('concatenation and splitting', () => {
  it('CONCAT skips NULLs and casts other types', () => {
    expect(call('CONCAT', 'a', null, 'b', 1)).toBe('ab1');
    expect(call('CONCAT', null)).toBe('');
    expect(call('CONCAT', 'p=', Decimal.parse('1.50'))).toBe('p=1.50');
    expect(callTyped('CONCAT', [STRING, TIMESTAMP], 't=', 0)).toBe('t=1970-01-01T00:00:00.000Z');
    expect(callTyped('CONCAT', [DATE], 1)).toBe('1970-01-02');
  });

  it('JOIN uses the first argument as separator and flattens arrays', () => {
    expect(call('JOIN', ',', 'a', null, 'b')).toBe('a,b');
    expect(call('CONCAT_WS', '-', 1, 2)).toBe('1-2');
    expect(callTyped('JOIN', [STRING, arrayType(STRING), STRING], '|', ['x', null, 'y'], 'z')).toBe('x|y|z');
    expect(call('JOIN', null, 'a')).toBeNull();
  });

  it('SPLIT into an ARRAY<STRING>', () => {
    expect(call('SPLIT', 'a,b,,c', ',')).toEqual(['a', 'b', '', 'c']);
    expect(call('SPLIT', '', ',')).toEqual([]);
    expect(call('SPLIT', 'a😀', '')).toEqual(['a', '😀']);
    expect(call('SPLIT', null, ',')).toBeNull();
  });

  it('SPLIT_PART counts from 1, negative from the end', () => {
    expect(call('SPLIT_PART', 'a,b,c', ',', 2)).toBe('b');
    expect(call('SPLIT_PART', 'a,b,c', ',', -1)).toBe('c');
    expect(call('SPLIT_PART', 'a,b,c', ',', 4)).toBe('');
    expect(call('SPLIT_PART', 'abc', '', 1)).toBe('abc');
    expect(call('SPLIT_PART', 'a,b', ',', null)).toBeNull();
    expect(errorCode(() => call('SPLIT_PART', 'a,b', ',', 0))).toBe('EVALUATION');
  });
});

describe('regular expressions', () => {
  it('REGEXP matches anywhere', () => {
    expect(call('REGEXP', 'AAPL', '^[A-Z]{4}$')).toBe(true);
    expect(call('REGEXP', 'AAPL.O', '\\.N$')).toBe(false);
    expect(call('REGEXP_LIKE', 'x1', '\\d')).toBe(true);
    expect(call('REGEXP', null, 'a')).toBeNull();
  });

  it('REGEXP rejects an invalid constant pattern at bind time, a row pattern at run time', () => {
    expect(errorCode(() => call('REGEXP', 'a', '('))).toBe('SQL_TYPE');
    expect(() => call('REGEXP', 'a', '(')).toThrow(/REGEXP: invalid regular expression '\('/);
  });

  it('REGEXP_REPLACE replaces every match, with groups and flags', () => {
    expect(call('REGEXP_REPLACE', 'a1b22c', '\\d+', '#')).toBe('a#b#c');
    expect(call('REGEXP_REPLACE', 'John Smith', '(\\w+) (\\w+)', '$2, $1')).toBe('Smith, John');
    expect(call('REGEXP_REPLACE', 'aAa', 'a', 'x', 'i')).toBe('xxx');
    expect(call('REGEXP_REPLACE', 'aAa', 'a', 'x', 'g')).toBe('xAx');
    expect(call('REGEXP_REPLACE', 'abc', 'b', null)).toBeNull();
    expect(() => call('REGEXP_REPLACE', 'a', 'a', 'b', 'q')).toThrow(/unknown flag 'q'; accepted: i, m, s, g/);
  });

  it('REGEXP_EXTRACT returns the match or a group, NULL without a match', () => {
    expect(call('REGEXP_EXTRACT', 'price=12.50 USD', '\\d+\\.\\d+')).toBe('12.50');
    expect(call('REGEXP_EXTRACT', 'k=v', '(\\w)=(\\w)', 2)).toBe('v');
    expect(call('REGEXP_EXTRACT', 'abc', '\\d')).toBeNull();
    expect(errorCode(() => call('REGEXP_EXTRACT', 'k=v', '(\\w)=', 3))).toBe('EVALUATION');
  });

  it('keeps the compiled-pattern cache bounded', async () => {
    const { regexCacheSize, REGEX_CACHE_LIMIT } = await import('../../lib/functions/linearRegex.js');
    for (let i = 0; i < REGEX_CACHE_LIMIT + 50; i++) callTyped('REGEXP', [STRING, STRING], 'x', `x|${i}`);
    expect(regexCacheSize()).toBeLessThanOrEqual(REGEX_CACHE_LIMIT);
  });

  it('shows decimals in concatenations with their scale', () => {
    expect(show(callTyped('CONCAT', [decimalType(10, 3)], Decimal.parse('1.500')))).toBe('1.500');
  });
});
