import { describe, expect, it } from 'vitest';
import { compareNumeric, compareStrings, compareValues, shortestDecimal, valuesEqual } from '../../lib/types/compare.js';
import { Decimal } from '../../lib/types/decimal.js';
import type { Value } from '../../lib/types/value.js';

const d = (text: string): Decimal => Decimal.parse(text);

describe('compareValues', () => {
  it('compares numbers of every representation exactly', () => {
    expect(compareValues(0.1, d('0.1'))).toBe(0);
    expect(compareValues(d('0.10'), 0.1)).toBe(0);
    expect(compareValues(2, 2n)).toBe(0);
    expect(compareValues(d('2.00'), 2n)).toBe(0);
    expect(compareValues(9007199254740993n, 9007199254740992)).toBe(1);
    expect(compareValues(9007199254740992, 9007199254740993n)).toBe(-1);
    expect(compareValues(d('0.30000000000000001'), 0.3)).toBe(1);
    expect(compareValues(d('-0.05'), -0.05)).toBe(0);
    expect(compareValues(d('-0.05'), 0)).toBeLessThan(0);
    expect(compareValues(1e23, 10n ** 23n)).toBe(0);
    expect(compareValues(d('99999999999999999999999999999999999999'), 1e38)).toBe(-1);
    expect(compareValues(d('-99999999999999999999999999999999999999'), -1e38)).toBe(1);
    expect(compareValues(d('1').mul(d('0.0000000000000000000001')).mul(d('0.0000000000000000000001')), 1e-44)).toBe(0);
    expect(compareValues(NaN, NaN)).toBe(0);
    expect(compareValues(NaN, Infinity)).toBeGreaterThan(0);
    expect(compareValues(d('5'), NaN)).toBeLessThan(0);
    expect(compareValues(d('5'), -Infinity)).toBeGreaterThan(0);
  });

  it('orders kinds and puts NULL last', () => {
    const values: Value[] = [null, 'b', [1], 3, true, new Map([['a', 1]]), { a: 1 }, false, d('2.5')];
    values.sort(compareValues);
    expect(values).toEqual([false, true, d('2.5'), 3, 'b', [1], new Map([['a', 1]]), { a: 1 }, null]);
  });

  it('compares strings by code point', () => {
    expect(compareStrings('a', 'b')).toBe(-1);
    expect(compareStrings('ab', 'a')).toBe(1);
    // U+1F600 (surrogate pair) is above U+FF5E even though its first UTF-16 unit is lower.
    expect(compareStrings('\u{1F600}', '\uFF5E')).toBe(1);
    expect('\u{1F600}' < '\uFF5E').toBe(true);
  });

  it('compares arrays, maps and structs', () => {
    expect(compareValues([1, 2], [1, 3])).toBeLessThan(0);
    expect(compareValues([1, 2], [1])).toBeGreaterThan(0);
    expect(compareValues(new Map<string, Value>([['a', 1], ['b', 2]]), new Map<string, Value>([['b', 2], ['a', 1]]))).toBe(0);
    expect(compareValues({ a: 1, b: d('1.0') }, { b: 1, a: 1 })).toBe(0);
    expect(compareValues({ a: 1 }, { a: 2 })).toBeLessThan(0);
  });

  it('valuesEqual follows the order, NULL equals NULL', () => {
    expect(valuesEqual(null, null)).toBe(true);
    expect(valuesEqual(d('1.50'), d('1.5'))).toBe(true);
    expect(valuesEqual(1, '1')).toBe(false);
    expect(valuesEqual(NaN, NaN)).toBe(true);
  });

  it('compareNumeric and shortestDecimal', () => {
    expect(compareNumeric(d('1.5'), 2n)).toBe(-1);
    expect(compareNumeric(3n, d('2.5'))).toBe(1);
    expect(shortestDecimal(1e-45)!.scale).toBe(45);
    expect(shortestDecimal(1.5e20)!.toString()).toBe('150000000000000000000');
    expect(shortestDecimal(1e40)).toBeNull();
  });
});
