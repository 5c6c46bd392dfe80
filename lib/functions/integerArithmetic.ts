/*
 * Exact INTEGER arithmetic (DESIGN.md §4): a JS number while the result is a safe integer,
 * a bigint beyond. Each kernel tries the number path first and recomputes in bigint only
 * when the double result left the safe range (where it may be inexact).
 */

/** An INTEGER value: a safe-integer number or a bigint beyond 2^53. */
export type IntegerValue = number | bigint;

const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

/** The canonical representation: a number when safe, else the bigint. */
export function normalizeInteger(x: bigint): IntegerValue {
  return x >= -MAX_SAFE_BIG && x <= MAX_SAFE_BIG ? Number(x) : x;
}

/** a + b, exact. */
export function addIntegers(a: IntegerValue, b: IntegerValue): IntegerValue {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  return normalizeInteger(BigInt(a) + BigInt(b));
}

/** a − b, exact. */
export function subtractIntegers(a: IntegerValue, b: IntegerValue): IntegerValue {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r;
  }
  return normalizeInteger(BigInt(a) - BigInt(b));
}

/** a × b, exact. */
export function multiplyIntegers(a: IntegerValue, b: IntegerValue): IntegerValue {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (Number.isSafeInteger(r)) return r + 0;
  }
  return normalizeInteger(BigInt(a) * BigInt(b));
}

/** a ÷ b truncated toward zero; null when b is zero. */
export function divideIntegers(a: IntegerValue, b: IntegerValue): IntegerValue | null {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) return null;
    // a − a % b is an exact multiple of b, so the division is exact.
    return (a - (a % b)) / b + 0;
  }
  const divisor = BigInt(b);
  if (divisor === 0n) return null;
  return normalizeInteger(BigInt(a) / divisor);
}

/** The remainder of a ÷ b with the sign of a; null when b is zero. */
export function remainderIntegers(a: IntegerValue, b: IntegerValue): IntegerValue | null {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) return null;
    return (a % b) + 0;
  }
  const divisor = BigInt(b);
  if (divisor === 0n) return null;
  return normalizeInteger(BigInt(a) % divisor);
}

/** −a, exact. */
export function negateInteger(a: IntegerValue): IntegerValue {
  return typeof a === 'number' ? -a + 0 : normalizeInteger(-a);
}
