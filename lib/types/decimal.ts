import { FerrisError } from './errors.js';
import { MAX_DECIMAL_PRECISION } from './sqlType.js';

/*
 * Exact decimals (DESIGN.md §4). A value is `unscaled × 10^-scale` with `scale ≥ 0`.
 * Fast path: the unscaled value is a safe-integer JS number (`big === null`). Beyond 2^53 it is
 * a bigint (`big !== null`, `unscaled === 0`). The representation is canonical: a value that
 * fits a safe integer is always stored as a number, so two decimals of equal scale are equal
 * exactly when their fields are equal.
 */

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Exact powers of ten as doubles (10^0 … 10^22 are exactly representable). */
const POW10_NUMBER: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);
/** The largest scale whose 10^scale + fraction stays a safe integer (10^15 + 10^15 < 2^53). */
const MAX_SAFE_SCALE = 15;
/** Unscaled magnitudes up to this are split into whole part and fraction in doubles (see `toString`). */
const EXACT_SPLIT_LIMIT = 2 ** 50;

/** Cache of bigint powers of ten, grown on demand. */
const POW10_BIG: bigint[] = [1n];

/** 10^n as a bigint. */
function pow10Big(n: number): bigint {
  while (POW10_BIG.length <= n) POW10_BIG.push(POW10_BIG[POW10_BIG.length - 1]! * 10n);
  return POW10_BIG[n]!;
}

/** The smallest magnitude with more digits than a DECIMAL may hold: 10^38. */
const OVERFLOW_LIMIT = pow10Big(MAX_DECIMAL_PRECISION);
const MAX_SAFE_BIG = BigInt(MAX_SAFE);

/** The error every result wider than the allowed precision raises. */
function overflow(what: string, maxPrecision: number): FerrisError {
  return new FerrisError('DECIMAL_OVERFLOW', `decimal overflow: ${what} has more than ${maxPrecision} digits`);
}

/** |x| for a bigint. */
function absBig(x: bigint): bigint {
  return x < 0n ? -x : x;
}

/** Integer division of `n` by `d` (d ≠ 0), rounding HALF_UP (ties away from zero). */
function divHalfUpBig(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  if (absBig(r) * 2n >= absBig(d)) return (n < 0n) === (d < 0n) ? q + 1n : q - 1n;
  return q;
}

/**
 * Integer division of safe integers `n` by `d` (d ≠ 0) rounding HALF_UP. `Math.trunc(n / d)`
 * is the exact truncated quotient for |n|, |d| < 2^53 (the rounding error of the division is
 * smaller than the distance of a non-integer quotient to the next integer).
 */
function divHalfUpNumber(n: number, d: number): number {
  const q = Math.trunc(n / d);
  const r = n - q * d;
  if (r === 0) return q + 0;
  if (Math.abs(r) * 2 >= Math.abs(d)) return (n < 0) === (d < 0) ? q + 1 : q - 1;
  return q + 0;
}

/** Number of decimal digits of |x| (1 for 0). */
function digitsOfNumber(x: number): number {
  let a = x < 0 ? -x : x;
  let n = 1;
  while (a >= 10) {
    a = Math.floor(a / 10);
    n++;
  }
  return n;
}

/** Number of decimal digits of |x| (1 for 0). */
function digitsOfBig(x: bigint): number {
  return absBig(x).toString().length;
}

/** A syntax error of decimal text. */
function badText(text: string): FerrisError {
  return new FerrisError(
    'BAD_RECORD',
    `invalid DECIMAL text '${text.length > 60 ? `${text.slice(0, 60)}…` : text}': expected [+-]digits[.digits][e[+-]digits]`,
  );
}

const CH_0 = 48;
const CH_DOT = 46;
const CH_PLUS = 43;
const CH_MINUS = 45;
const CH_SPACE = 32;
const CH_TAB = 9;
const CH_E_UPPER = 69;
const CH_E_LOWER = 101;

