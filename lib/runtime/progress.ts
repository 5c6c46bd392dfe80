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

/** `1 row`, `2 rows`: a count with its noun in singular or plural. */
function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** One line: every job's rows in/out and input rows per second since it started. */
export function progressLine(jobs: readonly ProgressSource[], now = Date.now()): string {
  return jobs
    .map(({ name, metrics }) => `${name}: in ${metrics.rowsIn} out ${metrics.rowsOut} (${rate(metrics.rowsIn, (metrics.finishedAt ?? now) - metrics.startedAt)} rows/s)`)
    .join(' | ');
}

/** The end-of-run summary: one line per job with its counts, duration and rate, and its restarts when it restarted. */
export function summaryLines(jobs: readonly ProgressSource[], now = Date.now()): string[] {
  return jobs.map(({ name, metrics, target }) => {
    const ms = (metrics.finishedAt ?? now) - metrics.startedAt;
    const bad = (metrics.badRecords > 0 ? `, ${counted(metrics.badRecords, 'bad record')}` : '') + (metrics.lateRows > 0 ? `, ${counted(metrics.lateRows, 'late row')}` : '');
    const to = target === undefined ? '' : ` → ${target}`;
    // After a restart the counts are those of the instance running since (see restartingJob).
    const restarted = metrics.restarts > 0 ? `, restarted ${counted(metrics.restarts, 'time')} (counts since the last restart)` : '';
    return `${name}: ${counted(metrics.rowsIn, 'row')} in, ${counted(metrics.rowsOut, 'row')} out${bad}${restarted} in ${(ms / 1000).toFixed(2)} s (${rate(metrics.rowsIn, ms)} rows/s)${to}`;
  });
}

/** Carriage return and erase line: the cursor back at the start of an empty line. */
const CLEAR_LINE = '\r\x1b[2K';

/**
 * The last line of a terminal, redrawn in place (no scrolling), with whole lines such as log
 * lines printed above it: they clear it first, so they never run into the text it showed.
 */
export class StatusLine {
  private shown = '';

  constructor(private readonly write: (text: string) => void) {}

  /** Replaces the text of the line. */
  show(text: string): void {
    this.shown = text;
    this.write(`${CLEAR_LINE}${text}`);
  }

  /** Prints `lines` (ending in a newline) where the line was, then draws it again below them. */
  printAbove(lines: string): void {
    this.write(`${CLEAR_LINE}${lines}${this.shown}`);
  }

  /** Clears the line; later lines print where it was. */
  clear(): void {
    this.shown = '';
    this.write(CLEAR_LINE);
  }
}

/**
 * Shows the progress line of `jobs` on `line` every `intervalMs`.
 * Returns a function that stops it and clears the line.
 */
export function startProgress(jobs: readonly ProgressSource[], line: StatusLine, intervalMs = 500): () => void {
  const timer = setInterval(() => line.show(progressLine(jobs)), intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    line.clear();
  };
}
