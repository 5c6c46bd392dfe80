import { normalizeInteger } from '../functions/integerArithmetic.js';
import { Decimal } from '../types/decimal.js';

/*
 * Running totals shared by SUM and AVG, as base classes so that the accumulators keep the
 * fields inline (no extra object per group). Every `add…` is allocation-free while the total
 * stays a safe integer; beyond, the excess spills into a bigint (one bigint operation per
 * overflow of the safe range, not per row).
 */

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** An exact INTEGER total: `spilled + small`, `small` always a safe integer. */
export abstract class IntegerTotal {
  protected small = 0;
  protected spilled = 0n;
  /** How many values were added. */
  protected count = 0;

  /** Adds an INTEGER value (a safe-integer number or a bigint). */
  protected addInteger(v: number | bigint): void {
    this.count++;
    if (typeof v === 'number') {
      const t = this.small + v;
      // Both operands are safe integers, so a sum inside the safe range is exact.
      if (t <= MAX_SAFE && t >= -MAX_SAFE) {
        this.small = t;
        return;
      }
    }
    this.spilled += BigInt(this.small) + BigInt(v);
    this.small = 0;
  }

  /** Adds another total. */
  protected addTotal(other: IntegerTotal): void {
    const count = this.count + other.count;
    this.spilled += other.spilled;
    this.addInteger(other.small);
    this.count = count;
  }

  /** The total: a number when safe, a bigint beyond. */
  protected total(): number | bigint {
    return this.spilled === 0n ? this.small : normalizeInteger(this.spilled + BigInt(this.small));
  }
}

/**
 * An exact DECIMAL total at a fixed scale (the scale of the argument's type): unscaled
 * `spilled + small`. A value of a smaller scale is scaled up exactly; a value of a larger
 * scale (which its type should have ruled out) is first rounded HALF_UP to the scale, as a
 * CAST to the argument type would.
 */
export abstract class DecimalTotal {
  protected small = 0;
  protected spilled = 0n;
  /** How many values were added. */
  protected count = 0;

  constructor(protected readonly scale: number) {}

  /** Adds a decimal value. */
  protected addDecimal(d: Decimal): void {
    this.count++;
    if (d.scale === this.scale && d.big === null) {
      const t = this.small + d.unscaled;
      if (t <= MAX_SAFE && t >= -MAX_SAFE) {
        this.small = t;
        return;
      }
    }
    this.addAligned(d.scale === this.scale ? d : d.rescale(this.scale));
  }

  /** Adds a value of this scale given by its unscaled safe integer (see `UnscaledAccumulator`). */
  addUnscaled(unscaled: number): void {
    this.count++;
    const t = this.small + unscaled;
    if (t <= MAX_SAFE && t >= -MAX_SAFE) {
      this.small = t;
      return;
    }
    this.spilled += BigInt(this.small) + BigInt(unscaled);
    this.small = 0;
  }

  /** Adds a value already at this scale, spilling into the bigint when needed. */
  private addAligned(d: Decimal): void {
    if (d.big === null) {
      const t = this.small + d.unscaled;
      if (t <= MAX_SAFE && t >= -MAX_SAFE) {
        this.small = t;
        return;
      }
    }
    this.spilled += BigInt(this.small) + d.unscaledBig();
    this.small = 0;
  }

  /** Adds another total of the same scale. */
  protected addTotal(other: DecimalTotal): void {
    this.count += other.count;
    this.spilled += other.spilled;
    const t = this.small + other.small;
    if (t <= MAX_SAFE && t >= -MAX_SAFE) {
      this.small = t;
    } else {
      this.spilled += BigInt(this.small) + BigInt(other.small);
      this.small = 0;
    }
  }

  /** The total as a decimal of this scale; throws DECIMAL_OVERFLOW beyond 38 digits. */
  protected total(): Decimal {
    return Decimal.fromUnscaled(this.spilled === 0n ? this.small : this.spilled + BigInt(this.small), this.scale);
  }
}

/**
 * A DOUBLE total with Neumaier's compensated summation: the lost low-order bits of each
 * addition are kept in `compensation`, so the result hardly depends on the order of the
 * input (or on how it was split across merged accumulators).
 */
export abstract class DoubleTotal {
  protected sum = 0;
  protected compensation = 0;
  /** How many values were added. */
  protected count = 0;

  /** Adds a double. */
  protected addDouble(x: number): void {
    this.count++;
    this.accumulate(x);
  }

  /** Adds another total. */
  protected addTotal(other: DoubleTotal): void {
    this.count += other.count;
    this.accumulate(other.sum);
    this.accumulate(other.compensation);
  }

  /** One compensated addition. */
  private accumulate(x: number): void {
    const sum = this.sum;
    const t = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) this.compensation += sum - t + x;
    else this.compensation += x - t + sum;
    this.sum = t;
  }

  /** The total (an infinite or NaN sum is returned as it is: its compensation is meaningless). */
  protected total(): number {
    return Number.isFinite(this.sum) ? this.sum + this.compensation : this.sum;
  }
}
