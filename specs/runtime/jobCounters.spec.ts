import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { countDropped, newJobMetrics } from '../../lib/runtime/jobMetrics.js';
import { registerJobCounters } from '../../lib/runtime/metrics/jobCounters.js';

describe('registerJobCounters', () => {
  it("reports each job's JobMetrics as ferris_*_total{job} counters, read when scraped (not when the job counts)", async () => {
    const registry = new Registry();
    const a = { name: 'a', metrics: newJobMetrics() };
    const b = { name: 'b', metrics: newJobMetrics() };
    registerJobCounters(registry, [a, b]);
    Object.assign(a.metrics, { rowsIn: 10, rowsOut: 7, badRecords: 2, lateRows: 1, deadLetters: 3, batchesIn: 5, processSeconds: 0.5, batchesOut: 4, sinkWriteSeconds: 0.25 });
    const text = await registry.metrics();
    expect(text).toContain('# TYPE ferris_records_in_total counter\nferris_records_in_total{job="a"} 10\nferris_records_in_total{job="b"} 0\n');
    expect(text).toContain('ferris_records_out_total{job="a"} 7\n');
    expect(text).toContain('ferris_bad_records_total{job="a"} 2\n');
    expect(text).toContain('ferris_late_records_total{job="a"} 1\n');
    expect(text).toContain('ferris_dead_letters_total{job="a"} 3\n');
    expect(text).toContain('ferris_sink_batches_total{job="a"} 4\n');
    expect(text).toContain('ferris_source_batches_total{job="a"} 5\n');
    expect(text).toContain('ferris_process_seconds_total{job="a"} 0.5\n');
    expect(text).toContain('ferris_sink_write_seconds_total{job="a"} 0.25\n');
    b.metrics.rowsIn = 5;
    a.metrics.rowsIn = 12;
    const later = await registry.metrics();
    expect(later).toContain('ferris_records_in_total{job="a"} 12\nferris_records_in_total{job="b"} 5\n');
  });

  it('reports dropped records as ferris_dropped_records_total{job,reason}, every reason present', async () => {
    const registry = new Registry();
    const a = { name: 'a', metrics: newJobMetrics() };
    registerJobCounters(registry, [a]);
    countDropped(a.metrics, 'fail_batch', 3);
    countDropped(a.metrics, 'dead_letter');
    countDropped(a.metrics, 'dead_letter');
    const text = await registry.metrics();
    expect(text).toContain('ferris_dropped_records_total{job="a",reason="fail_batch"} 3\n');
    expect(text).toContain('ferris_dropped_records_total{job="a",reason="dead_letter"} 2\n');
    expect(text).toContain('ferris_dropped_records_total{job="a",reason="bad_record"} 0\n');
  });
});