/**
 * An exact decimal number (DESIGN.md §4): `unscaled × 10^-scale`, at most 38 digits.
 *
 * Arithmetic follows the value rules: `a ± b` has scale max(sa, sb), `a × b` scale sa + sb,
 * `a ÷ b` scale max(sa, sb) + 6 rounded HALF_UP (ties away from zero, negatives included),
 * division by zero gives `null`. Any result whose unscaled value has more than 38 digits
 * throws `FerrisError('DECIMAL_OVERFLOW')`. Instances are immutable.
 */
export class Decimal {
  /** The unscaled value when it is a safe integer; 0 when {@link big} holds it. */
  readonly unscaled: number;
  /** The unscaled value when it is beyond 2^53 in magnitude, otherwise null. */
  readonly big: bigint | null;
  /** Digits after the decimal point (≥ 0). */
  readonly scale: number;

  private constructor(unscaled: number, big: bigint | null, scale: number) {
    this.unscaled = unscaled;
    this.big = big;
    this.scale = scale;
  }

  /** Builds a decimal from a safe-integer unscaled value (the caller guarantees safety). */
  private static ofSafe(unscaled: number, scale: number): Decimal {
    return new Decimal(unscaled + 0, null, scale);
  }

  /** Builds a decimal from a bigint unscaled value, normalizing and checking the 38-digit limit. */
  private static ofBig(unscaled: bigint, scale: number): Decimal {
    if (unscaled >= -MAX_SAFE_BIG && unscaled <= MAX_SAFE_BIG) return new Decimal(Number(unscaled), null, scale);
    if (absBig(unscaled) >= OVERFLOW_LIMIT) {
      throw overflow(`a result of scale ${scale} (${digitsOfBig(unscaled)} digits)`, MAX_DECIMAL_PRECISION);
    }
    return new Decimal(0, unscaled, scale);
  }

  /**
   * Parses decimal text: optional surrounding spaces/tabs, an optional sign, digits with an
   * optional point (`'150.2567'`, `'-0.05'`, `'.5'`, `'5.'`), and an optional exponent
   * (`'1e3'` → 1000, `'1.5E-7'` → 0.00000015). The scale is the number of fraction digits minus
   * the exponent, never below 0 (trailing zeros are kept: `'1.50'` has scale 2).
   * Throws `BAD_RECORD` on malformed text and `DECIMAL_OVERFLOW` beyond 38 digits or scale 38.
   */
  static parse(text: string): Decimal {
    const d = Decimal.parseOrNull(text);
    if (d === null) throw badText(text);
    return d;
  }

  /** Like {@link parse} but returns null on malformed text (overflow still throws). */
  static tryParse(text: string): Decimal | null {
    return Decimal.parseOrNull(text);
  }

