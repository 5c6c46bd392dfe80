import { describe, expect, it } from 'vitest';
import { newJobMetrics } from '../../lib/runtime/jobMetrics.js';
import { progressLine, summaryLines } from '../../lib/runtime/progress.js';

describe('progress line and summary', () => {
  it('show rows in/out and input rows per second per job, and where the output went', () => {
    const metrics = { ...newJobMetrics(1_000), rowsIn: 2_500_000, rowsOut: 10, badRecords: 2, lateRows: 3 };
    expect(progressLine([{ name: 'vwap', metrics }], 2_000)).toBe('vwap: in 2500000 out 10 (2.50M rows/s)');
    expect(summaryLines([{ name: 'vwap', metrics, target: 'file_sink /tmp/out.jsonl' }], 3_000)).toEqual([
      'vwap: 2500000 rows in, 10 rows out, 2 bad records, 3 late rows in 2.00 s (1.25M rows/s) → file_sink /tmp/out.jsonl',
    ]);
  });
});
