import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../lib/types/decimal.js';

/** The text of unscaled × 10^-scale, written with bigint arithmetic. */
function bigText(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

describe('Decimal.toString', () => {
  it('writes every safe unscaled value at every scale as bigint arithmetic does, near 2^50 and 2^53 too', () => {
    const unscaled = fc.oneof(
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.maxSafeInteger(),
      fc.integer({ min: 2 ** 50 - 1000, max: 2 ** 50 + 1000 }),
      fc.integer({ min: Number.MAX_SAFE_INTEGER - 1000, max: Number.MAX_SAFE_INTEGER }).map((n) => (n % 2 === 0 ? n : -n)),
    );
    fc.assert(
      fc.property(unscaled, fc.integer({ min: 0, max: 20 }), (n, scale) => {
        expect(Decimal.fromUnscaled(n, scale).toString()).toBe(bigText(BigInt(n), scale));
      }),
      { numRuns: 5000 },
    );
    expect(Decimal.fromUnscaled(-5, 2).toString()).toBe('-0.05');
    expect(Decimal.fromUnscaled(0, 3).toString()).toBe('0.000');
    expect(Decimal.fromUnscaled(4350917, 4).toString()).toBe('435.0917');
  });
});
