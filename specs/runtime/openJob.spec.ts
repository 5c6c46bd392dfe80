import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Sink } from '../../lib/connectors/types.js';
import { loadApp } from '../../lib/runtime/app.js';
import { openJob } from '../../lib/runtime/openJob.js';

describe('openJob', () => {
  it('hands the sink the output schema and the record-key columns of the plan', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferris-open-'));
    writeFileSync(join(dir, 'in.csv'), 'region,product,n\nUS,a,1\nEU,b,2\n');
    const app = loadApp(
      `CREATE STREAM s (region VARCHAR, product VARCHAR, n INTEGER) WITH ('s.type' = 'file_source', 's.path' = 'in.csv', 's.format' = 'csv');
       CREATE TABLE totals AS SELECT COUNT(*) AS c, region, product FROM s GROUP BY region, product WITH ('totals.type' = 'stdout');`,
      { file: undefined, variables: () => undefined },
    );
    let seen: { columns: string[]; keys: readonly number[] } | undefined;
    const sink = (output: { fields: readonly { name: string }[] }, keyColumns: readonly number[]): Sink => {
      seen = { columns: output.fields.map((f) => f.name), keys: keyColumns };
      return { write: async () => undefined, flush: async () => undefined, close: async () => undefined };
    };
    const job = await openJob(app.jobs[0]!, { baseDir: dir, log: () => undefined, sink });
    await job.close();
    expect(seen).toEqual({ columns: ['c', 'region', 'product'], keys: [1, 2] });
  });
});
