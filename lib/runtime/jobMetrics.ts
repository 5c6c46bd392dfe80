/** Live counters of one job, read by the progress line, the summary, the job server and Prometheus. */
export interface JobMetrics {
  rowsIn: number;
  rowsOut: number;
  /** Records a source could not read, and rows whose evaluation failed. */
  badRecords: number;
  /** Rows that arrived after their window closed (beyond the allowed lateness). */
  lateRows: number;
  /** Records and rows written to the dead-letter file (bad records, failed rows, late rows). */
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
  return { rowsIn: 0, rowsOut: 0, badRecords: 0, lateRows: 0, deadLetters: 0, batchesIn: 0, processSeconds: 0, batchesOut: 0, sinkWriteSeconds: 0, watermark: undefined, lastError: undefined, startedAt: now, finishedAt: undefined };
}
