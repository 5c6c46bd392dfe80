import { collectDefaultMetrics, Registry } from 'prom-client';
import type { JobOptions } from '../openJob.js';
import { registerJobCounters, type MeteredJob } from './jobCounters.js';
import { registerJobDistributions } from './jobDistributions.js';
import { serveMetrics, type MetricsAddress, type MetricsServer } from './metricsServer.js';
import { eventLatencyObserver } from './eventLatency.js';
import { allObservers } from './outputObservers.js';
import { userMetricsObserver } from './userMetrics.js';

/** The metrics of a standalone `ferris run`: a served registry the jobs are added to once open. */
export interface StandaloneMetrics extends MetricsServer {
  /** Adds the `ferris_*` metrics of `jobs` (counters, histograms, batch, Kafka and transaction metrics) to what `/metrics` serves. */
  watch(jobs: readonly MeteredJob[]): void;
  /** Feeds the jobs' `@metric` user metrics and their event-time latency into the served registry (for the jobs' options). */
  readonly observeOutput: NonNullable<JobOptions['observeOutput']>;
}

/**
 * Starts serving `/metrics` at `address` from a new prom-client `Registry` holding the
 * process metrics (prom-client's defaults, named `ferris_*`: memory, CPU, event-loop lag...).
 * `ferris run` imports it (and so prom-client) only with `--metrics-port`.
 */
export async function startStandaloneMetrics(address: MetricsAddress): Promise<StandaloneMetrics> {
  const registry = new Registry();
  const server = await serveMetrics(registry, address);
  collectDefaultMetrics({ register: registry, prefix: 'ferris_' });
  return { ...server, watch: (jobs) => {
      registerJobCounters(registry, jobs);
      registerJobDistributions(registry, jobs);
    }, observeOutput: allObservers(userMetricsObserver(registry), eventLatencyObserver(registry)) };
}
