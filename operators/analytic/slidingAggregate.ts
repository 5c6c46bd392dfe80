import type { Row, Value } from '../../lib/types/value.js';
import type { AggregateBinding, RowAccumulator } from '../aggregation/grouping.js';

/**
 * An aggregate over a frame that slides forward (both ends only move on, as the frames of
 * consecutive rows of a partition do), without retraction: accumulators only grow and merge.
 * Two stacks (a "front" of suffix aggregates, a growing "back"): the frame's rows are split
 * into `[lo, mid)`, held as one accumulator per start position over the rows from there to
 * `mid`, and `[mid, hi]`, one accumulator that rows are added to. Moving the end adds the new
 * rows to the back; moving the start past `mid` rebuilds the front over what the back held.
 * Each row is added twice at most and merged once per rebuild, so a frame of any length costs
 * O(1) accumulator operations per row (amortised), where re-aggregating it would cost its
 * length. Derived state: it is rebuilt from the partition's rows, never snapshotted.
 */
export class SlidingAggregate {
  private lo = 0;
  private mid = 0;
  private hi = -1;
  /** Absolute index of `front[0]`. */
  private frontBase = 0;
  private front: RowAccumulator[] = [];
  private back: RowAccumulator;

  constructor(
    private readonly aggregate: AggregateBinding,
    private readonly scratch: Value[],
  ) {
    this.back = aggregate.create();
  }

  /** The aggregate over the rows `start..end` (absolute, both included; empty when start > end), read with `row`. */
  over(start: number, end: number, row: (p: number) => Row): Value {
    if (start > this.hi) this.reset(start);
    for (let q = this.hi + 1; q <= end; q++) this.add(this.back, row(q));
    if (end > this.hi) this.hi = end;
    if (start > end) return this.aggregate.create().result();
    if (start >= this.mid) this.rebuildFront(start, row);
    this.lo = start;
    if (this.mid > this.hi) return this.front[this.lo - this.frontBase]!.result();
    const combined = this.aggregate.create();
    combined.merge(this.front[this.lo - this.frontBase]!);
    combined.merge(this.back);
    return combined.result();
  }

  private reset(start: number): void {
    this.lo = this.mid = this.frontBase = start;
    this.hi = start - 1;
    this.front = [];
    this.back = this.aggregate.create();
  }

  /** The front over `start..hi` (suffix aggregates, each in row order), the back empty. */
  private rebuildFront(start: number, row: (p: number) => Row): void {
    const front = new Array<RowAccumulator>(this.hi - start + 1);
    for (let q = this.hi; q >= start; q--) {
      const accumulator = this.aggregate.create();
      this.add(accumulator, row(q));
      if (q < this.hi) accumulator.merge(front[q - start + 1]!);
      front[q - start] = accumulator;
    }
    this.front = front;
    this.frontBase = start;
    this.mid = this.hi + 1;
    this.back = this.aggregate.create();
  }

  private add(accumulator: RowAccumulator, row: Row): void {
    const args = this.aggregate.args;
    for (let a = 0; a < args.length; a++) this.scratch[a] = args[a]!(row);
    accumulator.add(this.scratch);
  }
}
