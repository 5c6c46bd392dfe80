import { Histogram, type Registry } from 'prom-client';
import type { JobPlan } from '../../plan/planJob.js';
import type { OutputObservers } from '../openJob.js';

/** Output columns that hold a row's event time, in the order they are looked for (after the job's `event.time.field`). */
const EVENT_TIME_COLUMNS = ['_window_end', 'window_end', '_timestamp'];

/** Upper bounds of the latency buckets, in seconds: 10 ms to an hour. */
const BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600];

/**
 * The output column holding the event time of a job's output rows: a TIMESTAMP column named
 * like the job's `event.time.field`, else `_window_end`, `window_end` or `_timestamp`; undefined
 * when the output has none (then no latency is measured).
 */
export function eventTimeColumn(plan: JobPlan): number | undefined {
  const names = [...(plan.time.eventTimeField === undefined ? [] : [plan.time.eventTimeField]), ...EVENT_TIME_COLUMNS].map((n) => n.toLowerCase());
  for (const name of names) {
    const index = plan.output.fields.findIndex((f) => f.type.kind === 'TIMESTAMP' && f.name.toLowerCase() === name);
    if (index >= 0) return index;
  }
  return undefined;
}

/**
 * `ferris_event_latency_seconds{job}` on `registry`: for every output batch of a job whose
 * output has an event-time column ({@link eventTimeColumn}), the wall clock at the sink minus
 * the event time of the batch's last row (one sample per batch, so the cost does not grow
 * with the rows). For a windowed job that is how long after a window's end its result was
 * written; for data generated with old event times it is large, as the watermark lag is.
 */
export function eventLatencyObserver(registry: Registry): OutputObservers {
  const histogram = new Histogram({
    name: 'ferris_event_latency_seconds',
    help: "Wall clock at the sink minus the event time of an output batch's last row (one sample per batch).",
    labelNames: ['job'],
    buckets: BUCKETS,
    registers: [registry],
  });
  return (job, plan) => {
    const column = eventTimeColumn(plan);
    if (column === undefined) return undefined;
    const labels = { job: job.name };
    return (rows) => {
      const time = rows[rows.length - 1]?.[column];
      if (typeof time === 'number') histogram.observe(labels, Math.max(0, Date.now() - time) / 1000);
    };
  };
}
