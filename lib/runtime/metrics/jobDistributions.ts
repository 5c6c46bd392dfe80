import { Counter, Gauge, type Registry } from 'prom-client';
import { FLUSH_REASONS } from '../../../operators/batching/batchObserver.js';
import { BATCH_SIZE_BOUNDS, LATENCY_BOUNDS } from './buckets.js';
import { BucketsHistogram } from './bucketsHistogram.js';
import type { MeteredJob } from './jobCounters.js';
import type { JobMetrics } from '../jobMetrics.js';

/**
 * Registers on `registry` the per-job metrics beyond the plain counters, each read from the
 * jobs' {@link JobMetrics} when scraped:
 * - `ferris_processing_latency_seconds{job}`: a histogram of the time each source batch took
 *   through the graph;
 * - `ferris_batch_size_rows{job,side,strategy}` and
 *   `ferris_batch_flushes_total{job,side,strategy,reason}`: the batches each batch strategy
 *   emitted, their sizes and why each went;
 * - `ferris_kafka_consumer_lag{job,topic,partition}`: messages behind the high watermark;
 * - `ferris_sink_transactions_total{job,outcome}`: transactions committed and aborted.
 */
export function registerJobDistributions(registry: Registry, jobs: readonly MeteredJob[]): void {
  new BucketsHistogram(
    {
      name: 'ferris_processing_latency_seconds',
      help: 'Seconds each source batch took through the operators of the job (one sample per batch).',
      labelNames: ['job'],
      bounds: LATENCY_BOUNDS,
      registry,
    },
    () => jobs.map((job) => [{ job: job.name }, job.metrics.processLatency] as const),
  );
  new BucketsHistogram(
    {
      name: 'ferris_batch_size_rows',
      help: 'Rows of each batch a batch strategy emitted (side: source for the job-level batch.* keys, sink for <sink>.batch.*).',
      labelNames: ['job', 'side', 'strategy'],
      bounds: BATCH_SIZE_BOUNDS,
      registry,
    },
    () => jobs.flatMap((job) => job.metrics.batching.map((b) => [{ job: job.name, side: b.side, strategy: b.strategy }, b.sizes] as const)),
  );
  new Counter({
    name: 'ferris_batch_flushes_total',
    help: 'Batches a batch strategy emitted, by why each went: size, memory, time, eager, watermark, barrier or end.',
    labelNames: ['job', 'side', 'strategy', 'reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const job of jobs) {
        for (const b of job.metrics.batching) {
          for (const reason of FLUSH_REASONS) this.inc({ job: job.name, side: b.side, strategy: b.strategy, reason }, b.flushes.get(reason) ?? 0);
        }
      }
    },
  });
  new Gauge({
    name: 'ferris_kafka_consumer_lag',
    help: 'Messages of a Kafka partition not yet read by the job: its high watermark minus the next offset, as of the latest batch fetched.',
    labelNames: ['job', 'topic', 'partition'],
    registers: [registry],
    collect() {
      this.reset();
      for (const job of jobs) {
        for (const [topic, partitions] of job.metrics.consumerLag) for (const [partition, lag] of partitions) this.set({ job: job.name, topic, partition }, lag);
      }
    },
  });
  new Counter({
    name: 'ferris_sink_transactions_total',
    help: 'Transactions of a transactional sink (Kafka exactly-once), by outcome: committed or aborted.',
    labelNames: ['job', 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      for (const job of jobs) {
        const { commits, aborts } = job.metrics.transactions;
        if (commits + aborts === 0) continue;
        this.inc({ job: job.name, outcome: 'committed' }, commits);
        this.inc({ job: job.name, outcome: 'aborted' }, aborts);
      }
    },
  });
}
