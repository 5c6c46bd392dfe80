import { Decimal } from '../types/decimal.js';

/*
 * Order statistics over sorted, non-empty arrays. The fraction p is an exact decimal so that
 * positions like 0.3 × 10 are exact (a double would give 3.0000000000000004).
 */

/**
 * PERCENTILE_DISC: the first value whose cumulative share reaches p, i.e. the value at
 * position max(ceil(p × n), 1) (1-based), like PostgreSQL and DuckDB.
 */
export function discreteQuantile<T>(sorted: readonly T[], p: Decimal): T {
  const n = sorted.length;
  const position = Number(p.mul(Decimal.fromInteger(n)).ceil().toBigInt());
  return sorted[Math.max(position, 1) - 1]!;
}

/** Splits the 0-based position p × (n − 1) into its integer part and its fraction. */
function continuousPosition(n: number, p: Decimal): { index: number; fraction: Decimal } {
  const h = p.mul(Decimal.fromInteger(n - 1));
  const index = h.floor();
  return { index: Number(index.toBigInt()), fraction: h.sub(index) };
}

/**
 * PERCENTILE_CONT over doubles: the value at position p × (n − 1) (0-based), interpolated
 * linearly between its two neighbours.
 */
export function continuousQuantileOfDoubles(sorted: readonly number[], p: Decimal): number {
  const { index, fraction } = continuousPosition(sorted.length, p);
  const lo = sorted[index]!;
  if (fraction.isZero()) return lo;
  return lo + (sorted[index + 1]! - lo) * fraction.toNumber();
}

/**
 * PERCENTILE_CONT over decimals, exactly: lo + (hi − lo) × fraction, then rounded HALF_UP to
 * `scale`. The median of an even count is thus the exact mean of the two middle values.
 */
export function continuousQuantileOfDecimals(sorted: readonly Decimal[], p: Decimal, scale: number): Decimal {
  const { index, fraction } = continuousPosition(sorted.length, p);
  const lo = sorted[index]!;
  if (fraction.isZero()) return lo.rescale(scale);
  return lo.add(sorted[index + 1]!.sub(lo).mul(fraction)).rescale(scale);
}
