import { describe, expect, it } from 'vitest';
import { DOUBLE, INTEGER, NULL_TYPE, STRING, TIMESTAMP, decimalType, type SqlType } from '../../lib/types/sqlType.js';
import type { Value } from '../../lib/types/value.js';
import { aggregate, bindCall, d, over, show, T } from './harness.js';

/** A two-argument call over (y, x) pairs. */
function pairs(name: string, rows: readonly (readonly [Value, Value])[], types: readonly SqlType[] = [DOUBLE, DOUBLE]): Value {
  return aggregate({ name, types }, rows);
}

describe('MEDIAN', () => {
  it('of an odd count is the middle value; of an even count the mean of the two middle values', () => {
    expect(over('MEDIAN', T.int, [5, 1, 3])).toBe(3);
    expect(over('MEDIAN', T.int, [4, 1, 3, 2])).toBe(2.5);
    expect(over('MEDIAN', T.double, [0.5, null, -1.5])).toBe(-0.5);
  });

  it('of DECIMAL(p,s) is exact at scale s + 6 (HALF_UP)', () => {
    expect(bindCall({ name: 'MEDIAN', types: [T.dec(4, 1)] }).returnType).toEqual(decimalType(38, 7));
    expect(show(over('MEDIAN', T.dec(4, 1), [d('1.1'), d('1.2')]))).toBe('DECIMAL 1.1500000');
    expect(show(over('MEDIAN', T.dec(4, 1), [d('-0.1'), d('-0.4'), d('-0.2')]))).toBe('DECIMAL -0.2000000');
    expect(show(over('MEDIAN', T.dec(10, 0), [d('1'), d('2'), d('0'), d('0')]))).toBe('DECIMAL 0.500000');
  });

  it('is NULL over no values; MEDIAN(DISTINCT x) takes each value once', () => {
    expect(over('MEDIAN', T.int, [null])).toBeNull();
    expect(over('MEDIAN', T.int, [1, 1, 1, 2, 3], { distinct: true })).toBe(2);
    expect(over('MEDIAN', T.int, [1, 1, 1, 2, 3])).toBe(1);
  });
});

describe('PERCENTILE_CONT and PERCENTILE_DISC', () => {
  const values = [10, 20, 30, 40];

  it('PERCENTILE_CONT interpolates at p × (n − 1); PERCENTILE_DISC returns an input value', () => {
    const cont = (p: number): Value => over('PERCENTILE_CONT', T.int, values, { parameters: [p] });
    const disc = (p: number): Value => over('PERCENTILE_DISC', T.int, values, { parameters: [p] });
    expect(cont(0.5)).toBe(25);
    expect(cont(0.3)).toBeCloseTo(19, 12);
    expect(cont(0)).toBe(10);
    expect(cont(1)).toBe(40);
    expect(disc(0.5)).toBe(20);
    expect(disc(0.3)).toBe(20);
    expect(disc(0.25)).toBe(10);
    expect(disc(0.26)).toBe(20);
    expect(disc(0)).toBe(10);
    expect(disc(1)).toBe(40);
  });

  it('positions are exact: p = 0.3 over 10 values is position 3, not 3.0000000000000004', () => {
    const ten = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(over('PERCENTILE_DISC', T.int, ten, { parameters: [0.3] })).toBe(3);
    expect(over('PERCENTILE_DISC', T.int, ten, { parameters: [d('0.3')] })).toBe(3);
    expect(over('PERCENTILE_CONT', T.int, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], { parameters: [0.3] })).toBe(30);
  });

  it('PERCENTILE_CONT on decimals interpolates exactly; PERCENTILE_DISC keeps the value and type', () => {
    const prices = [d('1.1'), d('1.2'), d('1.4')];
    expect(show(over('PERCENTILE_CONT', T.dec(4, 1), prices, { parameters: [0.35] }))).toBe('DECIMAL 1.1700000');
    expect(show(over('PERCENTILE_CONT', T.dec(4, 1), prices, { parameters: [d('0.123456789')] }))).toBe('DECIMAL 1.1246914');
    expect(show(over('PERCENTILE_DISC', T.dec(4, 1), prices, { parameters: [0.35] }))).toBe('DECIMAL 1.2');
    expect(bindCall({ name: 'PERCENTILE_DISC', types: [T.dec(4, 1)], parameters: [0.5] }).returnType).toEqual(decimalType(4, 1));
  });

  it('PERCENTILE_DISC works on strings and timestamps', () => {
    expect(over('PERCENTILE_DISC', STRING, ['pear', 'apple', 'fig'], { parameters: [0.5] })).toBe('fig');
    expect(over('PERCENTILE_DISC', TIMESTAMP, [3000, 1000, 2000], { parameters: [1] })).toBe(3000);
  });

  it('keeps answering while values keep coming (EMIT CHANGES), in and out of order', () => {
    const acc = bindCall({ name: 'MEDIAN', types: [INTEGER] }).create();
    const seen: number[] = [];
    for (let i = 0; i < 200; i++) {
      const v = (i * 7919) % 101;
      seen.push(v);
      acc.add([v]);
      const sorted = [...seen].sort((a, b) => a - b);
      const n = sorted.length;
      const expected = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
      expect(acc.result()).toBe(expected);
    }
  });

  it('rejects a fraction outside [0, 1] or not constant-numeric, and non-numeric PERCENTILE_CONT', () => {
    expect(() => bindCall({ name: 'PERCENTILE_CONT', types: [INTEGER], parameters: [1.5] })).toThrow(
      'PERCENTILE_CONT: the fraction must be a constant number between 0 and 1, got 1.5',
    );
    expect(() => bindCall({ name: 'PERCENTILE_DISC', types: [INTEGER], parameters: ['half'] })).toThrow(/got 'half'/);
    expect(() => bindCall({ name: 'PERCENTILE_CONT', types: [NULL_TYPE], parameters: [2] })).toThrow(/got 2/);
    expect(over('PERCENTILE_CONT', NULL_TYPE, [null], { parameters: [0.5] })).toBeNull();
    expect(over('PERCENTILE_DISC', NULL_TYPE, [null], { parameters: [0.5] })).toBeNull();
    expect(() => bindCall({ name: 'PERCENTILE_CONT', types: [STRING], parameters: [0.5] })).toThrow(
      'PERCENTILE_CONT: argument 1 has type STRING; accepted: INTEGER, DOUBLE, DECIMAL',
    );
  });
});

