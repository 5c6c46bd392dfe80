import { describe, expect, it } from 'vitest';
import type { Sink } from '../../lib/connectors/types.js';
import { memorySource } from '../../lib/connectors/memory/memorySource.js';
import { Catalog } from '../../lib/plan/app/catalog.js';
import { loadApp } from '../../lib/runtime/app.js';
import { openJob } from '../../lib/runtime/openJob.js';
import { schemaOf } from '../../lib/types/schema.js';
import { INTEGER } from '../../lib/types/sqlType.js';

/** `batch.*` keys in SQL WITH clauses re-batch a job's source rows (job level) or its writes (`<sink>.batch.*`). */
async function run(withClause: string): Promise<{ batches: number[]; logs: string[] }> {
  const schema = schemaOf([{ name: 'n', type: INTEGER, nullable: false }]);
  const catalog = new Catalog();
  catalog.put({ name: 'numbers', kind: 'STREAM', declared: schema, primaryKey: [], connector: { type: 'test', properties: new Map() }, origin: 'declared', location: { line: 1, column: 1 } });
  const app = loadApp(`CREATE STREAM out AS SELECT n FROM numbers WITH (${withClause})`, { file: undefined, variables: () => undefined }, catalog);
  const batches: number[] = [];
  const logs: string[] = [];
  const sink: Sink = { write: async (rows) => void batches.push(rows.length), flush: async () => undefined, close: async () => undefined };
  const job = await openJob(app.jobs[0]!, {
    baseDir: '.',
    log: (_level, message) => logs.push(message),
    sourceFactory: () => ({ type: 'test', properties: [], open: async () => memorySource(schema, [[1], [2], [3], [4], [5]], { batchSize: 5 }) }),
    sink: () => sink,
  });
  await job.run();
  return { batches, logs };
}

describe('batch strategies in SQL', () => {
  it('re-batches source rows with job-level keys and logs where each value came from', async () => {
    const { batches, logs } = await run("'out.type' = 'stdout', 'batch.strategy' = 'fixed_size', 'batch.size' = '2'");
    expect(batches).toEqual([2, 2, 1]);
    expect(logs).toContain('batch.size=2 (user)');
  });

  it('re-batches the writes of a sink with its own keys', async () => {
    const { batches } = await run("'out.type' = 'stdout', 'out.batch.strategy' = 'fixed_size', 'out.batch.size' = '4'");
    expect(batches).toEqual([4, 1]);
  });

  it('names an unknown batch key', async () => {
    await expect(run("'out.type' = 'stdout', 'batch.sise' = '4'")).rejects.toThrow(/batch\.sise/);
  });
});
