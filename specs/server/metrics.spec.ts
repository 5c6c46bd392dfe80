import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, jobOf, testServer, type TestServer } from './serverKit.js';

let t: TestServer;
beforeAll(async () => {
  t = await testServer();
  await t.sql(
    `CREATE STREAM trades WITH ('trades.type' = 'datagen', 'trades.rate' = '2000', 'trades.batch.size' = '50', 'trades.interval_ms' = '1', 'trades.start_time' = '${new Date().toISOString()}');\n` +
      "CREATE STREAM per_second AS SELECT symbol, TUMBLE_END(trade_time, INTERVAL '1' SECOND) AS window_end, COUNT(*) AS n FROM trades GROUP BY symbol, TUMBLE(trade_time, INTERVAL '1' SECOND) WITH ('per_second.type' = 'file_sink', 'per_second.path' = 'n.jsonl', 'batch.strategy' = 'fixed_size', 'batch.size' = '20');",
  );
  await eventually(async () => (await jobOf(t, 'per_second')).rows_out > 0, 'a window closed');
  await eventually(async () => (await jobOf(t, 'per_second')).rate_in !== 0, 'a rate sampled');
});
afterAll(() => t.server.close());

/** The value of one sample line of the metrics text, or undefined. */
const sample = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('GET /metrics of the server', () => {
  it('has the per-job counters and gauges, labelled by job, with the values the job reports', async () => {
    // The job first: its counters only grow, so the scrape after it reads at least as much.
    const job = await jobOf(t, 'per_second');
    const text = await (await t.request('/metrics')).text();
    expect(sample(text, 'ferris_records_in_total{job="per_second"}')).toBeGreaterThanOrEqual(job.rows_in);
    expect(sample(text, 'ferris_records_out_total{job="per_second"}')).toBeGreaterThan(0);
    expect(sample(text, 'ferris_source_batches_total{job="per_second"}')).toBeGreaterThan(0);
    expect(sample(text, 'ferris_process_seconds_total{job="per_second"}')).toBeGreaterThan(0);
    expect(sample(text, 'ferris_job_status{job="per_second",status="running"}')).toBe(1);
    expect(sample(text, 'ferris_job_status{job="per_second",status="paused"}')).toBe(0);
    expect(sample(text, 'ferris_state_windows{job="per_second"}')).toBeGreaterThan(0);
    const operators = text.split('\n').filter((line) => line.startsWith('ferris_operator_state_rows{job="per_second",operator="'));
    expect(operators.length).toBe(1);
    expect(Number(operators[0]!.split(' ')[1])).toBe(sample(text, 'ferris_state_rows{job="per_second"}'));
    expect(sample(text, 'ferris_watermark_lag_seconds{job="per_second"}')).toBeLessThan(60);
    expect(sample(text, 'ferris_records_in_per_second{job="per_second"}')).toBeGreaterThan(0);
    expect(text).toMatch(/^ferris_nodejs_eventloop_lag_p99_seconds \d/m);
    // Windows of 1 s of event time that keeps up with the clock are written within seconds of their end.
    expect(sample(text, 'ferris_event_latency_seconds_count{job="per_second"}')).toBeGreaterThan(0);
    expect(sample(text, 'ferris_event_latency_seconds_bucket{le="30",job="per_second"}')).toBe(sample(text, 'ferris_event_latency_seconds_count{job="per_second"}'));
  });

  it('has the processing-latency histogram, bytes out, and the batch sizes and flush reasons of the job-level batch strategy', async () => {
    const text = await (await t.request('/metrics')).text();
    expect(text).toContain('# TYPE ferris_processing_latency_seconds histogram\n');
    const batches = sample(text, 'ferris_processing_latency_seconds_count{job="per_second"}')!;
    expect(batches).toBeGreaterThan(0);
    expect(sample(text, 'ferris_processing_latency_seconds_bucket{job="per_second",le="+Inf"}')).toBe(batches);
    // One sample per source batch.
    expect(sample(text, 'ferris_source_batches_total{job="per_second"}')).toBeGreaterThanOrEqual(batches);
    expect(sample(text, 'ferris_bytes_out_total{job="per_second"}')).toBeGreaterThan(0);
    expect(sample(text, 'ferris_bytes_in_total{job="per_second"}')).toBe(0);
    // Source batches of 50 rows cut into batches of 20: two full ones (size) and 10 rows left for the timeout or a watermark.
    const series = '{job="per_second",side="source",strategy="fixed_size"';
    expect(sample(text, `ferris_batch_flushes_total${series},reason="size"}`)).toBeGreaterThan(0);
    expect(sample(text, `ferris_batch_flushes_total${series},reason="memory"}`)).toBe(0);
    expect(sample(text, `ferris_batch_flushes_total${series},reason="eager"}`)).toBe(0);
    // No batch is over 20 rows: each is in the bucket of 50, none in that of 10 but the remainders.
    const emitted = sample(text, `ferris_batch_size_rows_count${series}}`)!;
    expect(emitted).toBeGreaterThan(0);
    expect(sample(text, `ferris_batch_size_rows_bucket${series},le="50"}`)).toBe(emitted);
    expect(sample(text, `ferris_batch_size_rows_bucket${series},le="10"}`)).toBeLessThan(emitted);
  });

  it('has every ferris_* name the Grafana dashboard in docs/ queries', async () => {
    const dashboard = readFileSync(join(import.meta.dirname, '../../docs/grafana-dashboard.json'), 'utf8');
    const names = [...new Set([...dashboard.matchAll(/ferris_[a-z0-9_]+/g)].map((m) => m[0]))];
    expect(names.length).toBeGreaterThan(8);
    const text = await (await t.request('/metrics')).text();
    // Kafka lag and transactions have samples only for jobs reading Kafka or writing transactionally (none here): those are registered (a # TYPE line); every other name has samples.
    const kafkaOnly = new Set(['ferris_kafka_consumer_lag', 'ferris_sink_transactions_total']);
    expect(names.filter((name) => !new RegExp(`^${kafkaOnly.has(name) ? '# TYPE ' : ''}${name}[{ ]`, 'm').test(text))).toEqual([]);
  });
});