describe('variance family', () => {
  const xs = [1, 2, 4];

  it('computes sample and population statistics (aliases STDDEV, VARIANCE)', () => {
    expect(over('VAR_POP', T.int, xs)).toBeCloseTo(14 / 9, 14);
    expect(over('VAR_SAMP', T.int, xs)).toBeCloseTo(7 / 3, 14);
    expect(over('VARIANCE', T.int, xs)).toBeCloseTo(7 / 3, 14);
    expect(over('STDDEV_POP', T.int, xs)).toBeCloseTo(Math.sqrt(14 / 9), 14);
    expect(over('STDDEV', T.dec(3, 1), xs.map((x) => d(String(x))))).toBeCloseTo(Math.sqrt(7 / 3), 14);
    expect(bindCall({ name: 'STDDEV_SAMP', types: [T.dec(3, 1)] }).returnType).toEqual(DOUBLE);
  });

  it('is numerically stable around a large mean', () => {
    const shifted = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];
    expect(over('VAR_SAMP', T.double, shifted)).toBeCloseTo(30, 9);
  });

  it('sample statistics need 2 values, population ones 1; NULLs are ignored', () => {
    expect(over('VAR_SAMP', T.int, [5, null])).toBeNull();
    expect(over('STDDEV_SAMP', T.int, [])).toBeNull();
    expect(over('VAR_POP', T.int, [5, null])).toBe(0);
    expect(over('STDDEV_POP', T.int, [])).toBeNull();
  });
});

describe('CORR, COVAR_* and REGR_*', () => {
  const line: [number, number][] = [[3, 1], [5, 2], [7, 3], [9, 4]]; // y = 2x + 1

  it('fit a line exactly', () => {
    expect(pairs('REGR_SLOPE', line)).toBeCloseTo(2, 14);
    expect(pairs('REGR_INTERCEPT', line)).toBeCloseTo(1, 14);
    expect(pairs('REGR_R2', line)).toBeCloseTo(1, 14);
    expect(pairs('CORR', line)).toBeCloseTo(1, 14);
    expect(pairs('COVAR_POP', line)).toBeCloseTo(2.5, 14);
    expect(pairs('COVAR_SAMP', line)).toBeCloseTo(10 / 3, 14);
  });

  it('skip pairs with a NULL and take any numeric types', () => {
    const rows: [Value, Value][] = [[d('3.0'), 1], [null, 100], [d('5.0'), 2], [d('7.0'), null], [d('7.0'), 3]];
    expect(pairs('REGR_SLOPE', rows, [T.dec(3, 1), INTEGER])).toBeCloseTo(2, 14);
    expect(pairs('COVAR_SAMP', [[1, 1]])).toBeNull();
    expect(pairs('COVAR_POP', [[1, 1]])).toBe(0);
    expect(pairs('CORR', [])).toBeNull();
  });

  it('are NULL where undefined: no variance of x (or of y for CORR); REGR_R2 is 1 when y is constant', () => {
    const constantX: [number, number][] = [[1, 2], [3, 2]];
    const constantY: [number, number][] = [[1, 2], [1, 3]];
    expect(pairs('CORR', constantX)).toBeNull();
    expect(pairs('CORR', constantY)).toBeNull();
    expect(pairs('REGR_SLOPE', constantX)).toBeNull();
    expect(pairs('REGR_INTERCEPT', constantX)).toBeNull();
    expect(pairs('REGR_R2', constantX)).toBeNull();
    expect(pairs('REGR_SLOPE', constantY)).toBe(0);
    expect(pairs('REGR_INTERCEPT', constantY)).toBe(1);
    expect(pairs('REGR_R2', constantY)).toBe(1);
  });

  it('CORR(DISTINCT y, x) takes each distinct pair once', () => {
    const rows = [[1, 1], [1, 1], [1, 1], [2, 3], [3, 2]];
    const distinct = aggregate({ name: 'COVAR_POP', types: [DOUBLE, DOUBLE], distinct: true }, rows);
    expect(distinct).toBeCloseTo(pairs('COVAR_POP', [[1, 1], [2, 3], [3, 2]]) as number, 14);
  });

  it('need two numeric arguments', () => {
    expect(() => bindCall({ name: 'CORR', types: [DOUBLE, STRING] })).toThrow(
      'CORR: argument 2 has type STRING; accepted: INTEGER, DOUBLE, DECIMAL',
    );
    expect(() => bindCall({ name: 'CORR', types: [DOUBLE] })).toThrow('CORR: expects 2 value arguments, got 1: CORR(y, x)');
  });
});
