/**
 * Why records were dropped: unreadable ones skipped (`bad_record`), rows whose evaluation
 * failed skipped (`failed_row`), late rows dropped (`late_row`), records sent to a dead-letter
 * file or topic (`dead_letter`), records dropped with a failed batch (`fail_batch`).
 */
export type DropReason = 'bad_record' | 'failed_row' | 'late_row' | 'dead_letter' | 'fail_batch';

/** Every drop reason, in the order they are reported. */
export const DROP_REASONS: readonly DropReason[] = ['bad_record', 'failed_row', 'late_row', 'dead_letter', 'fail_batch'];

/** Live counters of one job, read by the progress line, the summary, the job server and Prometheus. */
export interface JobMetrics {
  rowsIn: number;
  rowsOut: number;
  /** Records a source could not read, and rows whose evaluation failed. */
  badRecords: number;
  /** Rows that arrived after their window closed (beyond the allowed lateness). */
  lateRows: number;
  /** Records that did not reach the sink, by reason (each one counted once). */
  readonly dropped: Map<DropReason, number>;
  /** Records and rows written to a dead-letter file or topic (bad records, failed rows, late rows). */
  deadLetters: number;
  /** Batches read from the sources. */
  batchesIn: number;
  /** Seconds the job's operators spent on the source batches (the graph is synchronous up to the sink's queue). */
  processSeconds: number;
  /** Batches written to the sink. */
  batchesOut: number;
  /** Seconds spent in the sink's writes (with {@link batchesOut}: the mean write time). */
  sinkWriteSeconds: number;
  /** The latest watermark (event time, epoch ms) that reached the sink; undefined before the first. */
  watermark: number | undefined;
  /** The message of the latest bad record or failed row, for people watching the job. */
  lastError: string | undefined;
  startedAt: number;
  finishedAt: number | undefined;
}

/** Fresh counters for a job starting now. */
export function newJobMetrics(now = Date.now()): JobMetrics {
  return { rowsIn: 0, rowsOut: 0, badRecords: 0, lateRows: 0, dropped: new Map(), deadLetters: 0, batchesIn: 0, processSeconds: 0, batchesOut: 0, sinkWriteSeconds: 0, watermark: undefined, lastError: undefined, startedAt: now, finishedAt: undefined };
}

/** Counts `count` records dropped for `reason`. */
export function countDropped(metrics: JobMetrics, reason: DropReason, count = 1): void {
  metrics.dropped.set(reason, (metrics.dropped.get(reason) ?? 0) + count);
}
