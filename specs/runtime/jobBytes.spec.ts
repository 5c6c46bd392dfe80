import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApp } from '../../lib/runtime/app.js';
import { openJob } from '../../lib/runtime/openJob.js';

describe('bytes in and out of a job', () => {
  it('counts the bytes a file source read and a file sink wrote (real files, several chunks)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferris-bytes-'));
    // Over one read chunk (64 KiB), with multi-byte UTF-8 so that bytes and characters differ.
    const lines = Array.from({ length: 5000 }, (_, i) => `{"id":${i},"name":"é-${i}"}`);
    writeFileSync(join(dir, 'in.jsonl'), `${lines.join('\n')}\n`);
    const app = loadApp(
      `CREATE STREAM s (id INTEGER, name VARCHAR) WITH ('s.type' = 'file_source', 's.path' = 'in.jsonl', 's.format' = 'jsonl');
       CREATE STREAM out AS SELECT name FROM s WHERE id % 2 = 0 WITH ('out.type' = 'file_sink', 'out.path' = 'out.csv', 'out.format' = 'csv');`,
      { file: undefined, variables: () => undefined },
    );
    const job = await openJob(app.jobs[0]!, { baseDir: dir, log: () => undefined });
    await job.run();
    expect(job.metrics.bytesIn).toBe(statSync(join(dir, 'in.jsonl')).size);
    expect(job.metrics.bytesOut).toBe(Buffer.byteLength(readFileSync(join(dir, 'out.csv'), 'utf8')));
    expect(job.metrics.bytesOut).toBeGreaterThan(0);
  });
});
