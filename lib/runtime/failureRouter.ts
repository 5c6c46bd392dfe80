import type { DeadLetter } from '../connectors/deadLetterFile.js';
import type { BadRecord } from '../connectors/types.js';
import type { FailureStrategy } from '../plan/app/jobKeys.js';
import type { PlanColumn } from '../plan/logicalPlan.js';
import type { LateDataStrategy } from '../plan/timeConfig.js';
import type { RowErrorHandler } from '../../operators/rowErrors.js';
import { formatTimestamp } from '../types/time.js';
import { FerrisError } from '../types/errors.js';
import type { Row } from '../types/value.js';
import { FailedRowReader, type RowOrigin } from './failedRow.js';
import { deadLetterFileQueue, LazyDeadLetterTopic, type DeadLetterQueue } from './deadLetterQueues.js';
import { countDropped, type JobMetrics } from './jobMetrics.js';
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
  /** The dead-letter file path for `dead_letter` (and `send_to_dlq` without a Kafka source). */
  readonly dlqPath: string | undefined;
  /** The dead-letter topic for `send_to_dlq` (`dlq.topic`, default `<job>-dlq`). */
  readonly dlqTopic: string;
  /** The brokers of the dead-letter topic: a Kafka source's (undefined without one). */
  readonly dlqBrokers: readonly string[] | undefined;
  /** How often `retry_with_backoff` reads a bad record again before the job fails. */
  readonly maxRetries: number;
  /** The wait before the first retry, doubled for each next one. */
  readonly retryBackoffMs: number;
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
 * Routes records that cannot be read or evaluated by `failure_strategy`: every one is counted,
 * and every record that does not reach the sink is counted by reason (`dropped`); then
 * `log_and_continue` goes on, `fail` stops the job with an error naming file:line,
 * `dead_letter` also writes the original record, the error, its position and the job to the
 * DLQ file (a DLQ write error fails the job), `send_to_dlq` to the dead-letter topic (with a
 * Kafka source) or else the file. A Kafka source carries out `fail_batch` (it drops the
 * batch, counted here) and `retry_with_backoff` (a record still unreadable after its retries
 * reaches this router and fails the job). A row whose evaluation failed cannot be read again
 * nor its batch taken back (the batch went on): under those two strategies it fails the job.
 * Warnings are throttled per job and kind: each distinct error once in full, then a running
 * count (see {@link WarningThrottle}).
 */
export class FailureRouter {
  private readonly deadLetters = new Map<string, DeadLetterQueue>();
  private readonly badRecordWarnings = new WarningThrottle();
  private readonly rowErrorWarnings = new WarningThrottle();
  private readonly lateRowWarnings = new WarningThrottle();

  constructor(
    private readonly jobName: string,
    private readonly metrics: JobMetrics,
    private readonly log: Logger,
    private readonly listener: FailureListener = {},
  ) {}