  /** The hand-written parser behind {@link parse}: a single digit loop, BigInt only past 2^53. */
  private static parseOrNull(text: string): Decimal | null {
    let end = text.length;
    let i = 0;
    while (i < end && (text.charCodeAt(i) === CH_SPACE || text.charCodeAt(i) === CH_TAB)) i++;
    while (end > i && (text.charCodeAt(end - 1) === CH_SPACE || text.charCodeAt(end - 1) === CH_TAB)) end--;
    let negative = false;
    let c = text.charCodeAt(i);
    if (c === CH_MINUS || c === CH_PLUS) {
      negative = c === CH_MINUS;
      i++;
    }
    const mantissaStart = i;
    let acc = 0;
    for (; i < end; i++) {
      c = text.charCodeAt(i) - CH_0;
      if (c < 0 || c > 9) break;
      acc = acc * 10 + c;
    }
    const integerDigits = i - mantissaStart;
    let fractionDigits = 0;
    const seenDot = i < end && text.charCodeAt(i) === CH_DOT;
    if (seenDot) {
      const fractionStart = ++i;
      for (; i < end; i++) {
        c = text.charCodeAt(i) - CH_0;
        if (c < 0 || c > 9) break;
        acc = acc * 10 + c;
      }
      fractionDigits = i - fractionStart;
    }
    const digitCount = integerDigits + fractionDigits;
    if (digitCount === 0) return null;
    const mantissaEnd = i;
    let exponent = 0;
    if (i < end) {
      c = text.charCodeAt(i);
      if (c !== CH_E_UPPER && c !== CH_E_LOWER) return null;
      i++;
      let expNegative = false;
      c = text.charCodeAt(i);
      if (c === CH_MINUS || c === CH_PLUS) {
        expNegative = c === CH_MINUS;
        i++;
      }
      if (i >= end) return null;
      for (; i < end; i++) {
        c = text.charCodeAt(i);
        if (c < CH_0 || c > CH_0 + 9) return null;
        exponent = exponent * 10 + (c - CH_0);
        if (exponent > 1000) throw overflow(`'${text}'`, MAX_DECIMAL_PRECISION);
      }
      if (expNegative) exponent = -exponent;
    }
    let scale = fractionDigits - exponent;
    if (scale > MAX_DECIMAL_PRECISION) {
      throw new FerrisError(
        'DECIMAL_OVERFLOW',
        `decimal overflow: '${text}' has scale ${scale}, more than ${MAX_DECIMAL_PRECISION}`,
      );
    }
    if (acc <= MAX_SAFE) {
      // Every partial sum was below the final one, so all steps were exact.
      if (negative) acc = -acc;
      if (scale >= 0) return Decimal.ofSafe(acc, scale);
      return Decimal.ofBig(BigInt(acc) * pow10Big(-scale), 0);
    }
    const mantissa = text.slice(mantissaStart, mantissaEnd);
    let big = BigInt(seenDot ? mantissa.replace('.', '') : mantissa);
    if (negative) big = -big;
    if (scale < 0) {
      big *= pow10Big(-scale);
      scale = 0;
    }
    return Decimal.ofBig(big, scale);
  }

  /** An integer as a decimal of scale 0 (a number must be a safe integer). */
  static fromInteger(n: number | bigint): Decimal {
    if (typeof n === 'bigint') return Decimal.ofBig(n, 0);
    if (!Number.isSafeInteger(n)) {
      throw new FerrisError('EVALUATION', `Decimal.fromInteger needs a safe integer or a bigint, got ${n}`);
    }
    return Decimal.ofSafe(n, 0);
  }

  /**
   * A JS number as a decimal through its shortest round-trip text (`String(x)`): 0.1 → 0.1,
   * 1e21 → 1000000000000000000000. Only for JSON numbers and explicit casts. NaN and ±Infinity
   * throw `BAD_RECORD`.
   */
  static fromNumber(x: number): Decimal {
    if (!Number.isFinite(x)) throw new FerrisError('BAD_RECORD', `cannot convert ${x} to DECIMAL`);
    if (Number.isSafeInteger(x)) return Decimal.ofSafe(x, 0);
    return Decimal.parse(String(x));
  }

  /** The decimal `unscaled × 10^-scale`; a number must be a safe integer, scale an integer ≥ 0. */
  static fromUnscaled(unscaled: number | bigint, scale: number): Decimal {
    if (!Number.isInteger(scale) || scale < 0) {
      throw new FerrisError('EVALUATION', `a decimal scale must be an integer ≥ 0, got ${scale}`);
    }
    if (typeof unscaled === 'bigint') return Decimal.ofBig(unscaled, scale);
    if (!Number.isSafeInteger(unscaled)) {
      throw new FerrisError('EVALUATION', `an unscaled decimal value must be a safe integer or a bigint, got ${unscaled}`);
    }
    return Decimal.ofSafe(unscaled, scale);
  }

  /** The unscaled value as a bigint. */
  unscaledBig(): bigint {
    return this.big ?? BigInt(this.unscaled);
  }

