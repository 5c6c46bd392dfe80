import type { Logger } from '../logger.js';
import type { RunnableJob } from '../openJob.js';
import { isRetriable } from './retriableError.js';
import type { JobSpec } from '../../plan/app/analyzeApp.js';
import { restartDelay, restartPolicy, type RestartPolicy } from './restartPolicy.js';

/** The message of an error, for a log line. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A job that restarts itself after a retriable failure (see {@link isRetriable}), as Flink's
 * restart strategies do: the failed instance has closed its connectors (its open transaction
 * aborted), the job waits the policy's backoff, then `reopen` opens it again, which restores
 * its last committed checkpoint and seeks its sources to the committed offsets. A failure that
 * is not retriable, or one more than `policy.attempts` restarts in a row, fails the job; a stop
 * during the backoff ends it as stopped. Each restart is logged (`job restarting`, then `job
 * restarted`) and counted in the job's metrics (`restarts`).
 *
 * The properties read from the job (`metrics`, `snapshots`, `table`...) are those of the
 * instance running now: counters start again with each instance, except `restarts`.
 */
export function restartingJob(first: RunnableJob, reopen: () => Promise<RunnableJob>, policy: RestartPolicy, log: Logger): RunnableJob {
  let current = first;
  let restarts = 0;
  let paused = false;
  let stopped: { drain: boolean | undefined } | undefined;
  let wakeBackoff: (() => void) | undefined;
  // Read through a function: a stop may come at any await of run().
  const stopRequest = (): { drain: boolean | undefined } | undefined => stopped;

  const backoff = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeBackoff = () => {
        clearTimeout(timer);
        resolve();
      };
    }).then(() => {
      wakeBackoff = undefined;
    });

  /** Whether to restart after `error` (logging why not), counting `inRow` restarts so far. */
  const restartable = (error: unknown, inRow: number): boolean => {
    if (stopped !== undefined || !isRetriable(error)) return false;
    if (inRow < policy.attempts) return true;
    log('error', `job failed ${inRow + 1} times in a row: no restart left ('restart.attempts' = ${policy.attempts})`, { job: first.name, error: messageOf(error) });
    return false;
  };

  return {
    name: first.name,
    plan: first.plan,
    bounded: first.bounded,
    target: first.target,
    output: undefined,
    get metrics() {
      return current.metrics;
    },
    get table() {
      return current.table;
    },
    get snapshots() {
      return current.snapshots;
    },
    get interrupted() {
      return stopped !== undefined || current.interrupted;
    },
    async run() {
      let inRow = 0;
      for (;;) {
        const startedAt = Date.now();
        try {
          await current.run();
          return;
        } catch (error) {
          if (Date.now() - startedAt >= policy.resetAfterMs) inRow = 0;
          if (!restartable(error, inRow)) throw error;
          let why = 'job restarting: it failed with a retriable error; it resumes from its last committed checkpoint (or, without checkpoints, its committed source positions)';
          let failure = error;
          for (;;) {
            inRow++;
            const wait = restartDelay(policy, inRow);
            log('warn', why, { job: first.name, attempt: inRow, attempts: policy.attempts, backoff_ms: wait, error: messageOf(failure) });
            await backoff(wait);
            if (stopRequest() !== undefined) return;
            try {
              current = await reopen();
              break;
            } catch (openError) {
              if (!restartable(openError, inRow)) throw openError;
              why = 'job restarting: it could not be opened again';
              failure = openError;
            }
          }
          restarts++;
          current.metrics.restarts = restarts;
          if (paused) current.pause();
          log('info', 'job restarted', { job: first.name, restarts });
          // A stop that came while the job was opening again applies to the new instance.
          const stop = stopRequest();
          if (stop !== undefined) current.stop(stop.drain);
        }
      }
    },
    stop(drain) {
      stopped = { drain };
      current.stop(drain);
      wakeBackoff?.();
    },
    pause() {
      paused = true;
      current.pause();
    },
    resume() {
      paused = false;
      current.resume();
    },
    unemitted: () => current.unemitted(),
    held: () => current.held(),
    checkpoint: () => current.checkpoint(),
    close: () => current.close(),
  };
}

/**
 * Opens a job with `open`; one whose restart policy is not `none` (see {@link restartPolicy})
 * comes back wrapped by {@link restartingJob}, opened again with `open` after a retriable
 * failure. A job linked in process to others (`linked`) is never wrapped: an explicit strategy
 * on one is refused before anything opens (`restartErrors`), and the default leaves it failing.
 */
export async function openWithRestarts(job: JobSpec, open: () => Promise<RunnableJob>, log: Logger, linked: boolean): Promise<RunnableJob> {
  const policy = restartPolicy(job);
  const opened = await open();
  if (policy.strategy === 'none' || linked) return opened;
  return restartingJob(opened, open, policy, log);
}
