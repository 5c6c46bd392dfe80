import { describe, expect, it } from 'vitest';
import { Decimal } from '../../lib/types/decimal.js';
import { FerrisError } from '../../lib/types/errors.js';
import { ANY, DOUBLE, INTEGER, NULL_TYPE, decimalType } from '../../lib/types/sqlType.js';
import { aggregate, bindCall, d, over, show, T } from './harness.js';

describe('COUNT', () => {
  it('COUNT(*) counts rows, NULLs included; COUNT(x) counts non-NULL values', () => {
    expect(aggregate({ name: 'COUNT', types: [], star: true }, [[], [], []])).toBe(3);
    expect(over('COUNT', T.int, [1, null, 3, null])).toBe(2);
  });

  it('is 0 over no rows and over a bare NULL argument', () => {
    expect(aggregate({ name: 'COUNT', types: [], star: true }, [])).toBe(0);
    expect(over('COUNT', T.string, [])).toBe(0);
    expect(over('COUNT', NULL_TYPE, [null, null])).toBe(0);
  });

  it('COUNT(DISTINCT x) and COUNT_DISTINCT(x) count distinct values by value (1.5 = 1.50)', () => {
    const values = [d('1.5'), d('1.50'), d('2'), null, d('2.0'), d('-0.1')];
    expect(over('COUNT', T.dec(10, 2), values, { distinct: true })).toBe(3);
    expect(over('count_distinct', T.dec(10, 2), values)).toBe(3);
    expect(over('COUNT_DISTINCT', T.string, ['a', 'b', 'a', null])).toBe(2);
  });

  it('rejects COUNT() without *, * elsewhere and DISTINCT *', () => {
    expect(() => bindCall({ name: 'COUNT', types: [] })).toThrow(/COUNT: expects \* or 1 value argument/);
    expect(() => bindCall({ name: 'SUM', types: [], star: true })).toThrow(/SUM: \* is only allowed in COUNT\(\*\)/);
    expect(() => bindCall({ name: 'COUNT', types: [], star: true, distinct: true })).toThrow(/COUNT\(\*\) takes no argument and no DISTINCT/);
  });
});

