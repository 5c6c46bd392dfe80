/** Live counters of one job, read by the progress line, the summary and (later) Prometheus. */
export interface JobMetrics {
  rowsIn: number;
  rowsOut: number;
  /** Records a source could not read, and rows whose evaluation failed. */
  badRecords: number;
  /** Rows that arrived after their window closed (beyond the allowed lateness). */
  lateRows: number;
  startedAt: number;
  finishedAt: number | undefined;
}

/** Fresh counters for a job starting now. */
export function newJobMetrics(now = Date.now()): JobMetrics {
  return { rowsIn: 0, rowsOut: 0, badRecords: 0, lateRows: 0, startedAt: now, finishedAt: undefined };
}
