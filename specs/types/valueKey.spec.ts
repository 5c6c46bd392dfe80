import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../lib/types/decimal.js';
import { compareValues, valuesEqual } from '../../lib/types/compare.js';
import type { Value } from '../../lib/types/value.js';
import { rowKey, valueKey } from '../../lib/types/valueKey.js';

const d = (text: string): Decimal => Decimal.parse(text);

describe('valueKey', () => {
  it('gives equal values equal keys', () => {
    expect(valueKey(d('1.50'))).toBe(valueKey(d('1.5')));
    expect(valueKey(d('1.5'))).toBe(valueKey(1.5));
    expect(valueKey(d('2.00'))).toBe(valueKey(2));
    expect(valueKey(2n)).toBe(valueKey(2));
    expect(valueKey(0.1)).toBe(valueKey(d('0.1')));
    expect(valueKey(d('-0.05'))).toBe(-0.05);
    expect(valueKey(12345678901234567890n)).toBe(valueKey(d('12345678901234567890.000')));
    expect(valueKey(1e23)).toBe(valueKey(10n ** 23n));
    expect(valueKey(d('1234567890.1234567891'))).toBe(valueKey(d('1234567890.12345678910')));
    expect(valueKey(null)).toBe(valueKey(null));
    expect(valueKey([d('1.0'), 'x'])).toBe(valueKey([1, 'x']));
    expect(valueKey(new Map<string, Value>([['a', 1], ['b', 2]]))).toBe(valueKey(new Map<string, Value>([['b', 2n], ['a', d('1.0')]])));
    expect(valueKey({ a: 1, b: 'x' })).toBe(valueKey({ b: 'x', a: 1 }));
  });

  it('gives different values different keys', () => {
    const values: Value[] = [
      null, true, false, 0, 1, '1', '', '\u0000N', '\u0000T', 0.1, d('0.1000000000000000001'),
      d('1234567890.1234567891'), d('1234567890.1234567892'), 9007199254740993n, 9007199254740992,
      [1], ['1'], [[1]], new Map([['a', 1]]), { a: 1 }, 'a', [], {}, new Map(),
    ];
    const keys = new Set(values.map(valueKey));
    expect(keys.size).toBe(values.length);
  });
});

describe('rowKey', () => {
  it('never collides across tuples', () => {
    const tuples: Value[][] = [['a|b', 'c'], ['a', 'b|c'], ['1:a', ''], ['1', ':a'], [1, 'a'], ['1', 'a'], [null, 'a'], ['\u0000N', 'a'], [12, 3], [1, 23]];
    expect(new Set(tuples.map(rowKey)).size).toBe(tuples.length);
  });

  it('is equal for equal tuples', () => {
    expect(rowKey(['AAPL', d('1.50'), null])).toBe(rowKey(['AAPL', 1.5, null]));
  });
});

describe('valueKey agrees with valuesEqual and compareValues', () => {
  /** Numbers in every representation: Decimals, their doubles, integral bigints, plain doubles. */
  const numericArb: fc.Arbitrary<Value> = fc
    .integer({ min: 1, max: 20 })
    .chain((digits) =>
      fc.record({
        unscaled: fc.bigInt({ min: -(10n ** BigInt(digits)), max: 10n ** BigInt(digits) }),
        scale: fc.integer({ min: 0, max: 6 }),
        form: fc.integer({ min: 0, max: 3 }),
      }),
    )
    .map(({ unscaled, scale, form }): Value => {
      const dec = Decimal.fromUnscaled(unscaled, scale);
      if (form === 0) return dec;
      if (form === 1) return dec.toNumber();
      if (form === 2) return dec.rescale(0).toBigInt();
      return dec.rescale(scale + 2);
    });

  it('equal keys exactly for equal values', () => {
    fc.assert(
      fc.property(numericArb, numericArb, (a, b) => {
        expect(valueKey(a) === valueKey(b)).toBe(valuesEqual(a, b));
        expect(Math.sign(compareValues(a, b))).toBe(0 - Math.sign(compareValues(b, a)));
      }),
      { numRuns: 3000 },
    );
  });

  it('orders transitively', () => {
    fc.assert(
      fc.property(numericArb, numericArb, numericArb, (a, b, c) => {
        const sorted = [a, b, c].sort(compareValues);
        expect(compareValues(sorted[0]!, sorted[1]!)).toBeLessThanOrEqual(0);
        expect(compareValues(sorted[1]!, sorted[2]!)).toBeLessThanOrEqual(0);
        expect(compareValues(sorted[0]!, sorted[2]!)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });
});