  /**
   * The handler for one source's unreadable records; it returns the dead-letter topic's write
   * (resolved once durable) for the source to await.
   */
  forSource(route: FailureRoute): (bad: BadRecord) => void | Promise<void> {
    const dlq = this.deadLetterFor(route);
    return (bad) => {
      this.metrics.badRecords++;
      this.metrics.lastError = bad.error.message;
      this.listener.badRecord?.(this.jobName, bad);
      const where = { origin: bad.origin, position: bad.position, ...(bad.partition === undefined ? {} : { partition: bad.partition }) };
      if (route.strategy === 'fail') throw this.failure(bad.error, where, route.strategy);
      if (route.strategy === 'retry_with_backoff') throw this.failure(new Error(`${bad.error.message} (still after ${route.maxRetries} retries)`), where, route.strategy);
      if (route.strategy === 'fail_batch') {
        countDropped(this.metrics, 'fail_batch', 1 + (bad.droppedWith ?? 0));
        this.warn(this.badRecordWarnings, 'batch dropped: it holds a bad record', 'bad_records', bad.error.message, { ...where, dropped_with: bad.droppedWith ?? 0 });
        return;
      }
      countDropped(this.metrics, dlq ? 'dead_letter' : 'bad_record');
      if (dlq) this.metrics.deadLetters++;
      const written = dlq?.write({ raw: bad.raw, error: bad.error.message, job: this.jobName, ...where }, bad.record);
      this.warn(this.badRecordWarnings, dlq ? `bad record sent to the dead-letter ${dlq.target}` : 'bad record skipped', 'bad_records', bad.error.message, where);
      return written;
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
        if (route.strategy === 'fail' || route.strategy === 'fail_batch' || route.strategy === 'retry_with_backoff') throw this.failure(error, where, route.strategy);
        countDropped(this.metrics, dlq ? 'dead_letter' : 'failed_row');
        if (dlq) this.metrics.deadLetters++;
        void dlq?.write(this.rowLetter(reader, row, error.message, where));
        this.warn(this.rowErrorWarnings, dlq ? `failed row sent to the dead-letter ${dlq.target}` : 'failed row skipped', 'failed_rows', error.message, where);
      };
    };
  }

  /**
   * The handler for rows of the given columns later than their window allows. Each is counted;
   * `dead_letter` writes it to the job's DLQ file; otherwise it is dropped with a throttled warning.
   */
  forLateRows(strategy: LateDataStrategy, route: FailureRoute): (columns: readonly PlanColumn[]) => (row: Row, windowEnd: number) => void {
    const dlq = strategy === 'dead_letter' ? this.deadLetterFor({ ...route, strategy: 'dead_letter' }) : undefined;
    return (columns) => {
      const reader = new FailedRowReader(columns);
      return (row, windowEnd) => {
        this.metrics.lateRows++;
        this.listener.lateRow?.(this.jobName, row, windowEnd);
        const message = `late row: its window ended at ${formatTimestamp(windowEnd)}, before the watermark`;
        const where = reader.originOf(row);
        countDropped(this.metrics, dlq ? 'dead_letter' : 'late_row');
        if (dlq) {
          this.metrics.deadLetters++;
          void dlq.write(this.rowLetter(reader, row, message, where));
        }
        else this.warn(this.lateRowWarnings, 'late row dropped', 'late_rows', 'late row', { ...where, window_end: formatTimestamp(windowEnd) });
      };
    };
  }

  /** Waits until every dead letter sent to a topic so far is acknowledged; throws when one failed. */
  async flush(): Promise<void> {
    await Promise.all([...this.deadLetters.values()].map((queue) => queue.flush()));
  }

  /** Closes the dead-letter files (writing out and syncing what they buffer) and topics (waiting for every letter sent). */
  async close(): Promise<void> {
    const results = await Promise.allSettled([...this.deadLetters.values()].map((file) => file.close()));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** The dead-letter queue of a route: the file of `dead_letter`; the topic (with Kafka brokers) or else the file of `send_to_dlq`. */
  private deadLetterFor(route: FailureRoute): DeadLetterQueue | undefined {
    if (route.strategy !== 'dead_letter' && route.strategy !== 'send_to_dlq') return undefined;
    if (route.strategy === 'send_to_dlq' && route.dlqBrokers !== undefined) {
      const key = `topic\u0000${route.dlqTopic}\u0000${route.dlqBrokers.join(',')}`;
      let topic = this.deadLetters.get(key);
      if (!topic) {
        topic = new LazyDeadLetterTopic(route.dlqTopic, route.dlqBrokers, this.log);
        this.deadLetters.set(key, topic);
      }
      return topic;
    }
    if (route.dlqPath === undefined) {
      const other = route.strategy === 'send_to_dlq' ? ' (or a Kafka source, whose dlq.topic it writes)' : '';
      throw new FerrisError('CONFIG', `failure_strategy '${route.strategy}' needs a file: set '<source>.dlq.path' or 'dlq.path'${other} (job '${this.jobName}')`);
    }
    let file = this.deadLetters.get(route.dlqPath);
    if (!file) {
      file = deadLetterFileQueue(route.dlqPath);
      this.deadLetters.set(route.dlqPath, file);
    }
    return file;
  }

  private rowLetter(reader: FailedRowReader, row: Row, error: string, where: RowOrigin): DeadLetter {
    return { row: reader.asObject(row), error, job: this.jobName, ...where };
  }

  private failure(error: Error, where: RowOrigin & { position?: number }, strategy: FailureStrategy): FerrisError {
    return new FerrisError('BAD_RECORD', `${describePosition(this.jobName, where)}: ${error.message} (failure_strategy = ${strategy})`, { cause: error });
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
