import type { Row } from '../../lib/types/value.js';

/** How a windowed aggregate treats time: when windows emit, and what happens to late rows. */
export interface LatenessPolicy {
  /** How long (ms) after the watermark passes a window's end the window still accepts rows. */
  readonly allowedLateness: number;
  /**
   * `final`: one row per window and key, when the watermark passes end + allowed lateness.
   * `update`: a first row when the watermark passes the end, and a corrected row for every
   * batch of late rows within the allowed lateness (`late.data.strategy = update_previous_window`).
   * `changes`: a row per changed window and key after every input batch (EMIT CHANGES).
   */
  readonly emit: 'final' | 'update' | 'changes';
  /** Receives a row too late for its window (beyond the allowed lateness): counted and routed. */
  readonly onLate: (row: Row, windowEnd: number) => void;
}

/** When a window ending at `end` first emits under the policy. */
export function firstEmitAt(policy: LatenessPolicy, end: number): number {
  return policy.emit === 'final' ? end + policy.allowedLateness : end;
}

/** When a window ending at `end` is forgotten (no row may join it afterwards). */
export function purgeAt(policy: LatenessPolicy, end: number): number {
  return end + policy.allowedLateness;
}
