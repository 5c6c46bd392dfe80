import type { DeadLetter } from '../connectors/deadLetterFile.js';
import { DeadLetterFile } from '../connectors/deadLetterFile.js';
import type { BadRecord } from '../connectors/types.js';
import type { FailureStrategy } from '../plan/app/jobKeys.js';
import type { PlanColumn } from '../plan/logicalPlan.js';
import type { LateDataStrategy } from '../plan/timeConfig.js';
import type { RowErrorHandler } from '../../operators/rowErrors.js';
import { formatTimestamp } from '../types/time.js';
import { FerrisError } from '../types/errors.js';
import type { Row } from '../types/value.js';
import { FailedRowReader, type RowOrigin } from './failedRow.js';
import type { JobMetrics } from './jobMetrics.js';
import type { Logger } from './logger.js';
import { WarningThrottle } from './warningThrottle.js';

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

/** Where a failed record is, for people: `in.csv:12`, `in.csv partition 0 offset 199`, or the job. */
function describePosition(jobName: string, where: { origin: string | null; position?: number; partition?: number; offset?: number }): string {
  if (where.origin === null) return `job ${jobName}`;
  if (where.position !== undefined) return `${where.origin}:${where.position}`;
  return `${where.origin}${where.partition === undefined ? '' : ` partition ${where.partition}`}${where.offset === undefined ? '' : ` offset ${where.offset}`}`;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Routes records that cannot be read or evaluated by `failure_strategy`: every one is counted;
 * then `log_and_continue` goes on, `fail` stops the job with an error naming file:line,
 * `dead_letter` also writes the original record, the error, its position and the job to the
 * DLQ file (a DLQ write error fails the job). Warnings are throttled per job and kind: each
 * distinct error once in full, then a running count (see {@link WarningThrottle}).
 */
export class FailureRouter {
  private readonly deadLetters = new Map<string, DeadLetterFile>();
  private readonly badRecordWarnings = new WarningThrottle();
  private readonly rowErrorWarnings = new WarningThrottle();
  private readonly lateRowWarnings = new WarningThrottle();

  constructor(
    private readonly jobName: string,
    private readonly metrics: JobMetrics,
    private readonly log: Logger,
    private readonly listener: FailureListener = {},
  ) {}

  /** The handler for one source's unreadable records. */
  forSource(route: FailureRoute): (bad: BadRecord) => void {
    const dlq = this.deadLetterFor(route);
    return (bad) => {
      this.metrics.badRecords++;
      this.metrics.lastError = bad.error.message;
      this.listener.badRecord?.(this.jobName, bad);
      const where = { origin: bad.origin, position: bad.position };
      if (route.strategy === 'fail') throw this.failure(bad.error, where);
      if (dlq) this.deadLetter(dlq, { raw: bad.raw, error: bad.error.message, job: this.jobName, ...where });
      this.warn(this.badRecordWarnings, dlq ? 'bad record sent to the dead-letter file' : 'bad record skipped', 'bad_records', bad.error.message, where);
    };
  }

  /**
   * The handler for rows of the given columns whose evaluation throws (e.g. a decimal
   * overflow); the row's position is its own `_offset` when the columns still have it.
   */
  forRows(route: FailureRoute): (columns: readonly PlanColumn[]) => RowErrorHandler {
    const dlq = this.deadLetterFor(route);
    return (columns) => {
      const reader = new FailedRowReader(columns);
      return (row, thrown) => {
        this.metrics.badRecords++;
        const error = asError(thrown);
        this.metrics.lastError = error.message;
        const where = reader.originOf(row);
        this.listener.badRecord?.(this.jobName, {
          raw: JSON.stringify(reader.asObject(row)),
          origin: where.origin ?? `job ${this.jobName}`,
          position: where.offset ?? this.metrics.rowsIn,
          error,
        });
        if (route.strategy === 'fail') throw this.failure(error, where);
        if (dlq) this.deadLetter(dlq, this.rowLetter(reader, row, error.message, where));
        this.warn(this.rowErrorWarnings, dlq ? 'failed row sent to the dead-letter file' : 'failed row skipped', 'failed_rows', error.message, where);
      };
    };
  }

  /**
   * The handler for rows of the given columns later than their window allows. Each is counted;
   * `dead_letter` writes it to the job's DLQ file; otherwise it is dropped with a throttled warning.
   */
  forLateRows(strategy: LateDataStrategy, route: FailureRoute): (columns: readonly PlanColumn[]) => (row: Row, windowEnd: number) => void {
    const dlq = strategy === 'dead_letter' ? this.deadLetterFor({ strategy: 'dead_letter', dlqPath: route.dlqPath }) : undefined;
    return (columns) => {
      const reader = new FailedRowReader(columns);
      return (row, windowEnd) => {
        this.metrics.lateRows++;
        this.listener.lateRow?.(this.jobName, row, windowEnd);
        const message = `late row: its window ended at ${formatTimestamp(windowEnd)}, before the watermark`;
        const where = reader.originOf(row);
        if (dlq) this.deadLetter(dlq, this.rowLetter(reader, row, message, where));
        else this.warn(this.lateRowWarnings, 'late row dropped', 'late_rows', 'late row', { ...where, window_end: formatTimestamp(windowEnd) });
      };
    };
  }

  /** Writes a letter to a dead-letter file, counting it. */
  private deadLetter(dlq: DeadLetterFile, letter: DeadLetter): void {
    this.metrics.deadLetters++;
    dlq.write(letter);
  }

  /** Closes the dead-letter files (writing out and syncing what they buffer). */
  async close(): Promise<void> {
    const results = await Promise.allSettled([...this.deadLetters.values()].map((file) => file.close()));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
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

  private rowLetter(reader: FailedRowReader, row: Row, error: string, where: RowOrigin): DeadLetter {
    return { row: reader.asObject(row), error, job: this.jobName, ...where };
  }

  private failure(error: Error, where: RowOrigin & { position?: number }): FerrisError {
    return new FerrisError('BAD_RECORD', `${describePosition(this.jobName, where)}: ${error.message} (failure_strategy = fail)`, { cause: error });
  }

  /** Logs the first occurrence of each distinct error, then every 1000th as a running count. */
  private warn(throttle: WarningThrottle, message: string, counter: string, error: string, fields: object): void {
    const verdict = throttle.note(error);
    if (verdict === 'quiet') return;
    const total = { [counter]: throttle.count };
    if (verdict === 'first') this.log('warn', message, { job: this.jobName, ...fields, error, ...total });
    else this.log('warn', `${message} (running count; each distinct error was logged once)`, { job: this.jobName, ...total });
  }
}
