import { describe, expect, it } from 'vitest';
import type { Sink, Source } from '../../lib/connectors/types.js';
import { Catalog } from '../../lib/plan/app/catalog.js';
import { loadApp } from '../../lib/runtime/app.js';
import { silentLogger } from '../../lib/runtime/logger.js';
import { openJob } from '../../lib/runtime/openJob.js';
import { schemaOf } from '../../lib/types/schema.js';
import { INTEGER } from '../../lib/types/sqlType.js';
import type { Row } from '../../lib/types/value.js';

/**
 * Controlled pull through a whole job: a source that could produce 2,000 batches and a sink
 * that needs 2 ms per batch. The source may only run ahead of the sink by the job's
 * `max_in_flight` credits (plus the batch being read), so memory stays bounded.
 */
describe('controlled pull', () => {
  it('keeps the batches read but not yet written bounded by max_in_flight when the sink is slow', async () => {
    const schema = schemaOf([{ name: 'n', type: INTEGER, nullable: false }]);
    let produced = 0;
    let written = 0;
    let maxAhead = 0;
    const source: Source = {
      schema,
      bounded: true,
      async *batches() {
        for (let b = 0; b < 200; b++) {
          produced++;
          maxAhead = Math.max(maxAhead, produced - written);
          yield Array.from({ length: 100 }, (_, i): Row => [b * 100 + i, 0, 0, 0, null, 'mem', null]);
        }
      },
      close: async () => undefined,
    };
    const sink: Sink = {
      write: async (rows) => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        written++;
        expect(rows.length).toBe(100);
      },
      flush: async () => undefined,
      close: async () => undefined,
    };
    const catalog = new Catalog();
    catalog.put({ name: 'numbers', kind: 'STREAM', declared: schema, primaryKey: [], connector: { type: 'test', properties: new Map() }, origin: 'declared', location: { line: 1, column: 1 } });
    const app = loadApp("SELECT n * 2 AS twice FROM numbers WITH ('max_in_flight' = '3')", { file: undefined, variables: () => undefined }, catalog);
    const job = await openJob(app.jobs[0]!, {
      baseDir: '.',
      log: silentLogger,
      sourceFactory: () => ({ type: 'test', properties: [], open: async () => source }),
      sink: () => sink,
    });
    await job.run();
    expect(written).toBe(200);
    expect(job.metrics.rowsOut).toBe(20_000);
    expect(maxAhead).toBeLessThanOrEqual(3 + 1);
  });
});
