import { compareStrings, compareValues } from '../types/compare.js';
import { Decimal } from '../types/decimal.js';
import type { SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { mergeable } from './mergeable.js';
import type { Accumulator, UnscaledAccumulator } from './types.js';

/*
 * MIN and MAX keep the current extreme value, one class per representation so that `add`
 * compares without dispatching on the type: numbers (INTEGER as number or bigint, DOUBLE,
 * TIMESTAMP, DATE, INTERVAL: JS `<` compares number and bigint exactly), decimals, strings
 * (Unicode code point order) and everything else (`compareValues`). The order is the one of
 * `compareValues`: NaN is above every other double.
 */

/** An accumulator of the smallest or largest value seen; `offer` also serves DELTA. */
export interface Extreme extends Accumulator {
  /** Considers one non-null value. */
  offer(v: Value): void;
  /** The extreme so far, NULL when nothing was offered. */
  result(): Value;
}

/**
 * What every extreme shares: NULLs are skipped, merging offers the other's extreme. Each
 * subclass only says how one value is compared (`offer`), so `add` stays monomorphic per class.
 */
abstract class ExtremeBase<T extends Value> implements Extreme {
  value: T | null = null;

  abstract offer(v: Value): void;

  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v !== null) this.offer(v);
  }

  merge(other: Accumulator): void {
    const v = mergeable(other, this.constructor as abstract new (...args: never[]) => ExtremeBase<T>).value;
    if (v !== null) this.offer(v);
  }

  result(): Value {
    return this.value;
  }
}

/** MIN over numbers (number or bigint). */
class NumberMin extends ExtremeBase<number | bigint> {
  offer(v: Value): void {
    const x = v as number | bigint;
    const current = this.value;
    // A NaN current value (the largest) gives way to anything.
    if (current === null || x < current || current !== current) this.value = x;
  }
}

/** MAX over numbers (number or bigint). */
class NumberMax extends ExtremeBase<number | bigint> {
  offer(v: Value): void {
    const x = v as number | bigint;
    const current = this.value;
    // NaN is the largest double.
    if (current === null || x > current || x !== x) this.value = x;
  }
}

/**
 * MIN (sign 1) or MAX (sign -1) over decimals of a column of `scale`: unscaled numbers compared
 * directly when the scales match; a value may also come as its unscaled safe integer
 * ({@link addUnscaled}), and a decimal is built only when it becomes the extreme.
 */
class DecimalExtreme extends ExtremeBase<Decimal> implements UnscaledAccumulator {
  constructor(
    private readonly sign: 1 | -1,
    private readonly scale: number,
  ) {
    super();
  }

  addUnscaled(unscaled: number): void {
    const current = this.value;
    if (current === null) this.value = Decimal.fromUnscaled(unscaled, this.scale);
    else if (current.scale === this.scale && current.big === null) {
      if ((unscaled - current.unscaled) * this.sign < 0) this.value = Decimal.fromUnscaled(unscaled, this.scale);
    } else this.offer(Decimal.fromUnscaled(unscaled, this.scale));
  }

  offer(v: Value): void {
    const d = v as Decimal;
    const current = this.value;
    if (current === null) {
      this.value = d;
    } else if (d.scale === current.scale && d.big === null && current.big === null) {
      if ((d.unscaled - current.unscaled) * this.sign < 0) this.value = d;
    } else if (d.compare(current) * this.sign < 0) {
      this.value = d;
    }
  }
}

/** MIN (sign 1) or MAX (sign -1) of strings in code point order. */
class StringExtreme extends ExtremeBase<string> {
  constructor(private readonly sign: 1 | -1) {
    super();
  }

  offer(v: Value): void {
    const s = v as string;
    if (this.value === null || compareStrings(s, this.value) * this.sign < 0) this.value = s;
  }
}

/** MIN (sign 1) or MAX (sign -1) of any values in the order of `compareValues`. */
class GenericExtreme extends ExtremeBase<Value> {
  constructor(private readonly sign: 1 | -1) {
    super();
  }

  offer(v: Value): void {
    if (this.value === null || compareValues(v, this.value) * this.sign < 0) this.value = v;
  }
}

/** Types whose values are JS numbers (or bigints for INTEGER). */
const NUMBER_KINDS: ReadonlySet<SqlType['kind']> = new Set(['INTEGER', 'DOUBLE', 'TIMESTAMP', 'DATE', 'INTERVAL']);

/** A factory of MIN (`wantMax` false) or MAX accumulators for values of `type`. */
export function extremeFactory(type: SqlType, wantMax: boolean): () => Extreme {
  if (NUMBER_KINDS.has(type.kind)) return wantMax ? () => new NumberMax() : () => new NumberMin();
  const sign = wantMax ? -1 : 1;
  if (type.kind === 'DECIMAL') return () => new DecimalExtreme(sign, type.scale);
  if (type.kind === 'STRING') return () => new StringExtreme(sign);
  return () => new GenericExtreme(sign);
}