describe('SUM', () => {
  it('summing DECIMAL 0.1 ten times is exactly 1.0 (DECIMAL(38,1))', () => {
    const bound = bindCall({ name: 'SUM', types: [T.dec(3, 1)] });
    expect(bound.returnType).toEqual(decimalType(38, 1));
    const result = over('SUM', T.dec(3, 1), Array.from({ length: 10 }, () => d('0.1')));
    expect(show(result)).toBe('DECIMAL 1.0');
  });

  it('is exact for values between -1 and 0 and keeps the scale', () => {
    const values = ['-0.05', '-0.95', '-0.33', '0.33', '-0.01'].map(d);
    expect(show(over('SUM', T.dec(3, 2), values))).toBe('DECIMAL -1.01');
    expect(show(over('SUM', T.dec(3, 2), [d('-0.05')]))).toBe('DECIMAL -0.05');
  });

  it('stays exact past 2^53 unscaled and past 38 digits raises DECIMAL_OVERFLOW', () => {
    const big = d('99999999999999.9999'); // unscaled 999999999999999999 > 2^53
    const sum = over('SUM', T.dec(18, 4), [big, big, big, d('0.0002')]) as Decimal;
    expect(sum.toString()).toBe('299999999999999.9999');
    const huge = d('9'.repeat(37) + '.9');
    expect(() => over('SUM', T.dec(38, 1), [huge, huge])).toThrow(expect.objectContaining({ code: 'DECIMAL_OVERFLOW' }));
  });

  it('scales up values of a smaller scale and rounds values of a larger scale HALF_UP', () => {
    expect(show(over('SUM', T.dec(10, 2), [d('1'), d('0.5'), d('0.125')]))).toBe('DECIMAL 1.63');
  });

  it('SUM(INTEGER) is INTEGER and overflows into a bigint, exactly', () => {
    expect(bindCall({ name: 'SUM', types: [INTEGER] }).returnType).toEqual(INTEGER);
    const max = Number.MAX_SAFE_INTEGER;
    expect(over('SUM', T.int, [max, max, 1])).toBe(2n * BigInt(max) + 1n);
    expect(over('SUM', T.int, [max, 1, -2])).toBe(max - 1);
    expect(over('SUM', T.int, [2n ** 70n, -(2n ** 70n), 5])).toBe(5);
  });

  it('SUM(DOUBLE) is DOUBLE with compensated summation', () => {
    expect(bindCall({ name: 'SUM', types: [DOUBLE] }).returnType).toEqual(DOUBLE);
    expect(over('SUM', T.double, Array.from({ length: 10 }, () => 0.1))).toBe(1);
    expect(over('SUM', T.double, [1e308, 1e308])).toBe(Infinity);
    expect(over('SUM', T.double, [1e100, 1, -1e100])).toBe(1);
  });

  it('ignores NULLs; NULL over no values and over a bare NULL argument', () => {
    expect(over('SUM', T.int, [null, 2, null])).toBe(2);
    expect(over('SUM', T.int, [])).toBeNull();
    expect(over('SUM', T.dec(5, 2), [null, null])).toBeNull();
    expect(over('SUM', NULL_TYPE, [null])).toBeNull();
    expect(bindCall({ name: 'SUM', types: [NULL_TYPE] }).returnType).toEqual(NULL_TYPE);
  });

  it('SUM(DISTINCT x) sums distinct values', () => {
    expect(over('SUM', T.int, [1, 1, 2, 2, 3, null], { distinct: true })).toBe(6);
    expect(show(over('SUM', T.dec(5, 1), [d('0.1'), d('0.10'), d('0.2')], { distinct: true }))).toBe('DECIMAL 0.3');
  });

  it('over ANY follows the widest kind seen at run time', () => {
    expect(bindCall({ name: 'SUM', types: [ANY] }).returnType).toEqual(ANY);
    expect(over('SUM', ANY, [1, 2n ** 60n])).toBe(2n ** 60n + 1n);
    expect(show(over('SUM', ANY, [1, d('0.25')]))).toBe('DECIMAL 1.25');
    expect(over('SUM', ANY, [1, d('0.25'), 0.5])).toBe(1.75);
    expect(() => over('SUM', ANY, ['x'])).toThrow(/SUM: argument 1 must be a number/);
  });

  it('rejects non-numeric arguments naming the function and the accepted types', () => {
    const error = (() => {
      try {
        bindCall({ name: 'SUM', types: [T.string] });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(FerrisError);
    expect((error as FerrisError).code).toBe('SQL_TYPE');
    expect((error as FerrisError).message).toBe('SUM: argument 1 has type STRING; accepted: INTEGER, DOUBLE, DECIMAL');
  });
});

describe('AVG', () => {
  it('AVG(DECIMAL(p,s)) is the exact sum ÷ count at scale s + 6, HALF_UP', () => {
    expect(bindCall({ name: 'AVG', types: [T.dec(10, 2)] }).returnType).toEqual(decimalType(38, 8));
    expect(show(over('AVG', T.dec(10, 2), [d('1.00'), d('2.00'), d('2.00')]))).toBe('DECIMAL 1.66666667');
    expect(show(over('AVG', T.dec(10, 2), [d('-1.00'), d('-2.00'), d('-2.00')]))).toBe('DECIMAL -1.66666667');
    expect(show(over('AVG', T.dec(3, 1), Array.from({ length: 10 }, () => d('0.1'))))).toBe('DECIMAL 0.1000000');
  });

  it('AVG of decimals beyond 2^53 is still exact', () => {
    const big = d('99999999999999.9999');
    expect(show(over('AVG', T.dec(18, 4), [big, big, d('0.0001')]))).toBe('DECIMAL 66666666666666.6666333333');
  });

  it('AVG(INTEGER) and AVG(DOUBLE) are DOUBLE', () => {
    expect(bindCall({ name: 'AVG', types: [INTEGER] }).returnType).toEqual(DOUBLE);
    expect(over('AVG', T.int, [1, 2, null])).toBe(1.5);
    expect(over('AVG', T.int, [2n ** 60n, 2n ** 60n])).toBe(2 ** 60);
    expect(over('AVG', T.double, [0.5, 1.5, null])).toBe(1);
  });

  it('is NULL over no values and over ANY gives DOUBLE for integers, DECIMAL for decimals', () => {
    expect(over('AVG', T.int, [null])).toBeNull();
    expect(over('AVG', ANY, [1, 2])).toBe(1.5);
    expect(show(over('AVG', ANY, [1, d('0.5')]))).toBe('DECIMAL 0.7500000');
    expect(over('AVG', ANY, [1, 0.5])).toBe(0.75);
  });

  it('AVG(DISTINCT x)', () => {
    expect(over('AVG', T.int, [1, 1, 1, 4], { distinct: true })).toBe(2.5);
  });
});
