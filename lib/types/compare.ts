import { Decimal, isDecimal } from './decimal.js';
import { MAX_DECIMAL_PRECISION } from './sqlType.js';
import type { StructValue, Value } from './value.js';

/*
 * One total order over runtime values, for ORDER BY, MIN/MAX, sorted state and joins.
 *
 * Numbers of every representation (number, bigint, Decimal) compare by value, exactly. A
 * double stands for its shortest round-trip decimal (what `String(x)` prints), so 0.1 as a
 * double equals DECIMAL 0.1, the same rule `Decimal.fromNumber` follows. NaN is equal to
 * itself and greater than every other number (like PostgreSQL).
 * Across kinds: BOOLEAN < numbers < STRING < ARRAY < MAP < STRUCT < NULL (NULLs last, as
 * PostgreSQL sorts ascending). Strings compare by Unicode code point; arrays element-wise
 * then by length; maps and structs by their sorted keys, then values.
 */

/** The rank of a value's kind in the cross-kind order. */
function kindRank(v: Value): number {
  if (v === null) return 6;
  switch (typeof v) {
    case 'boolean':
      return 0;
    case 'number':
    case 'bigint':
      return 1;
    case 'string':
      return 2;
    default:
      break;
  }
  if (isDecimal(v)) return 1;
  if (Array.isArray(v)) return 3;
  return v instanceof Map ? 4 : 5;
}

/** -1, 0 or 1 from a difference-like comparison. */
function order(a: number | bigint, b: number | bigint): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The comparison with its operands swapped (never -0). */
function reversed(c: -1 | 0 | 1): -1 | 0 | 1 {
  return (0 - c) as -1 | 0 | 1;
}

/** Compares two doubles; NaN equals NaN and is above everything else. */
function compareDoubles(a: number, b: number): -1 | 0 | 1 {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
}

/** What {@link compareWithDouble} returns when the doubles are equal and only the exact values can tell. */
const TIE = 2;

/**
 * Compares an exact value (via its nearest double `approx`) with a double `x` taken as its
 * shortest decimal. Rounding to the nearest double is monotonic, so different doubles already
 * decide the order; equal finite doubles give {@link TIE}, for the caller's exact comparison.
 * (A sentinel rather than a callback: this runs per row in filters, and a closure per call
 * was most of their garbage.)
 */
function compareWithDouble(approx: number, x: number): -1 | 0 | 1 | typeof TIE {
  if (Number.isNaN(x)) return -1;
  if (approx !== x || !Number.isFinite(x)) return compareDoubles(approx, x);
  return TIE;
}

/** 10^i as doubles, exact for i ≤ 22. */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * The shortest round-trip decimal of a finite double, without the 38-digit scale limit of
 * `Decimal.fromNumber` (1e-45 has scale 45); null when its magnitude has more than 38 integer
 * digits, beyond every Decimal.
 */
export function shortestDecimal(x: number): Decimal | null {
  const text = String(x);
  const e = text.indexOf('e');
  const mantissa = e < 0 ? text : text.slice(0, e);
  const exponent = e < 0 ? 0 : Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const scale = (dot < 0 ? 0 : mantissa.length - dot - 1) - exponent;
  const unscaled = BigInt(dot < 0 ? mantissa : mantissa.replace('.', ''));
  if (scale >= 0) return Decimal.fromUnscaled(unscaled, scale);
  if (mantissa.length - scale > MAX_DECIMAL_PRECISION + 2) return null;
  const scaled = unscaled * 10n ** BigInt(-scale);
  return absBig(scaled) >= 10n ** BigInt(MAX_DECIMAL_PRECISION) ? null : Decimal.fromUnscaled(scaled, 0);
}

/** |x| for a bigint. */
function absBig(x: bigint): bigint {
  return x < 0n ? -x : x;
}

/** Compares a Decimal with a double (finite, equal to the decimal's nearest double). */
function compareDecimalWithShortest(d: Decimal, x: number): -1 | 0 | 1 {
  const exact = shortestDecimal(x);
  if (exact === null) return x > 0 ? -1 : 1;
  return d.compare(exact);
}

/**
 * Compares a Decimal with a double taken as its shortest decimal. An integer `x` (an INTEGER
 * column or literal is a JS number too) against a decimal on the integer fast path compares
 * unscaled integers, `d.unscaled` with `x · 10^scale`, when that product is a safe integer.
 */
