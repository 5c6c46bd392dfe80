import Big from 'big.js';

/*
 * The project's only door to big.js: arbitrary-precision decimal arithmetic used as the
 * reference that `Decimal` is checked and benchmarked against (property specs,
 * bench/decimal.bench.ts). The functions are thin so that benchmarks measure big.js itself.
 */

/** A big.js number; opaque outside this adapter. */
export type BigDecimal = Big.Big;

/** big.js rounding modes used here. */
const ROUND_DOWN = 0;
const ROUND_HALF_UP = 1;
const ROUND_UP = 3;

/** A big.js constructor of our own so global settings of other users cannot interfere. */
const BigOf: Big.BigConstructor = Big();
BigOf.RM = ROUND_HALF_UP;
BigOf.NE = -1_000_000;
BigOf.PE = 1_000_000;

/** Parses decimal text (sign, digits, point, exponent); throws a big.js error when malformed. */
export function bigParse(text: string): BigDecimal {
  return new BigOf(text);
}

/** The decimal `unscaled × 10^-scale`. */
export function bigFromUnscaled(unscaled: bigint, scale: number): BigDecimal {
  return new BigOf(unscaled.toString()).times(new BigOf(`1e-${scale}`));
}

/** a + b, exact. */
export function bigAdd(a: BigDecimal, b: BigDecimal): BigDecimal {
  return a.plus(b);
}

/** a − b, exact. */
export function bigSub(a: BigDecimal, b: BigDecimal): BigDecimal {
  return a.minus(b);
}

/** a × b, exact. */
export function bigMul(a: BigDecimal, b: BigDecimal): BigDecimal {
  return a.times(b);
}

/** a ÷ b rounded HALF_UP to `scale` digits; null when b is zero. */
export function bigDivToScale(a: BigDecimal, b: BigDecimal, scale: number): BigDecimal | null {
  if (b.eq(0)) return null;
  BigOf.DP = scale;
  return a.div(b);
}

/** The remainder of a ÷ b with the sign of a; null when b is zero. */
export function bigMod(a: BigDecimal, b: BigDecimal): BigDecimal | null {
  return b.eq(0) ? null : a.mod(b);
}

/** Rounds HALF_UP to `scale` digits (negative: left of the point). */
export function bigRoundHalfUp(a: BigDecimal, scale: number): BigDecimal {
  return a.round(scale, ROUND_HALF_UP);
}

/** The largest integer ≤ a. */
export function bigFloor(a: BigDecimal): BigDecimal {
  return a.round(0, a.lt(0) ? ROUND_UP : ROUND_DOWN);
}

/** The smallest integer ≥ a. */
export function bigCeil(a: BigDecimal): BigDecimal {
  return a.round(0, a.lt(0) ? ROUND_DOWN : ROUND_UP);
}

/** -1, 0 or 1. */
export function bigCompare(a: BigDecimal, b: BigDecimal): -1 | 0 | 1 {
  return a.cmp(b);
}

/** The text with exactly `scale` fraction digits (no exponent). */
export function bigToFixed(a: BigDecimal, scale: number): string {
  return a.toFixed(scale);
}

/** The nearest double. */
export function bigToNumber(a: BigDecimal): number {
  return Number(a.toFixed());
}
