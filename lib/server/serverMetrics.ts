import { collectDefaultMetrics, Gauge, type Registry } from 'prom-client';
import { registerJobCounters } from '../runtime/metrics/jobCounters.js';
import { registerJobDistributions } from '../runtime/metrics/jobDistributions.js';
import { jobView } from './jobView.js';
import type { JobStatus, ServerJob } from './serverJob.js';

const STATUSES: readonly JobStatus[] = ['running', 'paused', 'stopped', 'failed', 'finished'];

/** A gauge per job, set from its view when the registry is scraped. */
interface GaugeSpec {
  readonly name: string;
  readonly help: string;
  readonly read: (job: ServerJob, now: number) => number | undefined;
}

const JOB_GAUGES: readonly GaugeSpec[] = [
  {
    name: 'ferris_watermark_lag_seconds',
    help: 'How far the latest watermark that reached the sink is behind the wall clock (no sample before the first watermark).',
    read: (job, now) => {
      const lag = jobView(job, now).lag_ms;
      return lag === null ? undefined : lag / 1000;
    },
  },
  { name: 'ferris_state_windows', help: 'Open windows (or sessions) the job holds.', read: (job) => job.job?.runnable.held().windows ?? 0 },
  { name: 'ferris_state_rows', help: 'Rows the open windows and aggregates of the job would emit (per operator: ferris_operator_state_rows).', read: (job) => job.job?.runnable.held().rows ?? 0 },
  { name: 'ferris_records_in_per_second', help: 'Records read per second over the last second.', read: (job) => job.rates.rates().in },
  { name: 'ferris_records_out_per_second', help: 'Rows written per second over the last second.', read: (job) => job.rates.rates().out },
];

/**
 * Registers on `registry` what `/metrics` of the server serves: prom-client's process metrics
 * named `ferris_*` (memory, CPU, event-loop lag, GC), the `ferris_*_total` counters of every
 * job and its histograms, batch, Kafka and transaction metrics (`registerJobDistributions`), per-job gauges (watermark lag, state size, rates), the state of each stateful
 * operator (`ferris_operator_state_rows{job,operator}`) and `ferris_job_status{job,status}`
 * (1 for the job's status, 0 for the others). Everything is labelled by job and read from the
 * live `jobs` array at each scrape, so jobs deployed later are included. (The jobs' `@metric`
 * user metrics go to the same registry through `userMetricsObserver`.)
 */
export function registerServerMetrics(registry: Registry, jobs: readonly ServerJob[]): void {
  collectDefaultMetrics({ register: registry, prefix: 'ferris_' });
  registerJobCounters(registry, jobs);
  registerJobDistributions(registry, jobs);
  for (const spec of JOB_GAUGES) {
    new Gauge({
      name: spec.name,
      help: spec.help,
      labelNames: ['job'],
      registers: [registry],
      collect() {
        this.reset();
        const now = Date.now();
        for (const job of jobs) {
          const value = spec.read(job, now);
          if (value !== undefined) this.set({ job: job.name }, value);
        }
      },
    });
  }
  new Gauge({
    name: 'ferris_operator_state_rows',
    help: 'Rows the open windows and aggregates of one stateful operator would emit (operator: its physical node id).',
    labelNames: ['job', 'operator'],
    registers: [registry],
    collect() {
      this.reset();
      for (const job of jobs) {
        for (const [operator, pending] of job.job?.runnable.held().byOperator ?? []) this.set({ job: job.name, operator }, pending.rows);
      }
    },
  });
  new Gauge({
    name: 'ferris_job_status',
    help: 'The status of each job: 1 for its status, 0 for the others.',
    labelNames: ['job', 'status'],
    registers: [registry],
    collect() {
      this.reset();
      for (const job of jobs) for (const status of STATUSES) this.set({ job: job.name, status }, job.status === status ? 1 : 0);
    },
  });
}
