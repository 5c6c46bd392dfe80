import { textTable } from '../runtime/textTable.js';
import { jobView, type JobView } from './jobView.js';
import type { JobStatus, ServerJob } from './serverJob.js';

/** The JSON of `GET /health`, after the original's health check with performance status. */
export interface HealthReport {
  /** `healthy`, or `degraded` when a job failed. */
  readonly status: 'healthy' | 'degraded';
  readonly version: string;
  readonly uptime_seconds: number;
  /** How many jobs are in each status, and in all. */
  readonly jobs: { readonly [S in JobStatus | 'total']: number };
  readonly performance: {
    readonly records_in_total: number;
    readonly records_out_total: number;
    readonly records_in_per_second: number;
    readonly records_out_per_second: number;
  };
  readonly memory: { readonly rss_bytes: number; readonly heap_used_bytes: number };
}

/** The health of the server and its jobs now. */
export function healthReport(jobs: readonly ServerJob[], version: string, startedAt: number, now = Date.now()): HealthReport {
  const views = jobs.map((job) => jobView(job, now));
  const count = (status: JobStatus): number => views.filter((v) => v.status === status).length;
  const sum = (read: (view: JobView) => number): number => views.reduce((total, view) => total + read(view), 0);
  const memory = process.memoryUsage();
  return {
    status: count('failed') > 0 ? 'degraded' : 'healthy',
    version,
    uptime_seconds: Math.round((now - startedAt) / 1000),
    jobs: { total: views.length, running: count('running'), paused: count('paused'), stopped: count('stopped'), failed: count('failed'), finished: count('finished') },
    performance: {
      records_in_total: sum((v) => v.rows_in),
      records_out_total: sum((v) => v.rows_out),
      records_in_per_second: sum((v) => v.rate_in),
      records_out_per_second: sum((v) => v.rate_out),
    },
    memory: { rss_bytes: memory.rss, heap_used_bytes: memory.heapUsed },
  };
}

/**
 * `GET /report`: the health figures and a table of every job, as text for people: rows,
 * rates, bad and late records, watermark lag, state rows, and the sink's mean batch size and
 * write time.
 */
export function performanceReport(jobs: readonly ServerJob[], version: string, startedAt: number, now = Date.now()): string {
  const health = healthReport(jobs, version, startedAt, now);
  const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  const rows = jobs.map((job) => {
    const v = jobView(job, now);
    const { batchesOut, sinkWriteSeconds } = job.metrics;
    const perBatch = (value: number, digits: number): string => (batchesOut === 0 ? '-' : (value / batchesOut).toFixed(digits));
    return [
      v.name,
      v.status,
      String(v.rows_in),
      String(v.rows_out),
      String(v.rate_in),
      String(v.rate_out),
      String(v.bad_records),
      String(v.late_records),
      v.lag_ms === null ? '-' : `${v.lag_ms} ms`,
      String(v.state.rows),
      perBatch(v.rows_out, 0),
      perBatch(sinkWriteSeconds * 1000, 2),
    ];
  });
  return [
    `FerrisStreams ${version} performance report`,
    `status: ${health.status}, up ${health.uptime_seconds} s, memory: ${mib(health.memory.rss_bytes)} resident, ${mib(health.memory.heap_used_bytes)} heap used`,
    `records: ${health.performance.records_in_total} in, ${health.performance.records_out_total} out; now ${health.performance.records_in_per_second}/s in, ${health.performance.records_out_per_second}/s out`,
    `jobs: ${health.jobs.total} (${health.jobs.running} running, ${health.jobs.paused} paused, ${health.jobs.stopped} stopped, ${health.jobs.failed} failed, ${health.jobs.finished} finished)`,
    '',
    textTable(['job', 'status', 'rows_in', 'rows_out', 'in/s', 'out/s', 'bad', 'late', 'watermark lag', 'state rows', 'rows/batch', 'ms/write'], rows),
  ].join('\n');
}
