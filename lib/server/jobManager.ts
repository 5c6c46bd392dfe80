import type { JobSpec } from '../plan/app/analyzeApp.js';
import { Job } from '../runtime/job.js';
import type { Logger } from '../runtime/logger.js';
import type { JobOptions, RunnableJob } from '../runtime/openJob.js';
import { openRunnableJob } from '../runtime/openRunnableJob.js';
import { FerrisError } from '../types/errors.js';
import { HttpError } from './httpError.js';
import { ServerJob } from './serverJob.js';

/**
 * The jobs of the server by name (names ignore case): opens and runs deployed jobs, stops,
 * pauses and resumes them, and samples their rates every second. Ended jobs stay listed (as
 * stopped, finished or failed) until a job of the same name replaces them. `list` is the live
 * array the metrics read at each scrape.
 */
export class JobManager {
  private readonly byName = new Map<string, ServerJob>();
  /** Every job, in deployment order (the same objects as by name). */
  readonly list: ServerJob[] = [];
  private opening = 0;
  private stopping = false;
  private readonly sampler: NodeJS.Timeout;

  constructor(
    private readonly options: JobOptions,
    private readonly log: Logger,
    /** Told after every change of a job's state (deployed, paused, resumed, stopped, ended). */
    private readonly changed: (job: ServerJob) => void = () => undefined,
    sampleEveryMs = 1000,
  ) {
    this.sampler = setInterval(() => this.sample(), sampleEveryMs).unref();
  }

  /** Whether jobs are being opened now (their connectors not all connected yet). */
  get busy(): boolean {
    return this.opening > 0;
  }

  /** The job of a name, or undefined. */
  find(name: string): ServerJob | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** The job of a name; a 404 otherwise. */
  get(name: string): ServerJob {
    const job = this.find(name);
    if (job === undefined) throw new HttpError(404, 'UNKNOWN_JOB', `no job '${name}' (jobs: ${this.list.map((j) => j.name).join(', ') || 'none'})`);
    return job;
  }

  /** Refuses a new job named like one that still runs (a 409): stop that one first. */
  checkFree(name: string): void {
    const existing = this.find(name);
    if (existing?.live) throw new HttpError(409, 'JOB_EXISTS', `job '${existing.name}' is ${existing.status}: stop it (DELETE /jobs/${existing.name} or STOP JOB ${existing.name}) before deploying another job of that name`);
  }

  /**
   * Opens a job's connectors, then runs it in the background (paused from the start when
   * `paused`); resolves once it runs. Replaces an ended job of the same name; a live one is a 409.
   */
  async deploy(spec: JobSpec, sql: string, paused = false): Promise<ServerJob> {
    this.checkFree(spec.name);
    const runnable = await this.open(spec);
    if (this.stopping) {
      // Opened while the server stops (a source that took long to connect): it never runs.
      await runnable.close();
      throw new FerrisError('IO', `job ${spec.name}: the server is stopping`, { retriable: true });
    }
    const job = new Job(runnable);
    let ran: () => void = () => undefined;
    const server = new ServerJob(spec.name, sql, job, new Promise<void>((resolve) => (ran = resolve)));
    this.put(server);
    // The first sample is the start, so the next tick already gives a rate.
    server.rates.sample(Date.now(), 0, 0);
    job.changes.subscribe(() => this.changed(server));
    // Paused before it runs, so that not even its first batch is read.
    if (paused) runnable.pause();
    this.log('info', 'job deployed', { job: spec.name, target: runnable.target });
    job.run().then(
      () => this.log('info', runnable.interrupted ? 'job stopped' : 'job finished', { job: spec.name, rows_in: runnable.metrics.rowsIn, rows_out: runnable.metrics.rowsOut }),
      (error: unknown) => {
        server.error = error instanceof Error ? error.message : String(error);
        this.log('error', 'job failed', { job: spec.name, error: server.error });
      },
    ).finally(ran);
    if (paused) job.pause();
    return server;
  }

  /** Lists a job that is not running: restored as stopped, or one that could not be opened (failed, with its error). */
  addEnded(name: string, sql: string, status: 'stopped' | 'failed', error?: string): ServerJob {
    const server = new ServerJob(name, sql, undefined, Promise.resolve(), status);
    server.error = error;
    this.put(server);
    this.changed(server);
    return server;
  }

  /** Stops a job (with `drain`, open windows are emitted as final) and resolves once it has ended. */
  async stop(name: string, drain = true): Promise<ServerJob> {
    const server = this.get(name);
    await server.job?.stop(drain);
    await server.done;
    return server;
  }

  /** Pauses a running job: its sources stop reading. A job that is not running is a 409. */
  pause(name: string): ServerJob {
    const server = this.get(name);
    if (!server.job?.pause()) throw new HttpError(409, 'NOT_RUNNING', `job '${server.name}' is ${server.status}: only a running job can be paused`);
    return server;
  }

  /** Resumes a paused job. A job that is not paused is a 409. */
  resume(name: string): ServerJob {
    const server = this.get(name);
    if (!server.job?.resume()) throw new HttpError(409, 'NOT_PAUSED', `job '${server.name}' is ${server.status}: only a paused job can be resumed`);
    return server;
  }

  /** Stops every live job with drain and resolves once all have ended (SIGTERM); a job still opening is closed once open, never run. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    clearInterval(this.sampler);
    await Promise.all(this.list.filter((job) => job.live).map((job) => this.stop(job.name, true)));
  }

  private async open(spec: JobSpec): Promise<RunnableJob> {
    this.opening++;
    try {
      return await openRunnableJob(spec, this.options, this.options.log, false);
    } finally {
      this.opening--;
    }
  }

  private put(server: ServerJob): void {
    const previous = this.find(server.name);
    if (previous !== undefined) this.list.splice(this.list.indexOf(previous), 1);
    this.byName.set(server.name.toLowerCase(), server);
    this.list.push(server);
  }

  private sample(): void {
    const now = Date.now();
    for (const job of this.list) job.rates.sample(now, job.metrics.rowsIn, job.metrics.rowsOut);
  }
}
