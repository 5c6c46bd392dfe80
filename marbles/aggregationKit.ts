import type { AggregateBinding, Grouping } from '../operators/aggregation/grouping.js';
import type { LatenessPolicy } from '../operators/aggregation/lateness.js';
import type { Message } from '../lib/types/message.js';
import type { Row, Value } from '../lib/types/value.js';

/** COUNT(*) as a minimal accumulator for operator specs (the real aggregates live in lib/aggregates). */
export const countStar: AggregateBinding = {
  args: [],
  create() {
    let n = 0;
    return {
      add: () => void n++,
      merge: (other) => void (n += other.result() as number),
      result: () => n,
    };
  },
};

/** SUM over column 2 of the test rows. */
export const sumOfValue: AggregateBinding = {
  args: [(row: Row) => row[2]!],
  create() {
    let sum = 0;
    return {
      add: (args: readonly Value[]) => void (sum += args[0] as number),
      merge: (other) => void (sum += other.result() as number),
      result: () => sum,
    };
  },
};

/** SUM over column 2 as SQL has it: NULL over no rows. */
export const sumOrNull: AggregateBinding = {
  args: [(row: Row) => row[2]!],
  create() {
    let sum: number | null = null;
    return {
      add: (args: readonly Value[]) => void (sum = (sum ?? 0) + (args[0] as number)),
      merge: (other) => void (sum = other.result() === null ? sum : (sum ?? 0) + (other.result() as number)),
      result: () => sum,
    };
  },
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
