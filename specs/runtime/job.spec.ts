import { describe, expect, it } from 'vitest';
import { Job, JOB_TRANSITIONS, type JobStateChange } from '../../lib/runtime/job.js';
import { silentLogger } from '../../lib/runtime/logger.js';
import { Pipeline } from '../../lib/runtime/pipeline.js';
import type { RunnableJob } from '../../lib/runtime/openJob.js';
import { fakeRunnableJob } from './fakeRunnableJob.js';

/** A runnable job whose run ends when told (finish or fail), recording stop and close calls. */
function controllable(): { runnable: RunnableJob; finish: () => void; fail: (error: Error) => void; calls: string[] } {
  const calls: string[] = [];
  let finish: () => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const runnable = fakeRunnableJob(() => done, calls);
  return { runnable, finish: () => finish(), fail: (e) => fail(e), calls };
}

const record = (job: Job): string[] => {
  const seen: string[] = [];
  job.changes.subscribe({ next: (c: JobStateChange) => seen.push(`${c.from}→${c.to}`), complete: () => seen.push('end') });
  return seen;
};

describe('Job', () => {
  it('declares its legal transitions; finished and failed are final', () => {
    expect(JOB_TRANSITIONS).toEqual({
      created: ['running', 'finished', 'failed'],
      running: ['paused', 'draining', 'finished', 'failed'],
      paused: ['running', 'draining', 'finished', 'failed'],
      draining: ['finished', 'failed'],
      finished: [],
      failed: [],
    });
  });

  it('goes created → running → finished and tells every change, then completes its events', async () => {
    const c = controllable();
    const job = new Job(c.runnable);
    const seen = record(job);
    expect(job.state).toBe('created');
    const run = job.run();
    expect(job.state).toBe('running');
    c.finish();
    await run;
    expect(job.state).toBe('finished');
    expect(seen).toEqual(['created→running', 'running→finished', 'end']);
  });

  it('goes running → draining → finished on a stop, passing the drain choice on', async () => {
    const c = controllable();
    const job = new Job(c.runnable);
    const seen = record(job);
    const run = job.run();
    await job.stop(true);
    expect(job.state).toBe('draining');
    await job.stop(true);
    c.finish();
    await run;
    expect(c.calls).toEqual(['stop true']);
    expect(seen).toEqual(['created→running', 'running→draining', 'draining→finished', 'end']);
  });

  it('pauses and resumes only a running job, and a paused job stops by draining', async () => {
    const c = controllable();
    const job = new Job(c.runnable);
    const seen = record(job);
    expect(job.pause()).toBe(false);
    const run = job.run();
    expect(job.resume()).toBe(false);
    expect(job.pause()).toBe(true);
    expect(job.state).toBe('paused');
    expect(job.pause()).toBe(false);
    expect(job.resume()).toBe(true);
    expect(job.pause()).toBe(true);
    await job.stop(false);
    c.finish();
    await run;
    expect(c.calls).toEqual(['pause', 'resume', 'pause', 'stop false']);
    expect(seen).toEqual(['created→running', 'running→paused', 'paused→running', 'running→paused', 'paused→draining', 'draining→finished', 'end']);
  });

  it('goes to failed with the error', async () => {
    const c = controllable();
    const job = new Job(c.runnable);
    const changes: JobStateChange[] = [];
    job.changes.subscribe((change) => changes.push(change));
    const run = job.run();
    c.fail(new Error('disk full'));
    await expect(run).rejects.toThrow('disk full');
    expect(job.state).toBe('failed');
    expect(String(changes.at(-1)?.error)).toContain('disk full');
  });

  it('closes a job stopped before it ran, and refuses to run a finished job', async () => {
    const c = controllable();
    const job = new Job(c.runnable);
    await job.stop();
    expect(job.state).toBe('finished');
    expect(c.calls).toEqual(['close']);
    await expect(job.run()).rejects.toThrow("job out: cannot go from 'finished' to 'running'; from 'finished' a job goes to nothing (final)");
  });
});

describe('Pipeline', () => {
  it('reports a job stopped before the pipeline ran as ended without error, its connectors closed, never run', async () => {
    const c = controllable();
    const pipeline = new Pipeline([c.runnable], silentLogger);
    pipeline.stop();
    const outcomes = await pipeline.run();
    expect(outcomes.map((o) => o.error)).toEqual([undefined]);
    expect(pipeline.managed[0]!.state).toBe('finished');
    expect(c.calls).toEqual(['close']);
  });
});
