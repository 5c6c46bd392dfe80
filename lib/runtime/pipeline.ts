import type { Logger } from './logger.js';
import { Job } from './job.js';
import type { RunnableJob } from './openJob.js';
import type { Unemitted } from './operatorState.js';

/** `2 windows (5 rows)`, `3 rows`. */
function describeUnemitted({ windows, rows }: Unemitted): string {
  const rowText = `${rows} ${rows === 1 ? 'row' : 'rows'}`;
  return windows === 0 ? rowText : `${windows} ${windows === 1 ? 'window' : 'windows'} (${rowText})`;
}

/** How one job of a pipeline ended. */
export interface JobOutcome {
  readonly job: RunnableJob;
  readonly error: unknown;
}

/**
 * Runs several jobs side by side. `run` resolves when every job has ended: bounded jobs when
 * their input is processed, unbounded ones after `stop` (SIGINT/SIGTERM). When a job fails,
 * the others are stopped so the process can end cleanly and report the failure. A job
 * stopped without drain logs what it did not emit.
 */
export class Pipeline {
  private started = false;
  /** Every job with its state and state changes (created → running → draining → finished | failed). */
  readonly managed: readonly Job[];

  constructor(
    readonly jobs: readonly RunnableJob[],
    private readonly log: Logger,
  ) {
    this.managed = jobs.map((job) => new Job(job));
  }

  /** Starts every job; resolves with each job's outcome once all have ended. */
  async run(): Promise<JobOutcome[]> {
    if (this.started) throw new Error('a pipeline runs once');
    this.started = true;
    return Promise.all(
      this.managed.map(async (managed) => {
        const job = managed.runnable;
        if (managed.state !== 'created') {
          // Stopped before the pipeline ran: its connectors are closed, and it ended without reading.
          this.log('info', 'job stopped before it ran', { job: job.name });
          return { job, error: undefined };
        }
        this.log('info', 'job started', { job: job.name, bounded: job.bounded, target: job.target });
        try {
          await managed.run();
          this.log('info', job.interrupted ? 'job stopped' : 'job finished', { job: job.name, rows_in: job.metrics.rowsIn, rows_out: job.metrics.rowsOut });
          const unemitted = job.unemitted();
          if (unemitted.windows > 0 || unemitted.rows > 0) {
            this.log('warn', `stopped without drain: ${describeUnemitted(unemitted)} not emitted (ferris run --drain or 'shutdown' = 'drain' emits them)`, {
              job: job.name,
              windows: unemitted.windows,
              rows: unemitted.rows,
              operators: unemitted.operators.join(','),
            });
          }
          return { job, error: undefined };
        } catch (error) {
          this.log('error', 'job failed', { job: job.name, error: error instanceof Error ? error.message : String(error) });
          this.stop();
          return { job, error };
        }
      }),
    );
  }

  /**
   * Graceful stop of every job: sources stop reading, what is in flight is written; open
   * windows are emitted only with `drain` (default: each job's `'shutdown'` key).
   */
  stop(drain?: boolean): void {
    for (const job of this.managed) void job.stop(drain);
  }
}
