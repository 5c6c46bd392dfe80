import type { JobMetrics } from './jobMetrics.js';

/** A job's name and live counters, as the progress line and summary read them. */
export interface ProgressSource {
  readonly name: string;
  /** Where the job's output goes. */
  readonly target?: string;
  readonly metrics: JobMetrics;
}

function rate(rows: number, ms: number): string {
  const perSecond = ms > 0 ? (rows * 1000) / ms : 0;
  return perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)}M` : perSecond >= 1e3 ? `${(perSecond / 1e3).toFixed(1)}K` : perSecond.toFixed(0);
}

/** One line: every job's rows in/out and input rows per second since it started. */
export function progressLine(jobs: readonly ProgressSource[], now = Date.now()): string {
  return jobs
    .map(({ name, metrics }) => `${name}: in ${metrics.rowsIn} out ${metrics.rowsOut} (${rate(metrics.rowsIn, (metrics.finishedAt ?? now) - metrics.startedAt)} rows/s)`)
    .join(' | ');
}

/** The end-of-run summary: one line per job with its counts, duration and rate. */
export function summaryLines(jobs: readonly ProgressSource[], now = Date.now()): string[] {
  return jobs.map(({ name, metrics, target }) => {
    const ms = (metrics.finishedAt ?? now) - metrics.startedAt;
    const bad = (metrics.badRecords > 0 ? `, ${metrics.badRecords} bad records` : '') + (metrics.lateRows > 0 ? `, ${metrics.lateRows} late rows` : '');
    const to = target === undefined ? '' : ` → ${target}`;
    return `${name}: ${metrics.rowsIn} rows in, ${metrics.rowsOut} rows out${bad} in ${(ms / 1000).toFixed(2)} s (${rate(metrics.rowsIn, ms)} rows/s)${to}`;
  });
}

/**
 * Redraws a progress line on a terminal every `intervalMs` (carriage return, no scrolling).
 * Returns a function that stops it and clears the line.
 */
export function startProgress(jobs: readonly ProgressSource[], write: (text: string) => void, intervalMs = 500): () => void {
  const timer = setInterval(() => write(`\r\x1b[2K${progressLine(jobs)}`), intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    write('\r\x1b[2K');
  };
}