function compareDecimalDouble(d: Decimal, x: number): -1 | 0 | 1 {
  if (d.big === null && Number.isSafeInteger(x) && d.scale < POW10.length) {
    const scaled = x * POW10[d.scale]!;
    if (Number.isSafeInteger(scaled)) return order(d.unscaled, scaled);
  }
  const c = compareWithDouble(d.toNumber(), x);
  return c === TIE ? compareDecimalWithShortest(d, x) : c;
}

/** Compares a bigint with a double taken as its shortest decimal. */
function compareBigDouble(b: bigint, x: number): -1 | 0 | 1 {
  if (Number.isSafeInteger(x)) return order(b, x);
  const c = compareWithDouble(Number(b), x);
  return c === TIE ? compareDecimalWithShortest(Decimal.fromInteger(b), x) : c;
}

/** Compares two numeric values of any representation (number, bigint, Decimal) exactly. */
export function compareNumeric(a: number | bigint | Decimal, b: number | bigint | Decimal): -1 | 0 | 1 {
  if (typeof a === 'number') {
    if (typeof b === 'number') return compareDoubles(a, b);
    if (typeof b === 'bigint') return reversed(compareBigDouble(b, a));
    return reversed(compareDecimalDouble(b, a));
  }
  if (typeof a === 'bigint') {
    if (typeof b === 'number') return compareBigDouble(a, b);
    if (typeof b === 'bigint') return order(a, b);
    return reversed(b.compare(Decimal.fromInteger(a)));
  }
  if (typeof b === 'number') return compareDecimalDouble(a, b);
  if (typeof b === 'bigint') return a.compare(Decimal.fromInteger(b));
  return a.compare(b);
}

/** Maps a UTF-16 code unit so that unit order matches code point order (surrogates above U+FFFF). */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}

/** Compares strings by Unicode code point. */
export function compareStrings(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) return codePointRank(ca) < codePointRank(cb) ? -1 : 1;
  }
  return order(a.length, b.length);
}

/** Compares two arrays element-wise, then by length. */
function compareArrays(a: readonly Value[], b: readonly Value[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return order(a.length, b.length);
}

/** Compares two keyed collections by their sorted keys, then their values in key order. */
function compareKeyed(aKeys: string[], bKeys: string[], aGet: (k: string) => Value, bGet: (k: string) => Value): number {
  aKeys.sort(compareStrings);
  bKeys.sort(compareStrings);
  const n = Math.min(aKeys.length, bKeys.length);
  for (let i = 0; i < n; i++) {
    const c = compareStrings(aKeys[i]!, bKeys[i]!);
    if (c !== 0) return c;
  }
  if (aKeys.length !== bKeys.length) return order(aKeys.length, bKeys.length);
  for (const key of aKeys) {
    const c = compareValues(aGet(key), bGet(key));
    if (c !== 0) return c;
  }
  return 0;
}

/** A total order over values (see the module notes): negative, zero or positive. */
export function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return compareDoubles(a, b);
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (a instanceof Decimal && b instanceof Decimal) return a.compare(b);
  const ra = kindRank(a);
  const rb = kindRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
      return order(a === true ? 1 : 0, b === true ? 1 : 0);
    case 1:
      return compareNumeric(a as number | bigint | Decimal, b as number | bigint | Decimal);
    case 3:
      return compareArrays(a as Value[], b as Value[]);
    case 4: {
      const ma = a as Map<string, Value>;
      const mb = b as Map<string, Value>;
      return compareKeyed([...ma.keys()], [...mb.keys()], (k) => ma.get(k) ?? null, (k) => mb.get(k) ?? null);
    }
    case 5: {
      const sa = a as StructValue;
      const sb = b as StructValue;
      return compareKeyed(Object.keys(sa), Object.keys(sb), (k) => sa[k] ?? null, (k) => sb[k] ?? null);
    }
    default:
      return 0;
  }
}

/**
 * Whether two values are equal in the order of {@link compareValues}: 1.50 = 1.5, 2 = 2n,
 * 0.1 (double) = DECIMAL 0.1. NULL equals NULL here (grouping semantics, IS NOT DISTINCT
 * FROM); SQL's three-valued `=` is the caller's business.
 */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  return compareValues(a, b) === 0;
}
