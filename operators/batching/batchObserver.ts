/**
 * Why a batch strategy emitted a batch: its row limit was reached (`size`), its byte budget
 * (`memory`), its first row waited the strategy's timeout or window (`time`), a low_latency
 * eager strategy emitted the rows at once (`eager`), a watermark or barrier flushed it first
 * (`watermark`, `barrier`), or the input ended (`end`).
 */
export type FlushReason = 'size' | 'memory' | 'time' | 'eager' | 'watermark' | 'barrier' | 'end';

/** Every flush reason, in the order they are reported. */
export const FLUSH_REASONS: readonly FlushReason[] = ['size', 'memory', 'time', 'eager', 'watermark', 'barrier', 'end'];

/** Told of every batch a batch strategy emits (once per batch, never per row): its rows and why it went. */
export type BatchObserver = (rows: number, reason: FlushReason) => void;
