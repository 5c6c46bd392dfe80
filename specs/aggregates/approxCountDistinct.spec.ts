import { describe, expect, it } from 'vitest';
import { Decimal } from '../../lib/types/decimal.js';
import { INTEGER, NULL_TYPE, STRING } from '../../lib/types/sqlType.js';
import type { Value } from '../../lib/types/value.js';
import { bindCall, feed, over } from './harness.js';

/** Relative error of an estimate. */
function relativeError(estimate: Value, exact: number): number {
  return Math.abs((estimate as number) - exact) / exact;
}

/** Distinct values of several kinds: integers, strings, decimals. */
const kinds: readonly { name: string; make: (i: number) => Value }[] = [
  { name: 'integers', make: (i) => i },
  { name: 'strings', make: (i) => `user-${i}` },
  { name: 'decimals', make: (i) => Decimal.fromUnscaled(i * 7 - 350_000, 2) },
];

describe('APPROX_COUNT_DISTINCT (HyperLogLog, p = 14)', () => {
  it('is 0 over no values and exact-looking for tiny inputs', () => {
    expect(over('APPROX_COUNT_DISTINCT', INTEGER, [])).toBe(0);
    expect(over('APPROX_COUNT_DISTINCT', INTEGER, [null, null])).toBe(0);
    expect(over('APPROX_COUNT_DISTINCT', NULL_TYPE, [null])).toBe(0);
    expect(over('APPROX_COUNT_DISTINCT', STRING, ['a', 'b', 'a', 'c', null])).toBe(3);
  });

  it.each(kinds)('stays within 3 standard errors (2.5 %) on 100,000 distinct $name', ({ make }) => {
    const acc = bindCall({ name: 'APPROX_COUNT_DISTINCT', types: [INTEGER] }).create();
    const args: Value[] = [null];
    for (let i = 0; i < 100_000; i++) {
      args[0] = make(i);
      acc.add(args);
      if (i % 3 === 0) acc.add(args); // duplicates change nothing
    }
    expect(relativeError(acc.result(), 100_000)).toBeLessThan(0.025);
  });

  it('stays within 2.5 % at every scale from 10 to 300,000 (sparse, dense, small- and mid-range)', () => {
    const acc = bindCall({ name: 'APPROX_COUNT_DISTINCT', types: [STRING] }).create();
    const args: Value[] = [null];
    const checkpoints = new Set([10, 100, 1000, 1024, 1025, 5000, 20_000, 40_000, 80_000, 300_000]);
    const errors: number[] = [];
    for (let i = 1; i <= 300_000; i++) {
      args[0] = `k${i * 2654435761}`;
      acc.add(args);
      if (checkpoints.has(i)) errors.push(relativeError(acc.result(), i));
    }
    expect(Math.max(...errors)).toBeLessThan(0.025);
    // The mean error is about the standard error (≈ 0.81 %), not a lucky zero.
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(0.012);
  });

  it('equal values count once whatever their representation (1.5, 1.50, double 1.5)', () => {
    expect(over('APPROX_COUNT_DISTINCT', INTEGER, [Decimal.parse('1.5'), Decimal.parse('1.50'), 1.5, 2, 2n])).toBe(2);
  });

  it('merge is a register-wise maximum: the union of two halves equals one sketch of everything', () => {
    const bound = bindCall({ name: 'APPROX_COUNT_DISTINCT', types: [INTEGER] });
    const rows = Array.from({ length: 60_000 }, (_, i) => [i % 45_000]);
    const whole = feed(bound.create(), rows);
    const left = feed(bound.create(), rows.slice(0, 700)); // stays sparse
    const right = feed(bound.create(), rows.slice(700)); // dense
    left.merge(right);
    expect(left.result()).toBe(whole.result());
    const denseFirst = feed(bound.create(), rows.slice(700));
    denseFirst.merge(feed(bound.create(), rows.slice(0, 700)));
    expect(denseFirst.result()).toBe(whole.result());
    expect(relativeError(whole.result(), 45_000)).toBeLessThan(0.025);
  });
});
