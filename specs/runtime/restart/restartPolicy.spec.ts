import { describe, expect, it } from 'vitest';
import { loadApp } from '../../../lib/runtime/app.js';
import { restartDelay, restartErrors, restartPolicy } from '../../../lib/runtime/restart/restartPolicy.js';
import type { JobSpec } from '../../../lib/plan/app/analyzeApp.js';

/** The one job of `CREATE STREAM out AS SELECT ... WITH (<keys>)` over a file source. */
function jobWith(keys: string): JobSpec {
  const sql = `CREATE STREAM src (n INTEGER) WITH ('src.type' = 'file_source', 'src.path' = 'in.jsonl');
    CREATE STREAM out AS SELECT n FROM src WITH ('out.type' = 'file_sink', 'out.path' = 'out.jsonl'${keys === '' ? '' : `, ${keys}`});`;
  return loadApp(sql, { file: undefined, variables: () => undefined }).jobs[0]!;
}

describe('restartPolicy', () => {
  it('restarts a job with checkpoints exponentially by default, and no other job', () => {
    expect(restartPolicy(jobWith("'checkpoint.dir' = 'ckpt'"))).toEqual({ strategy: 'exponential', attempts: 10, backoffMs: 100, maxBackoffMs: 10_000, resetAfterMs: 60_000 });
    expect(restartPolicy(jobWith('')).strategy).toBe('none');
  });

  it("reads the 'restart.*' keys", () => {
    const policy = restartPolicy(jobWith("'restart.strategy' = 'fixed_delay', 'restart.attempts' = '3', 'restart.backoff' = '2s', 'restart.reset.after' = '5 minutes'"));
    expect(policy).toEqual({ strategy: 'fixed_delay', attempts: 3, backoffMs: 2000, maxBackoffMs: 10_000, resetAfterMs: 300_000 });
  });

  it('waits the backoff, doubled for each restart in a row up to the maximum (exponential), or always the same (fixed delay)', () => {
    const exponential = restartPolicy(jobWith("'checkpoint.dir' = 'ckpt', 'restart.backoff' = '100ms', 'restart.backoff.max' = '1s'"));
    expect([1, 2, 3, 4, 5, 40].map((attempt) => restartDelay(exponential, attempt))).toEqual([100, 200, 400, 800, 1000, 1000]);
    const fixed = restartPolicy(jobWith("'restart.strategy' = 'fixed_delay', 'restart.backoff' = '250ms'"));
    expect([1, 2, 7].map((attempt) => restartDelay(fixed, attempt))).toEqual([250, 250, 250]);
  });

  it('refuses a bad strategy, naming the key and the accepted values', () => {
    expect(() => jobWith("'restart.strategy' = 'forever'")).toThrow("invalid value 'forever' for 'restart.strategy'; accepted values: none, fixed_delay, exponential");
    expect(() => jobWith("'restart.attempts' = '0'")).toThrow("'restart.attempts'");
  });

  it('refuses tuning keys on a job that does not restart, and a restart of a job linked in process', () => {
    expect(restartErrors(jobWith("'restart.attempts' = '3'"), false)[0]?.message).toMatch(
      /'restart.attempts' tune restarts, but the job does not restart \('restart.strategy' is none by default for a job without checkpoints/,
    );
    expect(restartErrors(jobWith("'restart.strategy' = 'none', 'restart.backoff' = '1s'"), false)).toHaveLength(1);
    expect(restartErrors(jobWith("'restart.strategy' = 'exponential'"), true)[0]?.message).toMatch(/not supported yet: 'restart.strategy' = 'exponential' for job out, which is linked in process/);
    expect(restartErrors(jobWith("'restart.strategy' = 'exponential', 'restart.attempts' = '2'"), false)).toEqual([]);
  });
});
