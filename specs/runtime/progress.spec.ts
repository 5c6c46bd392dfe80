import { describe, expect, it } from 'vitest';
import { newJobMetrics } from '../../lib/runtime/jobMetrics.js';
import { progressLine, StatusLine, summaryLines } from '../../lib/runtime/progress.js';

describe('progress line and summary', () => {
  it('show rows in/out and input rows per second per job, and where the output went', () => {
    const metrics = { ...newJobMetrics(1_000), rowsIn: 2_500_000, rowsOut: 10, badRecords: 2, lateRows: 3 };
    expect(progressLine([{ name: 'vwap', metrics }], 2_000)).toBe('vwap: in 2500000 out 10 (2.50M rows/s)');
    expect(summaryLines([{ name: 'vwap', metrics, target: 'file_sink /tmp/out.jsonl' }], 3_000)).toEqual([
      'vwap: 2500000 rows in, 10 rows out, 2 bad records, 3 late rows in 2.00 s (1.25M rows/s) → file_sink /tmp/out.jsonl',
    ]);
  });

  it('tell how often a job restarted, and that its counts are those since the last restart', () => {
    const metrics = { ...newJobMetrics(1_000), rowsIn: 40, rowsOut: 20, restarts: 2 };
    expect(summaryLines([{ name: 'eo', metrics }], 2_000)).toEqual(['eo: 40 rows in, 20 rows out, restarted 2 times (counts since the last restart) in 1.00 s (40 rows/s)']);
  });
});

describe('StatusLine', () => {
  it('prints log lines above the progress line, never onto it, and draws the line again below them', () => {
    const written: string[] = [];
    const line = new StatusLine((text) => written.push(text));
    line.show('job: in 10 out 5 (10 rows/s)');
    line.printAbove('INFO  SIGINT received: draining\n');
    line.clear();
    line.printAbove('job: 1 row in\n');
    const clear = '\r\x1b[2K';
    expect(written).toEqual([
      `${clear}job: in 10 out 5 (10 rows/s)`,
      `${clear}INFO  SIGINT received: draining\njob: in 10 out 5 (10 rows/s)`,
      clear,
      `${clear}job: 1 row in\n`,
    ]);
  });
});

describe('summary counts', () => {
  it('says "1 row", "1 bad record", "1 late row" in the singular', () => {
    const metrics = { ...newJobMetrics(0), rowsIn: 1, rowsOut: 1, badRecords: 1, lateRows: 1 };
    expect(summaryLines([{ name: 'j', metrics }], 1_000)).toEqual(['j: 1 row in, 1 row out, 1 bad record, 1 late row in 1.00 s (1 rows/s)']);
  });
});
