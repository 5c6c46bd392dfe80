import type { AggregateBinding, Grouping, RowAccumulator } from '../operators/aggregation/grouping.js';
import type { LatenessPolicy } from '../operators/aggregation/lateness.js';
import type { Message } from '../lib/types/message.js';
import type { Row, Value } from '../lib/types/value.js';

/** A running total: the one state of the minimal accumulators of operator specs. */
class Total {
  constructor(
    public n: number,
    private readonly of: (args: readonly Value[]) => number,
  ) {}

  add(args: readonly Value[]): void {
    this.n += this.of(args);
  }

  merge(other: RowAccumulator): void {
    this.n += (other as Total).n;
  }

  result(): Value {
    return this.n;
  }
}

/** A minimal aggregate adding `of(args)` per row (the real aggregates live in lib/aggregates). */
function totalOf(args: AggregateBinding['args'], of: (args: readonly Value[]) => number): AggregateBinding {
  return {
    args,
    create: () => new Total(0, of),
    snapshot: (acc) => (acc as Total).n,
    restore: (image) => new Total(image as number, of),
  };
}

/** COUNT(*). */
export const countStar: AggregateBinding = totalOf([], () => 1);

/** SUM over column 2 of the test rows. */
export const sumOfValue: AggregateBinding = totalOf([(row: Row) => row[2]!], (args) => args[0] as number);

/** A running total that is NULL until it has added a row, as SQL's SUM. */
class NullableTotal {
  constructor(public sum: number | null) {}

  add(args: readonly Value[]): void {
    this.sum = (this.sum ?? 0) + (args[0] as number);
  }

  merge(other: RowAccumulator): void {
    const theirs = (other as NullableTotal).sum;
    if (theirs !== null) this.sum = (this.sum ?? 0) + theirs;
  }

  result(): Value {
    return this.sum;
  }
}

/** SUM over column 2 as SQL has it: NULL over no rows. */
export const sumOrNull: AggregateBinding = {
  args: [(row: Row) => row[2]!],
  create: () => new NullableTotal(null),
  snapshot: (acc) => (acc as NullableTotal).sum,
  restore: (image) => new NullableTotal(image as number | null),
};

/** Test rows are [key, eventTime, value]; grouped by key. */
export const byKey = (...aggregates: AggregateBinding[]): Grouping => ({
  keyOf: (row) => row[0] as string,
  keyValues: (row) => [row[0]!],
  aggregates,
});

/** The event time of a test row. */
export const eventTime = (row: Row): Value => row[1]!;

/** A lateness policy recording late rows. */
export function policy(emit: LatenessPolicy['emit'], allowedLateness = 0): LatenessPolicy & { late: Row[] } {
  const late: Row[] = [];
  return { emit, allowedLateness, late, onLate: (row) => void late.push(row) };
}

/** A data message. */
export const data = (...rows: Row[]): Message => ({ kind: 'data', rows });

/** A watermark message. */
export const wm = (ts: number): Message => ({ kind: 'watermark', ts });

/** A barrier message. */
export const barrier = (epoch: number): Message => ({ kind: 'barrier', epoch });
