import { DeadLetterFile } from '../connectors/deadLetterFile.js';
import type { BadRecord } from '../connectors/types.js';
import type { FailureStrategy } from '../plan/app/jobKeys.js';
import type { LateDataStrategy } from '../plan/timeConfig.js';
import { formatTimestamp } from '../types/time.js';
import { FerrisError } from '../types/errors.js';
import type { Row } from '../types/value.js';
import type { JobMetrics } from './jobMetrics.js';
import type { Logger } from './logger.js';

/** A row as JSON text for logs and dead-letter files (bigints as digits, decimals as text). */
function rowText(row: Row): string {
  return JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/**
 * Who else hears of every bad record and late row, besides the log and the dead-letter file
 * (the library API hands them to the application).
 */
export interface FailureListener {
  /** A record that could not be read or evaluated, told before it is routed. */
  badRecord?(job: string, bad: BadRecord): void;
  /** A row later than its window allows; `windowEnd` is epoch ms. */
  lateRow?(job: string, row: Row, windowEnd: number): void;
}

/** Where bad records of one source (or a job's failing rows) go. */
export interface FailureRoute {
  readonly strategy: FailureStrategy;
  /** The dead-letter file path for `dead_letter`. */
  readonly dlqPath: string | undefined;
}

/**
 * Routes records that cannot be read or evaluated by `failure_strategy`: every one is counted
 * and logged with where it came from; then `log_and_continue` goes on, `fail` stops the job
 * with an error, `dead_letter` also writes the raw record and the error to the DLQ file.
 */
export class FailureRouter {
  private readonly deadLetters = new Map<string, DeadLetterFile>();

  constructor(
    private readonly jobName: string,
    private readonly metrics: JobMetrics,
    private readonly log: Logger,
    private readonly listener: FailureListener = {},
  ) {}

  /** The handler for one source's unreadable records. */
  forSource(route: FailureRoute): (bad: BadRecord) => void {
    const dlq = this.deadLetterFor(route);
    return (bad) => this.route(route.strategy, dlq, bad);
  }

  /**
   * The handler for rows whose evaluation throws (e.g. a decimal overflow). The row may be
   * an intermediate one, so its position is the number of rows the job had read by then.
   */
  forRows(route: FailureRoute): (row: Row, error: unknown) => void {
    const dlq = this.deadLetterFor(route);
    return (row, error) =>
      this.route(route.strategy, dlq, {
        raw: rowText(row),
        origin: `job ${this.jobName}`,
        position: this.metrics.rowsIn,
        error: error instanceof Error ? error : new Error(String(error)),
      });
  }

  /**
   * The handler for rows later than their window allows. Each is counted; `dead_letter`
   * writes it to the job's DLQ file; otherwise it is dropped, and the first one and every
   * 1000th are logged (the summary gives the total).
   */
  forLateRows(strategy: LateDataStrategy, route: FailureRoute): (row: Row, windowEnd: number) => void {
    const dlq = strategy === 'dead_letter' ? this.deadLetterFor({ strategy: 'dead_letter', dlqPath: route.dlqPath }) : undefined;
    return (row, windowEnd) => {
      this.metrics.lateRows++;
      this.listener.lateRow?.(this.jobName, row, windowEnd);
      const error = new Error(`late row: its window ended at ${formatTimestamp(windowEnd)}, before the watermark`);
      if (dlq) {
        dlq.write({ raw: rowText(row), origin: `job ${this.jobName}`, position: this.metrics.rowsIn, error });
      } else if (this.metrics.lateRows % 1000 === 1) {
        this.log('warn', 'late row dropped', { job: this.jobName, window_end: formatTimestamp(windowEnd), late_rows: this.metrics.lateRows });
      }
    };
  }

  /** Closes the dead-letter files (flushing them). */
  async close(): Promise<void> {
    await Promise.all([...this.deadLetters.values()].map((file) => file.close()));
  }

  private deadLetterFor(route: FailureRoute): DeadLetterFile | undefined {
    if (route.strategy !== 'dead_letter') return undefined;
    if (route.dlqPath === undefined) {
      throw new FerrisError('CONFIG', `failure_strategy 'dead_letter' needs a file: set '<source>.dlq.path' or 'dlq.path' (job '${this.jobName}')`);
    }
    let file = this.deadLetters.get(route.dlqPath);
    if (!file) {
      file = new DeadLetterFile(route.dlqPath);
      this.deadLetters.set(route.dlqPath, file);
    }
    return file;
  }

  private route(strategy: FailureStrategy, dlq: DeadLetterFile | undefined, bad: BadRecord): void {
    this.metrics.badRecords++;
    this.listener.badRecord?.(this.jobName, bad);
    const fields = { job: this.jobName, origin: bad.origin, position: bad.position, error: bad.error.message };
    if (strategy === 'fail') {
      throw new FerrisError('BAD_RECORD', `${bad.origin}:${bad.position}: ${bad.error.message} (failure_strategy = fail)`, {
        cause: bad.error,
      });
    }
    this.log('warn', strategy === 'dead_letter' ? 'bad record sent to the dead-letter file' : 'bad record skipped', fields);
    dlq?.write(bad);
  }
}