  /** Digits of the unscaled value (1 for zero): 0.05 has precision 1, 150.25 precision 5. */
  get precision(): number {
    return this.big === null ? digitsOfNumber(this.unscaled) : digitsOfBig(this.big);
  }

  /** This value at a scale `k` digits larger (exact). */
  private scaleUp(k: number): Decimal {
    if (k === 0) return this;
    const target = this.scale + k;
    if (this.big === null && k < POW10_NUMBER.length) {
      const u = this.unscaled * POW10_NUMBER[k]!;
      if (u >= -MAX_SAFE && u <= MAX_SAFE) return Decimal.ofSafe(u, target);
    }
    return Decimal.ofBig(this.unscaledBig() * pow10Big(k), target);
  }

  /** The unscaled value at a larger `scale`, as a bigint (exact, no overflow check). */
  private alignedBig(scale: number): bigint {
    return scale === this.scale ? this.unscaledBig() : this.unscaledBig() * pow10Big(scale - this.scale);
  }

  /** The unscaled value at a larger `scale` as a safe number, or NaN when it is not one. */
  private alignedNumber(scale: number): number {
    if (this.big !== null) return NaN;
    if (scale === this.scale) return this.unscaled;
    const k = scale - this.scale;
    if (k >= POW10_NUMBER.length) return NaN;
    const u = this.unscaled * POW10_NUMBER[k]!;
    return u >= -MAX_SAFE && u <= MAX_SAFE ? u : NaN;
  }

  /** The sum; scale max(sa, sb). */
  add(o: Decimal): Decimal {
    if (this.scale === o.scale && this.big === null && o.big === null) {
      const s = this.unscaled + o.unscaled;
      if (s >= -MAX_SAFE && s <= MAX_SAFE) return Decimal.ofSafe(s, this.scale);
    }
    return this.combine(o, false);
  }

  /** The difference; scale max(sa, sb). */
  sub(o: Decimal): Decimal {
    if (this.scale === o.scale && this.big === null && o.big === null) {
      const s = this.unscaled - o.unscaled;
      if (s >= -MAX_SAFE && s <= MAX_SAFE) return Decimal.ofSafe(s, this.scale);
    }
    return this.combine(o, true);
  }

  /** Sum or difference after aligning scales; only the result is checked for overflow. */
  private combine(o: Decimal, subtract: boolean): Decimal {
    const scale = Math.max(this.scale, o.scale);
    const a = this.alignedNumber(scale);
    const b = o.alignedNumber(scale);
    if (!Number.isNaN(a) && !Number.isNaN(b)) {
      const s = subtract ? a - b : a + b;
      if (s >= -MAX_SAFE && s <= MAX_SAFE) return Decimal.ofSafe(s, scale);
    }
    const x = this.alignedBig(scale);
    const y = o.alignedBig(scale);
    return Decimal.ofBig(subtract ? x - y : x + y, scale);
  }

  /** The product; scale sa + sb. */
  mul(o: Decimal): Decimal {
    const scale = this.scale + o.scale;
    if (this.big === null && o.big === null) {
      const p = this.unscaled * o.unscaled;
      if (p >= -MAX_SAFE && p <= MAX_SAFE) return Decimal.ofSafe(p, scale);
    }
    return Decimal.ofBig(this.unscaledBig() * o.unscaledBig(), scale);
  }

  /**
   * The product with an INTEGER value (a safe integer or a bigint); scale unchanged. Equal to
   * `mul(Decimal.fromInteger(n))`, without the intermediate decimal on the safe-integer path.
   */
  mulInteger(n: number | bigint): Decimal {
    if (this.big === null && typeof n === 'number') {
      const p = this.unscaled * n;
      if (p >= -MAX_SAFE && p <= MAX_SAFE && Number.isInteger(p)) return Decimal.ofSafe(p, this.scale);
    }
    return this.mul(Decimal.fromInteger(n));
  }

