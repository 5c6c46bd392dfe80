import { describe, expect, it } from 'vitest';
import type { Logger } from '../../../lib/runtime/logger.js';
import type { RunnableJob } from '../../../lib/runtime/openJob.js';
import { restartingJob } from '../../../lib/runtime/restart/restartingJob.js';
import type { RestartPolicy } from '../../../lib/runtime/restart/restartPolicy.js';
import { FerrisError } from '../../../lib/types/errors.js';
import { fakeRunnableJob } from '../fakeRunnableJob.js';

const retriable = (): Error => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
const POLICY: RestartPolicy = { strategy: 'exponential', attempts: 3, backoffMs: 5, maxBackoffMs: 20, resetAfterMs: 60_000 };

/** One instance of a job: its run ends as `outcome` says (resolve, or reject with the error); records stop and pause calls. */
function instance(outcome: Error | 'finish' | 'until-stopped', calls: string[], n: number): RunnableJob {
  let stopRun: () => void = () => undefined;
  const run = (): Promise<void> => {
    calls.push(`run ${n}`);
    if (outcome === 'finish') return Promise.resolve();
    if (outcome === 'until-stopped') return new Promise<void>((resolve) => (stopRun = resolve));
    return Promise.reject(outcome);
  };
  return fakeRunnableJob(run, calls, String(n), () => stopRun());
}

/** A job whose instances end as `outcomes` say, in order; with the calls and log lines it made. */
function jobOf(outcomes: (Error | 'finish' | 'until-stopped')[], policy = POLICY): { job: RunnableJob; calls: string[]; lines: string[] } {
  const calls: string[] = [];
  const lines: string[] = [];
  const log: Logger = (level, message, fields) => lines.push(`${level} ${message}${fields?.attempt === undefined ? '' : ` attempt=${String(fields.attempt)}`}`);
  let opened = 0;
  const reopen = async (): Promise<RunnableJob> => {
    opened++;
    calls.push(`open ${opened}`);
    const outcome = outcomes[opened];
    if (outcome === undefined) throw new Error('opened once too often');
    return instance(outcome, calls, opened);
  };
  return { job: restartingJob(instance(outcomes[0]!, calls, 0), reopen, policy, log), calls, lines };
}

describe('restartingJob', () => {
  it('opens the job again after a retriable failure and runs it; counts the restarts', async () => {
    const { job, calls, lines } = jobOf([retriable(), retriable(), 'finish']);
    await job.run();
    expect(calls).toEqual(['run 0', 'open 1', 'run 1', 'open 2', 'run 2']);
    expect(job.metrics.restarts).toBe(2);
    expect(lines.filter((l) => l.startsWith('warn'))).toEqual([
      'warn job restarting: it failed with a retriable error; it resumes from its last committed checkpoint (or, without checkpoints, its committed source positions) attempt=1',
      'warn job restarting: it failed with a retriable error; it resumes from its last committed checkpoint (or, without checkpoints, its committed source positions) attempt=2',
    ]);
    expect(lines.filter((l) => l.startsWith('info'))).toEqual(['info job restarted', 'info job restarted']);
  });

  it('fails at once on an error that is not retriable', async () => {
    const { job, calls } = jobOf([new FerrisError('CONFIG', 'bad key'), 'finish']);
    await expect(job.run()).rejects.toThrow('bad key');
    expect(calls).toEqual(['run 0']);
  });

  it("fails after 'restart.attempts' restarts in a row", async () => {
    const { job, calls, lines } = jobOf([retriable(), retriable(), retriable(), retriable(), 'finish']);
    await expect(job.run()).rejects.toThrow('ECONNRESET');
    expect(calls).toEqual(['run 0', 'open 1', 'run 1', 'open 2', 'run 2', 'open 3', 'run 3']);
    expect(lines.at(-1)).toBe("error job failed 4 times in a row: no restart left ('restart.attempts' = 3)");
  });

  it('counts a failed reopening as an attempt and tries again', async () => {
    const calls: string[] = [];
    let opens = 0;
    const job = restartingJob(
      instance(retriable(), calls, 0),
      async () => {
        opens++;
        if (opens === 1) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        return instance('finish', calls, opens);
      },
      POLICY,
      () => undefined,
    );
    await job.run();
    expect(opens).toBe(2);
    expect(calls).toEqual(['run 0', 'run 2']);
    expect(job.metrics.restarts).toBe(1);
  });

  it('ends as stopped when stopped during the backoff, and keeps a pause across a restart', async () => {
    const slow: RestartPolicy = { ...POLICY, backoffMs: 10_000, maxBackoffMs: 10_000 };
    const { job, calls } = jobOf([retriable(), 'finish'], slow);
    const running = job.run();
    await new Promise((resolve) => setTimeout(resolve, 20));
    job.stop(false);
    await running;
    expect(job.interrupted).toBe(true);
    expect(calls).toEqual(['run 0', 'stop 0']);

    const paused = jobOf([retriable(), 'until-stopped']);
    paused.job.pause();
    const run = paused.job.run();
    await new Promise((resolve) => setTimeout(resolve, 50));
    paused.job.stop(false);
    await run;
    expect(paused.calls).toEqual(['pause 0', 'run 0', 'open 1', 'pause 1', 'run 1', 'stop 1']);
  });
});
