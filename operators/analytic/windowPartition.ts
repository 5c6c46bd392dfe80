import { decodeRow, encodeRow, type StateValue } from '../../lib/types/stateCodec.js';
import type { Row } from '../../lib/types/value.js';
import type { AggregateBinding, RowAccumulator } from '../aggregation/grouping.js';
import type { SlidingAggregate } from './slidingAggregate.js';

/** How the rows of a partition are ordered: the ORDER BY comparator and, for RANGE offsets, the numeric position. */
export interface PartitionOrder {
  readonly compare: (a: Row, b: Row) => number;
  /**
   * The ORDER BY value of a row as a number (epoch ms for a time), for RANGE offsets and
   * watermarks; NaN for a row without one (a NULL key), which sorts after every other row.
   */
  readonly position: ((row: Row) => number) | undefined;
}

/** A running frame aggregate (frame from UNBOUNDED PRECEDING): its accumulator and the next row it adds. */
export interface RunningAggregate {
  accumulator: RowAccumulator;
  /** Absolute index of the next row to add. */
  next: number;
}

/**
 * The rows of one partition in ORDER BY order: those already emitted that functions may still
 * read (LAG, moving frames), then those waiting to be emitted. Positions are absolute (the
 * n-th row of the partition), so dropping rows that no function reads any more keeps the
 * numbering: `rows[k]` is the row at `base + k`. The partition's first rows are kept apart
 * (`head`) for FIRST_VALUE and NTH_VALUE from UNBOUNDED PRECEDING.
 */
export class WindowPartition {
  rows: Row[] = [];
  base = 0;
  /** Absolute index of the next row to emit. */
  emitted = 0;
  head: Row[] = [];
  /** RANK and DENSE_RANK of the last row emitted. */
  rank = 0;
  dense = 0;
  /** The largest ORDER BY position seen (idle expiry). */
  lastPosition = -Infinity;
  /** Per function, the sliding state of an aggregate over a bounded frame (derived from the rows: not snapshotted). */
  readonly sliding: (SlidingAggregate | undefined)[] = [];
  /** {@link row} as a function value. */
  readonly rowAt = (p: number): Row => this.row(p);

  constructor(
    readonly order: PartitionOrder,
    readonly running: (RunningAggregate | undefined)[],
  ) {}

  /** Absolute index one past the last row held. */
  get end(): number {
    return this.base + this.rows.length;
  }

  /** The row at absolute index `p` (held, or among the kept first rows). */
  row(p: number): Row {
    if (p < this.base) return this.head[p]!;
    return this.rows[p - this.base]!;
  }

  /** Appends a row (any order: {@link sortPending} orders them later). */
  append(row: Row): void {
    this.rows.push(row);
  }

  /** Inserts a row among those waiting, after every row that sorts before or equal to it (stable). */
  insert(row: Row): void {
    const compare = this.order.compare;
    const rows = this.rows;
    let low = this.emitted - this.base;
    let high = rows.length;
    if (high === low || compare(rows[high - 1]!, row) <= 0) {
      rows.push(row);
      return;
    }
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(row, rows[middle]!) < 0) high = middle;
      else low = middle + 1;
    }
    rows.splice(low, 0, row);
  }

  /** Sorts the rows waiting to be emitted (stable: equal rows keep their arrival order). */
  sortPending(): void {
    const from = this.emitted - this.base;
    const pending = this.rows.slice(from).sort(this.order.compare);
    for (let k = 0; k < pending.length; k++) this.rows[from + k] = pending[k]!;
  }

  /** First absolute index of the current row's peers (rows that sort equal to it). */
  peerStart(p: number): number {
    const row = this.row(p);
    let q = p;
    while (q > this.base && this.order.compare(this.row(q - 1), row) === 0) q--;
    return q;
  }

  /** Last absolute index of the current row's peers. */
  peerEnd(p: number): number {
    const row = this.row(p);
    let q = p;
    const last = this.end - 1;
    while (q < last && this.order.compare(this.row(q + 1), row) === 0) q++;
    return q;
  }

  /** The first absolute index held whose position is ≥ `position` (the end when none is). */
  firstFrom(position: number): number {
    const of = this.order.position!;
    let low = 0;
    let high = this.rows.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (of(this.rows[middle]!) < position) low = middle + 1;
      else high = middle;
    }
    return this.base + low;
  }

  /** The last absolute index held whose position is ≤ `position` (before the first held row when none is). */
  lastUpTo(position: number): number {
    const of = this.order.position!;
    let low = 0;
    let high = this.rows.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (of(this.rows[middle]!) <= position) low = middle + 1;
      else high = middle;
    }
    return this.base + low - 1;
  }

  /** Forgets the held rows before absolute index `from` (never a row still to be emitted). */
  dropBefore(from: number): void {
    const drop = Math.min(from, this.emitted) - this.base;
    if (drop <= 0) return;
    this.rows.splice(0, drop);
    this.base += drop;
  }

  /** A JSON-safe image of the partition. */
  snapshot(aggregates: readonly (AggregateBinding | undefined)[]): StateValue {
    return {
      rows: this.rows.map(encodeRow),
      base: this.base,
      emitted: this.emitted,
      head: this.head.map(encodeRow),
      rank: [this.rank, this.dense],
      last: this.lastPosition === -Infinity ? null : this.lastPosition,
      running: this.running.map((r, i) => (r === undefined ? null : [r.next, aggregates[i]!.snapshot(r.accumulator)])),
    };
  }

  /** A partition of an image from {@link snapshot}. */
  static restore(image: StateValue, order: PartitionOrder, aggregates: readonly (AggregateBinding | undefined)[]): WindowPartition {
    const s = image as { rows: StateValue[]; base: number; emitted: number; head: StateValue[]; rank: [number, number]; last: number | null; running: ([number, StateValue] | null)[] };
    const running = s.running.map((r, i): RunningAggregate | undefined => (r === null ? undefined : { next: r[0], accumulator: aggregates[i]!.restore(r[1]) }));
    const partition = new WindowPartition(order, running);
    partition.rows = s.rows.map(decodeRow);
    partition.base = s.base;
    partition.emitted = s.emitted;
    partition.head = s.head.map(decodeRow);
    [partition.rank, partition.dense] = s.rank;
    partition.lastPosition = s.last ?? -Infinity;
    return partition;
  }
}
