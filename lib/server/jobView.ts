import { formatTimestamp } from '../types/time.js';
import type { JobStatus, ServerJob } from './serverJob.js';

/** A job as `GET /jobs` shows it (see the `Job` schema of /openapi.json). */
export interface JobView {
  readonly name: string;
  readonly status: JobStatus;
  readonly rows_in: number;
  readonly rows_out: number;
  readonly bad_records: number;
  readonly late_records: number;
  /** Rows per second read and written, over the last second. */
  readonly rate_in: number;
  readonly rate_out: number;
  /** The latest watermark that reached the sink (ISO-8601 UTC), null before the first. */
  readonly watermark: string | null;
  /** How far the watermark is behind the wall clock, in milliseconds; null without a watermark. */
  readonly lag_ms: number | null;
  /** What the job's windows and aggregates hold: open windows, and the rows they would emit. */
  readonly state: { readonly windows: number; readonly rows: number };
  readonly last_error: string | null;
  readonly started_at: string | null;
  readonly finished_at: string | null;
  readonly sql: string;
}

/** The view of one job at time `now`. */
export function jobView(job: ServerJob, now = Date.now()): JobView {
  const metrics = job.metrics;
  const rates = job.rates.rates();
  const runnable = job.job?.runnable;
  const held = runnable?.held();
  const watermark = metrics.watermark;
  const finite = watermark !== undefined && Number.isFinite(watermark);
  return {
    name: job.name,
    status: job.status,
    rows_in: metrics.rowsIn,
    rows_out: metrics.rowsOut,
    bad_records: metrics.badRecords,
    late_records: metrics.lateRows,
    rate_in: Math.round(rates.in),
    rate_out: Math.round(rates.out),
    watermark: finite ? formatTimestamp(watermark) : null,
    lag_ms: finite ? Math.max(0, now - watermark) : null,
    state: { windows: held?.windows ?? 0, rows: held?.rows ?? 0 },
    last_error: job.error ?? metrics.lastError ?? null,
    started_at: runnable === undefined ? null : new Date(metrics.startedAt).toISOString(),
    finished_at: metrics.finishedAt === undefined ? null : new Date(metrics.finishedAt).toISOString(),
    sql: job.sql,
  };
}