  /** The quotient at scale max(sa, sb) + 6, rounded HALF_UP; null when `o` is zero. */
  div(o: Decimal): Decimal | null {
    return this.divToScale(o, Math.max(this.scale, o.scale) + 6);
  }

  /** The quotient at the given scale (≥ 0), rounded HALF_UP; null when `o` is zero. */
  divToScale(o: Decimal, scale: number): Decimal | null {
    if (o.isZero()) return null;
    // result unscaled = round(ua × 10^(scale - sa + sb) / ub)
    const shift = scale - this.scale + o.scale;
    if (this.big === null && o.big === null && shift >= 0 && shift < POW10_NUMBER.length) {
      const n = this.unscaled * POW10_NUMBER[shift]!;
      if (n >= -MAX_SAFE && n <= MAX_SAFE) return Decimal.ofSafe(divHalfUpNumber(n, o.unscaled), scale);
    }
    let n = this.unscaledBig();
    let d = o.unscaledBig();
    if (shift >= 0) n *= pow10Big(shift);
    else d *= pow10Big(-shift);
    return Decimal.ofBig(divHalfUpBig(n, d), scale);
  }

  /** The remainder with the sign of the dividend, scale max(sa, sb); null when `o` is zero. */
  mod(o: Decimal): Decimal | null {
    if (o.isZero()) return null;
    const scale = Math.max(this.scale, o.scale);
    const a = this.alignedNumber(scale);
    const b = o.alignedNumber(scale);
    if (!Number.isNaN(a) && !Number.isNaN(b)) return Decimal.ofSafe(a % b, scale);
    return Decimal.ofBig(this.alignedBig(scale) % o.alignedBig(scale), scale);
  }

  /** The negation (same scale). */
  neg(): Decimal {
    return this.big === null ? Decimal.ofSafe(-this.unscaled, this.scale) : new Decimal(0, -this.big, this.scale);
  }

  /** The absolute value (same scale). */
  abs(): Decimal {
    return this.sign() < 0 ? this.neg() : this;
  }

  /** -1, 0 or 1. */
  sign(): -1 | 0 | 1 {
    if (this.big !== null) return this.big < 0n ? -1 : 1;
    return this.unscaled < 0 ? -1 : this.unscaled > 0 ? 1 : 0;
  }

  /** Whether the value is zero (at any scale). */
  isZero(): boolean {
    return this.big === null && this.unscaled === 0;
  }

  /**
   * Rounds HALF_UP to `n` fraction digits; the result has scale max(n, 0).
   * A negative `n` rounds left of the point: ROUND(1250, -2) = 1300.
   */
  round(n: number): Decimal {
    if (!Number.isInteger(n)) throw new FerrisError('EVALUATION', `ROUND needs an integer number of digits, got ${n}`);
    if (n >= 0) return this.rescale(n);
    const unit = Decimal.ofBig(pow10Big(-n), 0);
    const units = this.divToScale(unit, 0)!;
    return units.mul(unit);
  }

  /** This value at the given scale (an integer ≥ 0), rounding HALF_UP when the scale shrinks. */
  rescale(scale: number): Decimal {
    if (scale === this.scale) return this;
    if (!Number.isInteger(scale) || scale < 0) {
      throw new FerrisError('EVALUATION', `a decimal scale must be an integer ≥ 0, got ${scale}`);
    }
    if (scale > this.scale) return this.scaleUp(scale - this.scale);
    const k = this.scale - scale;
    if (this.big === null && k < POW10_NUMBER.length) {
      return Decimal.ofSafe(divHalfUpNumber(this.unscaled, POW10_NUMBER[k]!), scale);
    }
    return Decimal.ofBig(divHalfUpBig(this.unscaledBig(), pow10Big(k)), scale);
  }

  /** The largest integer ≤ this value, at scale 0. */
  floor(): Decimal {
    const t = this.truncated();
    return this.sign() < 0 && !this.hasZeroFraction() ? t.add(MINUS_ONE) : t;
  }

