import { Counter, type Registry } from 'prom-client';
import { DROP_REASONS, type JobMetrics } from '../jobMetrics.js';

/** A job as its metrics are read: its name (the `job` label) and its live counters. */
export interface MeteredJob {
  readonly name: string;
  readonly metrics: JobMetrics;
}

/** One `ferris_*_total` counter: its name, help text and the `JobMetrics` field it reports. */
interface CounterSpec {
  readonly name: string;
  readonly help: string;
  readonly read: (metrics: JobMetrics) => number;
}

/** The per-job counters, each a `JobMetrics` field. */
const JOB_COUNTERS: readonly CounterSpec[] = [
  { name: 'ferris_records_in_total', help: 'Records read by the job from its sources.', read: (m) => m.rowsIn },
  { name: 'ferris_records_out_total', help: 'Rows the job wrote to its sink.', read: (m) => m.rowsOut },
  { name: 'ferris_bad_records_total', help: 'Records a source could not read, and rows whose evaluation failed.', read: (m) => m.badRecords },
  { name: 'ferris_late_records_total', help: 'Rows that arrived after their window closed (beyond the allowed lateness).', read: (m) => m.lateRows },
  { name: 'ferris_dead_letters_total', help: 'Records and rows written to the dead-letter file.', read: (m) => m.deadLetters },
  { name: 'ferris_source_batches_total', help: 'Batches read from the sources.', read: (m) => m.batchesIn },
  {
    name: 'ferris_process_seconds_total',
    help: "Seconds the job's operators spent on source batches (over ferris_source_batches_total: the mean processing time of a batch).",
    read: (m) => m.processSeconds,
  },
  { name: 'ferris_sink_batches_total', help: 'Batches written to the sink (rows out over batches: the mean batch size).', read: (m) => m.batchesOut },
  { name: 'ferris_sink_write_seconds_total', help: "Seconds spent in the sink's writes (over batches: the mean write time).", read: (m) => m.sinkWriteSeconds },
  { name: 'ferris_bytes_in_total', help: 'Bytes the sources read (file chunks, Kafka message keys and values, HTTP ingest bodies).', read: (m) => m.bytesIn },
  { name: 'ferris_bytes_out_total', help: 'Bytes the sink wrote (encoded file lines, Kafka message keys and values).', read: (m) => m.bytesOut },
  { name: 'ferris_job_restarts_total', help: "Times the job restarted itself after a retriable failure ('restart.strategy').", read: (m) => m.restarts },
];

/**
 * Registers the `ferris_*_total` counters of `jobs` (labelled `job="<name>"`) on `registry`.
 * They are read from each job's {@link JobMetrics} when the registry is scraped (a collect
 * callback), so the jobs' hot path is unchanged: it only bumps its plain number fields.
 */
export function registerJobCounters(registry: Registry, jobs: readonly MeteredJob[]): void {
  for (const spec of JOB_COUNTERS) {
    new Counter({
      name: spec.name,
      help: spec.help,
      labelNames: ['job'],
      registers: [registry],
      collect() {
        this.reset();
        for (const job of jobs) this.inc({ job: job.name }, spec.read(job.metrics));
      },
    });
  }
  new Counter({
    name: 'ferris_dropped_records_total',
    help: 'Records that did not reach the sink, by reason (bad_record, failed_row, late_row, dead_letter, fail_batch).',
    labelNames: ['job', 'reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const job of jobs) for (const reason of DROP_REASONS) this.inc({ job: job.name, reason }, job.metrics.dropped.get(reason) ?? 0);
    },
  });
}
