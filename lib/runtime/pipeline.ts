import type { Logger } from './logger.js';
import type { RunnableJob } from './openJob.js';

/** How one job of a pipeline ended. */
export interface JobOutcome {
  readonly job: RunnableJob;
  readonly error: unknown;
}

/**
 * Runs several jobs side by side. `run` resolves when every job has ended: bounded jobs when
 * their input is processed, unbounded ones after `drain` (SIGINT/SIGTERM). When a job fails,
 * the others are drained so the process can end cleanly and report the failure.
 */
export class Pipeline {
  private started = false;

  constructor(
    readonly jobs: readonly RunnableJob[],
    private readonly log: Logger,
  ) {}

  /** Starts every job; resolves with each job's outcome once all have ended. */
  async run(): Promise<JobOutcome[]> {
    if (this.started) throw new Error('a pipeline runs once');
    this.started = true;
    return Promise.all(
      this.jobs.map(async (job) => {
        this.log('info', 'job started', { job: job.name, bounded: job.bounded });
        try {
          await job.run();
          this.log('info', 'job finished', { job: job.name, rows_in: job.metrics.rowsIn, rows_out: job.metrics.rowsOut });
          return { job, error: undefined };
        } catch (error) {
          this.log('error', 'job failed', { job: job.name, error: error instanceof Error ? error.message : String(error) });
          this.drain();
          return { job, error };
        }
      }),
    );
  }

  /** Graceful stop of every job: sources stop reading, what is in flight is written. */
  drain(): void {
    for (const job of this.jobs) job.drain();
  }
}
