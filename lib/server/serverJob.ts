import type { Job } from '../runtime/job.js';
import { newJobMetrics, type JobMetrics } from '../runtime/jobMetrics.js';
import { RateMeter } from './rateMeter.js';

/** What the server says a job is doing (the `status` of `GET /jobs`). */
export type JobStatus = 'running' | 'paused' | 'stopped' | 'failed' | 'finished';

/**
 * A job deployed on the server: its name and SQL, the running {@link Job} (none for a job
 * restored as stopped, or one that failed to open), its error and its rate meter.
 */
export class ServerJob {
  readonly rates = new RateMeter();
  /** Why the job failed (its run's error, or why it could not be opened). */
  error: string | undefined;
  /** Resolves once the job has ended (at once for a job that never ran). */
  readonly done: Promise<void>;

  constructor(
    readonly name: string,
    readonly sql: string,
    readonly job: Job | undefined,
    done: Promise<void>,
    private readonly endedAs: 'stopped' | 'failed' = 'stopped',
  ) {
    this.done = done;
  }

  /** The job's live counters (zeros for a job that never ran). */
  get metrics(): JobMetrics {
    return this.job?.runnable.metrics ?? NO_METRICS;
  }

  /** Whether the job still runs (running, paused, or draining after a stop). */
  get live(): boolean {
    const state = this.job?.state;
    return state === 'created' || state === 'running' || state === 'paused' || state === 'draining';
  }

  /** Its status: a stopped job is one stopped by the user (or draining to its stop); one that ended by itself is finished. */
  get status(): JobStatus {
    const job = this.job;
    if (job === undefined) return this.endedAs;
    switch (job.state) {
      case 'created':
      case 'running':
        return 'running';
      case 'paused':
        return 'paused';
      case 'draining':
        return 'stopped';
      case 'failed':
        return 'failed';
      case 'finished':
        return job.runnable.interrupted ? 'stopped' : 'finished';
    }
  }
}

const NO_METRICS: JobMetrics = Object.freeze(newJobMetrics(0));
