import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareNumeric } from '../../lib/types/compare.js';
import { Decimal } from '../../lib/types/decimal.js';

/** The sign of d − x, computed on bigints: the reference for the integer fast path. */
function referenceSign(unscaled: bigint, scale: number, x: number): number {
  const difference = unscaled - BigInt(x) * 10n ** BigInt(scale);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

describe('compareNumeric of a DECIMAL with an integer number (the integer fast path)', () => {
  it('agrees with exact bigint arithmetic, near the safe-integer limits too', () => {
    const integer = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 40, -(2 ** 40)), fc.maxSafeInteger());
    const unscaled = fc.oneof(fc.bigInt({ min: -(10n ** 7n), max: 10n ** 7n }), fc.bigInt({ min: -(2n ** 53n), max: 2n ** 53n }), fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }));
    fc.assert(
      fc.property(unscaled, fc.integer({ min: 0, max: 24 }), integer, (u, scale, x) => {
        const decimal = Decimal.fromUnscaled(u, scale);
        expect(compareNumeric(decimal, x)).toBe(referenceSign(u, scale, x));
        expect(compareNumeric(x, decimal)).toBe(-referenceSign(u, scale, x) || 0);
      }),
      { numRuns: 3000 },
    );
  });
});
