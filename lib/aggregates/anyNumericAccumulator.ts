import { doubleOf } from '../functions/runtimeValues.js';
import { normalizeInteger } from '../functions/integerArithmetic.js';
import { Decimal, DecimalSum, isDecimal } from '../types/decimal.js';
import type { Value } from '../types/value.js';
import { mergeable } from './mergeable.js';
import { DoubleTotal } from './sumStates.js';
import type { Accumulator } from './types.js';

/**
 * SUM and AVG over an argument typed ANY (known only at run time, e.g. a JSON field without a
 * CAST): integers and decimals are summed exactly (a `DecimalSum` at the largest scale seen),
 * doubles apart. The result follows the widest kind seen: any DOUBLE makes it a DOUBLE, else
 * any DECIMAL a DECIMAL, else an INTEGER (SUM) or a DOUBLE (AVG of integers). A value that is
 * not a number is an EVALUATION error naming the function.
 */
export class AnyNumericAccumulator extends DoubleTotal implements Accumulator {
  private readonly exact = new DecimalSum();
  /** How many integers and decimals `exact` holds (merges add totals, not values). */
  private exactCount = 0;
  private sawDecimal = false;

  constructor(
    private readonly fn: string,
    private readonly average: boolean,
  ) {
    super();
  }

  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v === null) return;
    if (typeof v === 'number') {
      if (Number.isInteger(v)) this.addExact(Decimal.fromInteger(v));
      else this.addDouble(v);
    } else if (typeof v === 'bigint') {
      this.addExact(Decimal.fromInteger(v));
    } else if (isDecimal(v)) {
      this.sawDecimal = true;
      this.addExact(v);
    } else {
      this.addDouble(doubleOf(v, this.fn, 1));
    }
  }

  merge(other: Accumulator): void {
    const o = mergeable(other, AnyNumericAccumulator);
    this.addTotal(o);
    const exact = o.exact.result();
    if (exact !== null) this.exact.add(exact);
    this.exactCount += o.exactCount;
    this.sawDecimal ||= o.sawDecimal;
  }

  /** Adds an integer or decimal to the exact total. */
  private addExact(d: Decimal): void {
    this.exact.add(d);
    this.exactCount++;
  }

  result(): Value {
    const n = this.count + this.exactCount;
    if (n === 0) return null;
    const exact = this.exact.result();
    if (this.count > 0) {
      const total = (exact === null ? 0 : exact.toNumber()) + this.total();
      return this.average ? total / n : total;
    }
    const sum = exact!;
    if (this.sawDecimal) return this.average ? sum.div(Decimal.fromInteger(n)) : sum;
    const integer = normalizeInteger(sum.toBigInt());
    return this.average ? Number(integer) / n : integer;
  }
}
