import { newJobMetrics } from '../../lib/runtime/jobMetrics.js';
import type { RunnableJob } from '../../lib/runtime/openJob.js';
import type { JobPlan } from '../../lib/plan/planJob.js';
import { MemorySnapshotStore } from '../../operators/internal/snapshots.js';

/**
 * An opened job for specs of what drives jobs (Job, Pipeline, restarts): `run` as given, and
 * every control call (`stop <drain>`, `pause`, `resume`, `close`) pushed to `calls` with `label`
 * after it (e.g. `stop 1`); nothing held, nothing unemitted, checkpoint 1.
 */
export function fakeRunnableJob(run: () => Promise<void>, calls: string[], label = '', onStop: (drain: boolean | undefined) => void = () => undefined): RunnableJob {
  const call = (what: string): void => void calls.push(label === '' ? what : `${what} ${label}`);
  return {
    name: 'out',
    plan: {} as JobPlan,
    metrics: newJobMetrics(),
    bounded: false,
    target: 'stdout',
    table: undefined,
    output: undefined,
    interrupted: false,
    run,
    stop: (drain) => {
      call(label === '' ? `stop ${String(drain)}` : 'stop');
      onStop(drain);
    },
    pause: () => call('pause'),
    resume: () => call('resume'),
    unemitted: () => ({ windows: 0, rows: 0, operators: [] }),
    held: () => ({ windows: 0, rows: 0, byOperator: new Map() }),
    close: async () => call('close'),
    checkpoint: async () => 1,
    snapshots: new MemorySnapshotStore(),
  };
}
