import type { OutputObservers } from '../openJob.js';

/** Every observer a job gets from `factories` (none: undefined), told each batch in turn. */
export function allObservers(...factories: readonly OutputObservers[]): OutputObservers {
  return (job, plan) => {
    const observers = factories.flatMap((factory) => factory(job, plan) ?? []);
    if (observers.length === 0) return undefined;
    if (observers.length === 1) return observers[0];
    return (rows) => {
      for (const observe of observers) observe(rows);
    };
  };
}
