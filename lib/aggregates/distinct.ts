import { FerrisError } from '../types/errors.js';
import type { Value } from '../types/value.js';
import { rowKey, valueKey } from '../types/valueKey.js';
import type { Accumulator } from './types.js';

/**
 * `AGG(DISTINCT ...)`: passes a row's arguments to the inner accumulator only the first time
 * their value (or tuple of values, compared with `valuesEqual`) is seen. Rows with a NULL
 * argument are skipped (every aggregate ignores them). Memory: one map entry per distinct
 * value (the value, or a copy of the argument tuple, under its `valueKey`/`rowKey`).
 * `merge` adds the other side's values not seen here, so it is a set union.
 */
export class DistinctAccumulator implements Accumulator {
  private readonly seen = new Map<string | number, Value>();
  private readonly scratch: Value[];

  constructor(
    private readonly inner: Accumulator,
    private readonly arity: number,
  ) {
    this.scratch = new Array<Value>(arity).fill(null);
  }

  add(args: readonly Value[]): void {
    if (this.arity === 1) {
      const v = args[0]!;
      if (v === null) return;
      const key = valueKey(v);
      if (this.seen.has(key)) return;
      this.seen.set(key, v);
      this.inner.add(args);
      return;
    }
    for (let i = 0; i < this.arity; i++) if (args[i] === null) return;
    const tuple = args.slice(0, this.arity);
    const key = rowKey(tuple);
    if (this.seen.has(key)) return;
    this.seen.set(key, tuple);
    this.inner.add(args);
  }

  merge(other: Accumulator): void {
    if (!(other instanceof DistinctAccumulator)) {
      throw new FerrisError('INTERNAL', 'a DISTINCT accumulator can only merge another DISTINCT accumulator');
    }
    for (const [key, v] of other.seen) {
      if (this.seen.has(key)) continue;
      this.seen.set(key, v);
      if (this.arity === 1) {
        this.scratch[0] = v;
        this.inner.add(this.scratch);
      } else {
        this.inner.add(v as Value[]);
      }
    }
  }

  result(): Value {
    return this.inner.result();
  }
}
