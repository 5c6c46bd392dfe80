import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BigDecimal } from '../../lib/types/bigDecimal.js';
import {
  bigAdd,
  bigCeil,
  bigCompare,
  bigDivToScale,
  bigFloor,
  bigFromUnscaled,
  bigMod,
  bigMul,
  bigParse,
  bigRoundHalfUp,
  bigSub,
  bigToFixed,
  bigToNumber,
} from '../../lib/types/bigDecimal.js';
import { Decimal, DecimalSum } from '../../lib/types/decimal.js';
import { FerrisError } from '../../lib/types/errors.js';

/*
 * Decimal against big.js: every operation must give the value big.js gives at the scale of the
 * value rules, or DECIMAL_OVERFLOW exactly when that value has more than 38 digits.
 */

const RUNS = { numRuns: 2000 };
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const LIMIT = 10n ** 38n;

/** A generated decimal: its unscaled value and scale. */
interface Sample {
  readonly unscaled: bigint;
  readonly scale: number;
}

/** Unscaled values of every interesting size: small, near 2^53, up to 38 digits. */
const unscaledArb: fc.Arbitrary<bigint> = fc.oneof(
  { weight: 3, arbitrary: fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }) },
  { weight: 3, arbitrary: fc.bigInt({ min: -MAX_SAFE, max: MAX_SAFE }) },
  { weight: 2, arbitrary: fc.bigInt({ min: -2000n, max: 2000n }).map((d) => (d < 0n ? -MAX_SAFE - d : MAX_SAFE - d)) },
  { weight: 2, arbitrary: fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(LIMIT - 1n), max: LIMIT - 1n }) },
  { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: 1000n }).map((d) => (d % 2n === 0n ? LIMIT - d : -(LIMIT - d))) },
);

/** Decimals with scales 0-38 (mostly small), including values between −1 and 0. */
const sampleArb: fc.Arbitrary<Sample> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ unscaled: unscaledArb, scale: fc.integer({ min: 0, max: 10 }) }) },
  { weight: 1, arbitrary: fc.record({ unscaled: unscaledArb, scale: fc.integer({ min: 0, max: 38 }) }) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 12 })
      .chain((scale) => fc.record({ unscaled: fc.bigInt({ min: -(10n ** BigInt(scale)) + 1n, max: -1n }), scale: fc.constant(scale) })),
  },
);

/** Ours and the reference for a sample. */
function both(s: Sample): [Decimal, BigDecimal] {
  return [Decimal.fromUnscaled(s.unscaled, s.scale), bigFromUnscaled(s.unscaled, s.scale)];
}

/** Digits of the unscaled value of `value` at `scale`. */
function digitsAt(value: BigDecimal, scale: number): number {
  return bigToFixed(value, scale).replace(/[-.]/g, '').replace(/^0+(?=\d)/, '').length;
}

/**
 * Checks that `run` gives `expected` at `scale`, or throws DECIMAL_OVERFLOW when the expected
 * value has more than 38 digits at that scale.
 */
function expectResult(run: () => Decimal | null, expected: BigDecimal | null, scale: number): void {
  if (expected === null) {
    expect(run()).toBeNull();
    return;
  }
  if (digitsAt(expected, scale) > 38) {
    expect(run).toThrow(FerrisError);
    try {
      run();
    } catch (e) {
      expect((e as FerrisError).code).toBe('DECIMAL_OVERFLOW');
    }
    return;
  }
  const got = run();
  expect(got).not.toBeNull();
  expect(got!.scale).toBe(scale);
  expect(got!.toString()).toBe(normalizeZero(bigToFixed(expected, scale)));
}

