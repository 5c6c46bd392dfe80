import type { Row, Value } from './value.js';

/**
 * A batch of rows. Rows are positional arrays addressed by column indices resolved at plan
 * time; a batch is never empty when emitted by an operator.
 */
export interface DataMessage {
  readonly kind: 'data';
  readonly rows: Row[];
}

/**
 * Event time has advanced to `ts` (epoch ms): no later row will carry an event time < ts.
 * With `partition`, it is a source's report about one partition only (the repartition
 * markers of a scaled-out job): that partition's largest event time is `ts`, as if a row of
 * it had carried it; `assignWatermarks` folds it into its per-partition minimum.
 */
export interface WatermarkMessage {
  readonly kind: 'watermark';
  readonly ts: number;
  readonly partition?: Value;
}

/** A checkpoint barrier for `epoch`: state is snapshotted before the barrier is forwarded. */
export interface BarrierMessage {
  readonly kind: 'barrier';
  readonly epoch: number;
}

/** What travels on every edge of a dataflow graph (DESIGN.md §3). */
export type Message = DataMessage | WatermarkMessage | BarrierMessage;

/** Wraps rows as a data message. */
export function data(rows: Row[]): DataMessage {
  return { kind: 'data', rows };
}

/** Builds a watermark message. */
export function watermark(ts: number): WatermarkMessage {
  return { kind: 'watermark', ts };
}
