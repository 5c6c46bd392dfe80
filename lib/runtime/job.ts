import type { Observable } from 'rxjs';
import { Subject } from '../../operators/rxjs.js';
import { FerrisError } from '../types/errors.js';
import type { RunnableJob } from './openJob.js';

/**
 * Where a job is: `created` (connectors open, graph compiled), `running`, `paused` (its
 * sources read nothing until it is resumed), `draining` (stopped: sources no longer read, what
 * was read is being processed and written), `finished` (its output flushed and closed) or
 * `failed`.
 */
export type JobState = 'created' | 'running' | 'paused' | 'draining' | 'finished' | 'failed';

/**
 * The legal transitions between job states. `finished` and `failed` are final; a job
 * stopped before it runs goes from `created` straight to `finished` (nothing was read).
 *
 * | from     | to                          |
 * |----------|-----------------------------|
 * | created  | running, finished, failed   |
 * | running  | paused, draining, finished, failed |
 * | paused   | running, draining, finished, failed |
 * | draining | finished, failed            |
 *
 * A paused job may still finish or fail: what was in flight when it paused is still written.
 */
export const JOB_TRANSITIONS: { readonly [S in JobState]: readonly JobState[] } = {
  created: ['running', 'finished', 'failed'],
  running: ['paused', 'draining', 'finished', 'failed'],
  paused: ['running', 'draining', 'finished', 'failed'],
  draining: ['finished', 'failed'],
  finished: [],
  failed: [],
};

/** One change of a job's state. */
export interface JobStateChange {
  readonly job: string;
  readonly from: JobState;
  readonly to: JobState;
  /** The error of a change to `failed`. */
  readonly error?: unknown;
}

/**
 * A job with explicit states and events (for `ferris run` and the job server): wraps
 * an opened {@link RunnableJob}, moves only along {@link JOB_TRANSITIONS}, and tells every
 * change on {@link changes}.
 */
export class Job {
  private current: JobState = 'created';
  private readonly changeSubject = new Subject<JobStateChange>();
  /** Every state change, in order; completes when the job reaches a final state. */
  readonly changes: Observable<JobStateChange> = this.changeSubject.asObservable();

  constructor(readonly runnable: RunnableJob) {}

  /** The job's name. */
  get name(): string {
    return this.runnable.name;
  }

  /** The state now. */
  get state(): JobState {
    return this.current;
  }

  /** Runs the job; resolves once it finished, rejects with its error once it failed. Only from `created`. */
  async run(): Promise<void> {
    this.move('running');
    try {
      await this.runnable.run();
    } catch (error) {
      this.move('failed', error);
      throw error;
    }
    this.move('finished');
  }

  /** Pauses a running job: its sources stop reading (see {@link RunnableJob.pause}). False when it was not running. */
  pause(): boolean {
    if (this.current !== 'running') return false;
    this.runnable.pause();
    this.move('paused');
    return true;
  }

  /** Resumes a paused job. False when it was not paused. */
  resume(): boolean {
    if (this.current !== 'paused') return false;
    this.runnable.resume();
    this.move('running');
    return true;
  }

  /**
   * Stops the job (open windows emitted only with `drain`, see {@link RunnableJob.stop}): a
   * running or paused job goes to `draining`, a job that never ran closes its connectors and
   * finishes. Nothing happens once the job is draining or has ended.
   */
  async stop(drain?: boolean): Promise<void> {
    if (this.current === 'running' || this.current === 'paused') {
      this.move('draining');
      this.runnable.stop(drain);
    } else if (this.current === 'created') {
      this.move('finished');
      await this.runnable.close();
    }
  }

  private move(to: JobState, error?: unknown): void {
    const from = this.current;
    if (!JOB_TRANSITIONS[from].includes(to)) {
      throw new FerrisError('INTERNAL', `job ${this.name}: cannot go from '${from}' to '${to}'; from '${from}' a job goes to ${JOB_TRANSITIONS[from].join(', ') || 'nothing (final)'}`);
    }
    this.current = to;
    this.changeSubject.next(error === undefined ? { job: this.name, from, to } : { job: this.name, from, to, error });
    if (JOB_TRANSITIONS[to].length === 0) this.changeSubject.complete();
  }
}
