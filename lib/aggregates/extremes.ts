import { compareStrings, compareValues } from '../types/compare.js';
import type { Decimal } from '../types/decimal.js';
import type { SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { mergeable } from './mergeable.js';
import type { Accumulator } from './types.js';

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

/** MIN over numbers (number or bigint). */
class NumberMin implements Extreme {
  value: number | bigint | null = null;

  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v !== null) this.offer(v);
  }

  offer(v: Value): void {
    const x = v as number | bigint;
    const current = this.value;
    // A NaN current value (the largest) gives way to anything.
    if (current === null || x < current || current !== current) this.value = x;
  }

  merge(other: Accumulator): void {
    const v = mergeable(other, NumberMin).value;
    if (v !== null) this.offer(v);
  }

  result(): Value {
    return this.value;
  }
}

/** MAX over numbers (number or bigint). */
class NumberMax implements Extreme {
  value: number | bigint | null = null;

  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v !== null) this.offer(v);
  }

  offer(v: Value): void {
    const x = v as number | bigint;
    const current = this.value;
    // NaN is the largest double.
    if (current === null || x > current || x !== x) this.value = x;
  }

  merge(other: Accumulator): void {
    const v = mergeable(other, NumberMax).value;
    if (v !== null) this.offer(v);
  }

  result(): Value {
    return this.value;
  }
}

/** MIN over decimals. */
class DecimalMin implements Extreme {
  value: Decimal | null = null;

  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v !== null) this.offer(v);
  }

  offer(v: Value): void {
    const d = v as Decimal;
    const current = this.value;
    if (current === null) {
      this.value = d;
    } else if (d.scale === current.scale && d.big === null && current.big === null) {
      if (d.unscaled < current.unscaled) this.value = d;
    } else if (d.compare(current) < 0) {
      this.value = d;
    }
  }

  merge(other: Accumulator): void {
    const v = mergeable(other, DecimalMin).value;
    if (v !== null) this.offer(v);
  }

  result(): Value {
    return this.value;
  }
}

/** MAX over decimals. */
class DecimalMax implements Extreme {
  value: Decimal | null = null;

  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v !== null) this.offer(v);
  }

  offer(v: Value): void {
    const d = v as Decimal;
    const current = this.value;
    if (current === null) {
      this.value = d;
    } else if (d.scale === current.scale && d.big === null && current.big === null) {
      if (d.unscaled > current.unscaled) this.value = d;
    } else if (d.compare(current) > 0) {
      this.value = d;
    }
  }

  merge(other: Accumulator): void {
    const v = mergeable(other, DecimalMax).value;
    if (v !== null) this.offer(v);
  }

  result(): Value {
    return this.value;
  }
}

/** MIN (sign 1) or MAX (sign -1) of strings in code point order. */
class StringExtreme implements Extreme {
  value: string | null = null;

  constructor(private readonly sign: 1 | -1) {}

  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v !== null) this.offer(v);
  }

  offer(v: Value): void {
    const s = v as string;
    if (this.value === null || compareStrings(s, this.value) * this.sign < 0) this.value = s;
  }

  merge(other: Accumulator): void {
    const v = mergeable(other, StringExtreme).value;
    if (v !== null) this.offer(v);
  }

  result(): Value {
    return this.value;
  }
}

/** MIN (sign 1) or MAX (sign -1) of any values in the order of `compareValues`. */
class GenericExtreme implements Extreme {
  value: Value = null;

  constructor(private readonly sign: 1 | -1) {}

  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v !== null) this.offer(v);
  }

  offer(v: Value): void {
    if (this.value === null || compareValues(v, this.value) * this.sign < 0) this.value = v;
  }

  merge(other: Accumulator): void {
    const v = mergeable(other, GenericExtreme).value;
    if (v !== null) this.offer(v);
  }

  result(): Value {
    return this.value;
  }
}

/** Types whose values are JS numbers (or bigints for INTEGER). */
const NUMBER_KINDS: ReadonlySet<SqlType['kind']> = new Set(['INTEGER', 'DOUBLE', 'TIMESTAMP', 'DATE', 'INTERVAL']);

/** A factory of MIN (`wantMax` false) or MAX accumulators for values of `type`. */
export function extremeFactory(type: SqlType, wantMax: boolean): () => Extreme {
  if (NUMBER_KINDS.has(type.kind)) return wantMax ? () => new NumberMax() : () => new NumberMin();
  if (type.kind === 'DECIMAL') return wantMax ? () => new DecimalMax() : () => new DecimalMin();
  const sign = wantMax ? -1 : 1;
  if (type.kind === 'STRING') return () => new StringExtreme(sign);
  return () => new GenericExtreme(sign);
}
