import type { JobSpec } from '../../plan/app/analyzeApp.js';
import { durationKey } from '../../plan/timeConfig.js';
import { FerrisError, notSupported } from '../../types/errors.js';
import { inProcessInputs, upstreamJobs } from '../../plan/app/jobGraph.js';

/** How a job restarts after a retriable failure (`'restart.*'` keys), after Flink's fixed-delay and exponential-delay strategies. */
export interface RestartPolicy {
  readonly strategy: 'none' | 'fixed_delay' | 'exponential';
  /** Restarts in a row before the job fails. */
  readonly attempts: number;
  /** The wait before a fixed-delay restart, and before the first exponential one. */
  readonly backoffMs: number;
  /** The longest exponential wait. */
  readonly maxBackoffMs: number;
  /** A run at least this long starts the attempt count and the backoff again. */
  readonly resetAfterMs: number;
}

/**
 * The restart policy of a job from its `'restart.*'` keys (validated when the app was
 * analyzed). Without `'restart.strategy'`, a job with checkpoints (`'mode' = 'transactional'`
 * or `'checkpoint.dir'`) restarts exponentially: it resumes from its last committed checkpoint,
 * so a restart neither loses nor repeats output. Other jobs do not restart by default: their
 * sinks would write again what they wrote since the source positions were last committed.
 */
export function restartPolicy(job: JobSpec): RestartPolicy {
  const keys = job.jobKeys;
  const checkpointed = keys.has('checkpoint.dir') || keys.get('mode')?.toLowerCase() === 'transactional';
  const strategy = (keys.get('restart.strategy')?.toLowerCase() ?? (checkpointed ? 'exponential' : 'none')) as RestartPolicy['strategy'];
  const duration = (key: string, fallback: number): number => {
    const value = keys.get(key);
    return value === undefined ? fallback : durationKey(key, value);
  };
  return {
    strategy,
    attempts: Number(keys.get('restart.attempts') ?? 10),
    backoffMs: duration('restart.backoff', 100),
    maxBackoffMs: duration('restart.backoff.max', 10_000),
    resetAfterMs: duration('restart.reset.after', 60_000),
  };
}

/** The wait before restart number `attempt` (1 for the first in a row). */
export function restartDelay(policy: RestartPolicy, attempt: number): number {
  if (policy.strategy !== 'exponential') return policy.backoffMs;
  return Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.min(attempt - 1, 30));
}

/** The `'restart.*'` keys other than the strategy, which mean nothing when the job does not restart. */
const TUNING_KEYS = ['restart.attempts', 'restart.backoff', 'restart.backoff.max', 'restart.reset.after'];

/**
 * The errors of a job's restart keys: tuning keys of a job that does not restart, and a
 * restart of a job linked in process to others (it would have to restart them together,
 * which is not built). `linked` tells whether the job reads or is read by another in process.
 */
export function restartErrors(job: JobSpec, linked: boolean): FerrisError[] {
  const policy = restartPolicy(job);
  const tuned = TUNING_KEYS.filter((key) => job.jobKeys.has(key));
  if (policy.strategy === 'none' && tuned.length > 0) {
    return [new FerrisError('CONFIG', `job ${job.name}: ${tuned.map((k) => `'${k}'`).join(', ')} tune restarts, but the job does not restart ('restart.strategy' is none${job.jobKeys.has('restart.strategy') ? '' : ' by default for a job without checkpoints'}; accepted values: fixed_delay, exponential)`)];
  }
  if (linked && job.jobKeys.has('restart.strategy') && policy.strategy !== 'none') {
    return [notSupported(`'restart.strategy' = '${policy.strategy}' for job ${job.name}, which is linked in process to other jobs of the app (they would have to restart together)`)];
  }
  return [];
}

/** {@link restartErrors} of every job of an app, with the statement each belongs to. */
export function appRestartErrors(jobs: readonly JobSpec[]): { job: JobSpec; error: FerrisError }[] {
  const read = new Set(jobs.flatMap((job) => inProcessInputs(job).map((input) => input.upstream.toLowerCase())));
  return jobs.flatMap((job) => restartErrors(job, read.has(job.name.toLowerCase()) || upstreamJobs(job, jobs).length > 0).map((error) => ({ job, error })));
}
