import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { batchStats, newJobMetrics } from '../../lib/runtime/jobMetrics.js';
import { Buckets } from '../../lib/runtime/metrics/buckets.js';
import { registerJobDistributions } from '../../lib/runtime/metrics/jobDistributions.js';

describe('Buckets', () => {
  it('counts a value in the first bucket whose bound is at least the value (Prometheus le), above every bound in the last', () => {
    const buckets = new Buckets([1, 10]);
    for (const value of [0.5, 1, 2, 10, 11]) buckets.observe(value);
    expect(buckets.counts).toEqual([2, 2, 1]);
    expect(buckets.count).toBe(5);
    expect(buckets.sum).toBe(24.5);
  });
});

describe('registerJobDistributions', () => {
  it('serves the processing latency of each job as a cumulative histogram read when scraped', async () => {
    const registry = new Registry();
    const job = { name: 'a', metrics: newJobMetrics() };
    registerJobDistributions(registry, [job]);
    job.metrics.processLatency.observe(0.0002);
    job.metrics.processLatency.observe(0.003);
    job.metrics.processLatency.observe(20);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE ferris_processing_latency_seconds histogram\n');
    expect(text).toContain('ferris_processing_latency_seconds_bucket{job="a",le="0.0001"} 0\n');
    expect(text).toContain('ferris_processing_latency_seconds_bucket{job="a",le="0.0005"} 1\n');
    expect(text).toContain('ferris_processing_latency_seconds_bucket{job="a",le="0.005"} 2\n');
    expect(text).toContain('ferris_processing_latency_seconds_bucket{job="a",le="10"} 2\n');
    expect(text).toContain('ferris_processing_latency_seconds_bucket{job="a",le="+Inf"} 3\n');
    expect(text).toContain('ferris_processing_latency_seconds_sum{job="a"} 20.0032\n');
    expect(text).toContain('ferris_processing_latency_seconds_count{job="a"} 3\n');
  });

  it('serves batch sizes and flush reasons per strategy, Kafka lag per partition, and transaction outcomes', async () => {
    const registry = new Registry();
    const job = { name: 'a', metrics: newJobMetrics() };
    registerJobDistributions(registry, [job]);
    const observe = batchStats(job.metrics, 'sink', 'fixed_size');
    observe(100, 'size');
    observe(100, 'size');
    observe(7, 'end');
    job.metrics.consumerLag.set('trades', new Map([[0, 12], [1, 0]]));
    job.metrics.transactions.commits = 3;
    job.metrics.transactions.aborts = 1;
    const text = await registry.metrics();
    expect(text).toContain('ferris_batch_size_rows_bucket{job="a",side="sink",strategy="fixed_size",le="10"} 1\n');
    expect(text).toContain('ferris_batch_size_rows_bucket{job="a",side="sink",strategy="fixed_size",le="100"} 3\n');
    expect(text).toContain('ferris_batch_size_rows_sum{job="a",side="sink",strategy="fixed_size"} 207\n');
    expect(text).toContain('ferris_batch_flushes_total{job="a",side="sink",strategy="fixed_size",reason="size"} 2\n');
    expect(text).toContain('ferris_batch_flushes_total{job="a",side="sink",strategy="fixed_size",reason="end"} 1\n');
    expect(text).toContain('ferris_batch_flushes_total{job="a",side="sink",strategy="fixed_size",reason="time"} 0\n');
    expect(text).toContain('ferris_kafka_consumer_lag{job="a",topic="trades",partition="0"} 12\n');
    expect(text).toContain('ferris_kafka_consumer_lag{job="a",topic="trades",partition="1"} 0\n');
    expect(text).toContain('ferris_sink_transactions_total{job="a",outcome="committed"} 3\n');
    expect(text).toContain('ferris_sink_transactions_total{job="a",outcome="aborted"} 1\n');
  });
});
