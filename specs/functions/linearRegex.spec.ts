import { describe, expect, it } from 'vitest';
import { compileLike } from '../../lib/functions/operators.js';
import { FerrisError } from '../../lib/types/errors.js';
import { call, errorCode } from './callFunction.js';

/*
 * Inputs that a backtracking engine cannot finish in any reasonable time (exponential or a
 * high power of the length): the linear-time engine answers them at once. Nothing here
 * measures time; a backtracking implementation simply never returns.
 */
const runOfA = (n: number, end = 'b'): string => 'a'.repeat(n) + end;

describe('regular expressions run in linear time', () => {
  it('REGEXP with nested quantifiers on a 30-character value (exponential when backtracking)', () => {
    expect(call('REGEXP', runOfA(30), '^(a+)+$')).toBe(false);
    expect(call('REGEXP', runOfA(10_000), '^(a|aa)+$')).toBe(false);
    expect(call('REGEXP', runOfA(30, ''), '^(a+)+$')).toBe(true);
  });

  it('REGEXP_REPLACE and REGEXP_EXTRACT with nested quantifiers', () => {
    expect(call('REGEXP_REPLACE', runOfA(40), '(a*)*c', 'x')).toBe(runOfA(40));
    expect(call('REGEXP_EXTRACT', runOfA(40), '(a+)+c')).toBeNull();
    expect(call('REGEXP_EXTRACT', 'k=v1 k=v2', '(\\w)=(\\w+)', 2)).toBe('v1');
  });

  it('LIKE with many % on a long value (a high power of the length when backtracking)', () => {
    const pattern = '%a%a%a%a%a%a%a%c';
    expect(compileLike(pattern, false)(runOfA(5_000))).toBe(false);
    expect(compileLike(pattern.toUpperCase(), true)(runOfA(5_000))).toBe(false);
    expect(compileLike('%a_a%c', false)(runOfA(5_000, 'c'))).toBe(true);
  });

  it('TRIM of given characters on a long run of them (quadratic with a regex)', () => {
    expect(call('RTRIM', runOfA(200_000), 'a')).toBe(runOfA(200_000));
    expect(call('TRIM', `xy${runOfA(200_000, '')}yx`, 'xy')).toBe(runOfA(200_000, ''));
    expect(call('TRIM', '😀a😀', '😀')).toBe('a');
    expect(call('LTRIM', '😀😁a', '😁😀')).toBe('a');
  });
});

describe('patterns the linear-time engine cannot run', () => {
  it('refuses backreferences with not supported yet (NOT_SUPPORTED at plan time, EVALUATION per row)', () => {
    expect(errorCode(() => call('REGEXP', 'aa', '(a)\\1'))).toBe('NOT_SUPPORTED');
    expect(() => call('REGEXP', 'aa', '(a)\\1')).toThrow(
      "REGEXP: not supported yet: backreferences (\\1, \\k<name>) in regular expression '(a)\\1'; patterns run on a linear-time engine (RE2 syntax)",
    );
    expect(() => call('REGEXP_REPLACE', 'aa', '(?<x>a)\\k<x>', '')).toThrow(/REGEXP_REPLACE: not supported yet: backreferences/);
  });

  it('refuses lookahead and lookbehind', () => {
    expect(() => call('REGEXP', 'ab', 'a(?=b)')).toThrow(/REGEXP: not supported yet: lookahead \(\(\?= and \(\?!\)/);
    expect(() => call('REGEXP_EXTRACT', 'ab', 'a(?!c)')).toThrow(/not supported yet: lookahead/);
    expect(() => call('REGEXP', 'ab', '(?<=a)b')).toThrow(/REGEXP: not supported yet: lookbehind \(\(\?<= and \(\?<!\)/);
    expect(() => call('REGEXP', 'ab', '(?<!a)b')).toThrow(/not supported yet: lookbehind/);
  });

  it('keeps an escaped backslash before a digit a literal, and names other syntax errors', () => {
    expect(call('REGEXP', 'a\\1', 'a\\\\1')).toBe(true);
    const error = (() => {
      try {
        call('REGEXP', 'a', '[a');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(FerrisError);
    expect((error as FerrisError).message).toBe("REGEXP: invalid regular expression '[a': missing closing ]: `[a`");
  });
});