/** big.js prints negative zero as '-0.00'; ours prints zero without a sign. */
function normalizeZero(text: string): string {
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

describe('Decimal against big.js', () => {
  it('prints and parses back every value', () => {
    fc.assert(
      fc.property(sampleArb, (s) => {
        const [ours, ref] = both(s);
        const text = normalizeZero(bigToFixed(ref, s.scale));
        expect(ours.toString()).toBe(text);
        const parsed = Decimal.parse(text);
        expect(parsed.scale).toBe(s.scale);
        expect(parsed.unscaledBig()).toBe(s.unscaled);
        expect(parsed.big === null).toBe(s.unscaled >= -MAX_SAFE && s.unscaled <= MAX_SAFE);
      }),
      RUNS,
    );
  });

  it('adds and subtracts at scale max(sa, sb)', () => {
    fc.assert(
      fc.property(sampleArb, sampleArb, (a, b) => {
        const [x, rx] = both(a);
        const [y, ry] = both(b);
        const scale = Math.max(a.scale, b.scale);
        expectResult(() => x.add(y), bigAdd(rx, ry), scale);
        expectResult(() => x.sub(y), bigSub(rx, ry), scale);
      }),
      RUNS,
    );
  });

  it('multiplies at scale sa + sb', () => {
    fc.assert(
      fc.property(sampleArb, sampleArb, (a, b) => {
        const [x, rx] = both(a);
        const [y, ry] = both(b);
        expectResult(() => x.mul(y), bigMul(rx, ry), a.scale + b.scale);
      }),
      RUNS,
    );
  });

  it('multiplies by an INTEGER (a safe number or a bigint) at scale sa', () => {
    fc.assert(
      fc.property(sampleArb, unscaledArb, (a, n) => {
        const [x, rx] = both(a);
        const integer = n >= -MAX_SAFE && n <= MAX_SAFE ? Number(n) : n;
        expectResult(() => x.mulInteger(integer), bigMul(rx, bigFromUnscaled(n, 0)), a.scale);
      }),
      RUNS,
    );
  });

  it('divides at scale max(sa, sb) + 6, HALF_UP, null on zero', () => {
    fc.assert(
      fc.property(sampleArb, sampleArb, (a, b) => {
        const [x, rx] = both(a);
        const [y, ry] = both(b);
        const scale = Math.max(a.scale, b.scale) + 6;
        expectResult(() => x.div(y), bigDivToScale(rx, ry, scale), scale);
      }),
      RUNS,
    );
  });

  it('divides to any scale and takes remainders with the sign of the dividend', () => {
    fc.assert(
      fc.property(sampleArb, sampleArb, fc.integer({ min: 0, max: 20 }), (a, b, scale) => {
        const [x, rx] = both(a);
        const [y, ry] = both(b);
        expectResult(() => x.divToScale(y, scale), bigDivToScale(rx, ry, scale), scale);
        expectResult(() => x.mod(y), bigMod(rx, ry), Math.max(a.scale, b.scale));
      }),
      RUNS,
    );
  });

  it('ROUND(x, n) is HALF_UP to scale max(n, 0)', () => {
    fc.assert(
      fc.property(sampleArb, fc.integer({ min: -10, max: 40 }), (a, n) => {
        const [x, rx] = both(a);
        expectResult(() => x.round(n), bigRoundHalfUp(rx, n), Math.max(n, 0));
      }),
      RUNS,
    );
  });

  it('rescale (CAST) rounds HALF_UP', () => {
    fc.assert(
      fc.property(sampleArb, fc.integer({ min: 0, max: 38 }), (a, scale) => {
        const [x, rx] = both(a);
        expectResult(() => x.rescale(scale), bigRoundHalfUp(rx, scale), scale);
      }),
      RUNS,
    );
  });

  it('floor and ceil', () => {
    fc.assert(
      fc.property(sampleArb, (a) => {
        const [x, rx] = both(a);
        expectResult(() => x.floor(), bigFloor(rx), 0);
        expectResult(() => x.ceil(), bigCeil(rx), 0);
      }),
      RUNS,
    );
  });

  it('compares by value', () => {
    fc.assert(
      fc.property(sampleArb, sampleArb, (a, b) => {
        const [x, rx] = both(a);
        const [y, ry] = both(b);
        expect(x.compare(y)).toBe(bigCompare(rx, ry));
        expect(x.equals(y)).toBe(bigCompare(rx, ry) === 0);
        const wider = a.scale + 3;
        if (digitsAt(rx, wider) <= 38) expect(x.compare(x.rescale(wider))).toBe(0);
      }),
      RUNS,
    );
  });

  it('converts to the nearest double and truncates to bigint', () => {
    fc.assert(
      fc.property(sampleArb, (a) => {
        const [x, rx] = both(a);
        expect(x.toNumber()).toBe(bigToNumber(rx));
        expect(x.toBigInt()).toBe(BigInt(bigToFixed(rx.round(0, 0), 0)));
      }),
      RUNS,
    );
  });

  it('fromNumber goes through the shortest round-trip text', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e30, max: 1e30 }), (v) => {
        let ours: Decimal;
        try {
          ours = Decimal.fromNumber(v);
        } catch (e) {
          // Only tiny doubles whose shortest text needs a scale above 38 are refused.
          expect((e as FerrisError).code).toBe('DECIMAL_OVERFLOW');
          expect(Math.abs(v)).toBeLessThan(1e-21);
          return;
        }
        expect(bigCompare(bigParse(ours.toString()), bigParse(String(v)))).toBe(0);
        expect(ours.toNumber()).toBe(v === 0 ? 0 : v);
      }),
      RUNS,
    );
  });

  it('DecimalSum is exact over mixed scales and spills', () => {
    fc.assert(
      fc.property(fc.array(sampleArb.filter((s) => s.scale <= 12 && s.unscaled < 10n ** 25n && s.unscaled > -(10n ** 25n)), { maxLength: 40 }), (samples) => {
        const sum = new DecimalSum();
        let ref = bigParse('0');
        let scale = 0;
        for (const s of samples) {
          const [x, rx] = both(s);
          sum.add(x);
          ref = bigAdd(ref, rx);
          scale = Math.max(scale, s.scale);
        }
        if (samples.length === 0) {
          expect(sum.result()).toBeNull();
          return;
        }
        expectResult(() => sum.result(), ref, scale);
        expectResult(() => sum.average(), bigDivToScale(ref, bigParse(String(samples.length)), scale + 6), scale + 6);
      }),
      RUNS,
    );
  });
});