  /** The smallest integer ≥ this value, at scale 0. */
  ceil(): Decimal {
    const t = this.truncated();
    return this.sign() > 0 && !this.hasZeroFraction() ? t.add(ONE) : t;
  }

  /** The integer part (toward zero) at scale 0. */
  private truncated(): Decimal {
    if (this.scale === 0) return this;
    if (this.big === null && this.scale < POW10_NUMBER.length) {
      return Decimal.ofSafe(Math.trunc(this.unscaled / POW10_NUMBER[this.scale]!), 0);
    }
    return Decimal.ofBig(this.unscaledBig() / pow10Big(this.scale), 0);
  }

  /** Whether all fraction digits are zero. */
  private hasZeroFraction(): boolean {
    if (this.scale === 0) return true;
    if (this.big === null && this.scale < POW10_NUMBER.length) return this.unscaled % POW10_NUMBER[this.scale]! === 0;
    return this.unscaledBig() % pow10Big(this.scale) === 0n;
  }

  /** Compares by value (1.50 equals 1.5). */
  compare(o: Decimal): -1 | 0 | 1 {
    if (this.scale === o.scale && this.big === null && o.big === null) {
      return this.unscaled < o.unscaled ? -1 : this.unscaled > o.unscaled ? 1 : 0;
    }
    const sa = this.sign();
    const sb = o.sign();
    if (sa !== sb) return sa < sb ? -1 : 1;
    if (this.big === null && o.big === null) {
      const k = this.scale - o.scale;
      if (k > 0 && k < POW10_NUMBER.length) {
        const b = o.unscaled * POW10_NUMBER[k]!;
        if (b >= -MAX_SAFE && b <= MAX_SAFE) return this.unscaled < b ? -1 : this.unscaled > b ? 1 : 0;
      } else if (k < 0 && -k < POW10_NUMBER.length) {
        const a = this.unscaled * POW10_NUMBER[-k]!;
        if (a >= -MAX_SAFE && a <= MAX_SAFE) return a < o.unscaled ? -1 : a > o.unscaled ? 1 : 0;
      }
    }
    let a = this.unscaledBig();
    let b = o.unscaledBig();
    if (this.scale < o.scale) a *= pow10Big(o.scale - this.scale);
    else if (o.scale < this.scale) b *= pow10Big(this.scale - o.scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Equality by value: 1.50 equals 1.5. */
  equals(o: Decimal): boolean {
    return this.compare(o) === 0;
  }

  /** The text keeping the scale: `'15025.6700'`, `'-0.05'`, `'0.000'`. */
  toString(): string {
    const scale = this.scale;
    const magnitude = Math.abs(this.unscaled);
    if (this.big === null && scale > 0 && scale <= MAX_SAFE_SCALE && magnitude <= EXACT_SPLIT_LIMIT) {
      // Below 2^50 the double quotient is never rounded up to the next integer, so `whole` is
      // exact, and so are `whole * unit` and the fraction; 10^scale + fraction stays safe and has
      // the fraction's digits, zero-padded to the scale, after a leading 1.
      const unit = POW10_NUMBER[scale]!;
      const whole = Math.floor(magnitude / unit);
      const digits = `${whole}.${String(unit + (magnitude - whole * unit)).slice(1)}`;
      return this.unscaled < 0 ? `-${digits}` : digits;
    }
    const negative = this.sign() < 0;
    let digits: string;
    if (this.big === null) digits = String(negative ? -this.unscaled : this.unscaled);
    else digits = (negative ? -this.big : this.big).toString();
    if (this.scale > 0) {
      if (digits.length <= this.scale) digits = '0'.repeat(this.scale - digits.length + 1) + digits;
      const point = digits.length - this.scale;
      digits = `${digits.slice(0, point)}.${digits.slice(point)}`;
    }
    return negative ? `-${digits}` : digits;
  }

  /** The nearest double. */
  toNumber(): number {
    if (this.big === null && this.scale < POW10_NUMBER.length) {
      // Both operands are exact, so IEEE division rounds the true quotient once.
      return this.unscaled / POW10_NUMBER[this.scale]!;
    }
    return Number(this.toString());
  }

  /** The integer part as a bigint, truncated toward zero. */
  toBigInt(): bigint {
    if (this.big === null) return BigInt(this.truncated().unscaled);
    return this.big / pow10Big(this.scale);
  }

  /** Returns this value, or throws `DECIMAL_OVERFLOW` if it has more than `maxPrecision` digits. */
  checkPrecision(maxPrecision = MAX_DECIMAL_PRECISION): Decimal {
    if (this.big === null) {
      // A safe integer has at most 16 digits; below that compare with an exact power of ten.
      if (maxPrecision >= 16 || Math.abs(this.unscaled) < POW10_NUMBER[Math.max(maxPrecision, 0)]!) return this;
    } else if (absBig(this.big) < pow10Big(Math.max(maxPrecision, 0))) {
      return this;
    }
    throw overflow(`the value ${this.toString()}`, maxPrecision);
  }

  /** Serializes as the text keeping scale (used by `JSON.stringify`). */
  toJSON(): string {
    return this.toString();
  }
}

const ONE = Decimal.fromUnscaled(1, 0);
const MINUS_ONE = Decimal.fromUnscaled(-1, 0);

/** Whether a value is a {@link Decimal}. */
export function isDecimal(v: unknown): v is Decimal {
  return v instanceof Decimal;
}

/**
 * A mutable exact accumulator for SUM/AVG: adds without allocating while the running total
 * stays a safe integer, spilling into a bigint beyond. The scale is the largest scale seen.
 */
export class DecimalSum {
  private small = 0;
  private spilled = 0n;
  private sumScale = 0;
  private added = 0;

  /** How many values are currently in the sum (adds minus subs). */
  get count(): number {
    return this.added;
  }

  /** Adds a value. */
  add(d: Decimal): void {
    this.accumulate(d, 1);
    this.added++;
  }

  /** Removes a value previously added (for retracting windows). */
  sub(d: Decimal): void {
    this.accumulate(d, -1);
    this.added--;
  }

  /** The exact sum at the largest scale seen, or null when the sum holds no value. */
  result(): Decimal | null {
    if (this.added === 0) return null;
    if (this.spilled === 0n) return Decimal.fromUnscaled(this.small, this.sumScale);
    return Decimal.fromUnscaled(this.spilled + BigInt(this.small), this.sumScale);
  }

  /** The average: sum ÷ count at scale (sum scale + 6), HALF_UP; null when empty. */
  average(): Decimal | null {
    const sum = this.result();
    if (sum === null) return null;
    return sum.div(Decimal.fromInteger(this.added));
  }

  /** Adds `sign × d` to the running total. */
  private accumulate(d: Decimal, sign: 1 | -1): void {
    if (d.scale > this.sumScale) this.raiseScale(d.scale);
    const k = this.sumScale - d.scale;
    if (d.big === null && k < POW10_NUMBER.length) {
      const u = k === 0 ? d.unscaled : d.unscaled * POW10_NUMBER[k]!;
      const s = this.small + sign * u;
      if (u >= -MAX_SAFE && u <= MAX_SAFE && s >= -MAX_SAFE && s <= MAX_SAFE) {
        this.small = s;
        return;
      }
    }
    let u = sign === 1 ? d.unscaledBig() : -d.unscaledBig();
    if (d.scale < this.sumScale) u *= pow10Big(this.sumScale - d.scale);
    this.spilled += BigInt(this.small) + u;
    this.small = 0;
  }

  /** Rescales the running total to a larger scale (exact). */
  private raiseScale(scale: number): void {
    const factor = pow10Big(scale - this.sumScale);
    this.spilled = (this.spilled + BigInt(this.small)) * factor;
    this.small = 0;
    this.sumScale = scale;
  }
}
