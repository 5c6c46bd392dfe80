import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, jobOf, testServer, type TestServer } from './serverKit.js';

let t: TestServer;
beforeAll(async () => {
  t = await testServer();
  await t.sql(
    `CREATE STREAM trades WITH ('trades.type' = 'datagen', 'trades.rate' = '2000', 'trades.batch.size' = '50', 'trades.interval_ms' = '1', 'trades.start_time' = '${new Date().toISOString()}');\n` +
      "CREATE STREAM per_second AS SELECT symbol, TUMBLE_END(trade_time, INTERVAL '1' SECOND) AS window_end, COUNT(*) AS n FROM trades GROUP BY symbol, TUMBLE(trade_time, INTERVAL '1' SECOND) WITH ('per_second.type' = 'file_sink', 'per_second.path' = 'n.jsonl');",
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

  it('has every ferris_* name the Grafana dashboard in docs/ queries', async () => {
    const dashboard = readFileSync(join(import.meta.dirname, '../../docs/grafana-dashboard.json'), 'utf8');
    const names = [...new Set([...dashboard.matchAll(/ferris_[a-z0-9_]+/g)].map((m) => m[0]))];
    expect(names.length).toBeGreaterThan(8);
    const text = await (await t.request('/metrics')).text();
    expect(names.filter((name) => !new RegExp(`^${name}[{ ]`, 'm').test(text))).toEqual([]);
  });
});
