import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApp, startApp } from '../../lib/runtime/app.js';
import { silentLogger } from '../../lib/runtime/logger.js';

/*
 * ORDER BY without aggregation on unbounded input (issue 9, item 5): a watched file, rows out
 * of order within the watermark bound, released in event-time order as the watermark passes.
 */

/** 200 events one second apart, shuffled within windows of 5 (so at most 4 s out of order). */
function shuffledEvents(): { csv: string; sorted: string[] } {
  const base = Date.parse('2024-01-01T00:00:00Z');
  const rows = Array.from({ length: 200 }, (_, i) => ({ id: i, ts: new Date(base + i * 1000).toISOString() }));
  const shuffled: typeof rows = [];
  for (let i = 0; i < rows.length; i += 5) shuffled.push(...rows.slice(i, i + 5).reverse());
  return {
    csv: `id,ts\n${shuffled.map((r) => `${r.id},${r.ts}`).join('\n')}\n`,
    sorted: rows.map((r) => JSON.stringify({ id: r.id, ts: r.ts })),
  };
}

const app = `CREATE STREAM events (id INTEGER, ts TIMESTAMP)
WITH ('events.type' = 'file_source', 'events.path' = 'events.csv', 'events.format' = 'csv', 'events.watching' = 'true',
  'events.batch.size' = '7', 'events.event.time.field' = 'ts', 'events.watermark.max_out_of_orderness' = '5s');
CREATE STREAM ordered AS SELECT id, ts FROM events ORDER BY ts
WITH ('ordered.type' = 'file_sink', 'ordered.path' = 'ordered.jsonl', 'ordered.format' = 'jsonl');
`;

async function runUntilRead(drain: boolean): Promise<{ lines: string[]; unemitted: number; sorted: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'ferris-order-'));
  const { csv, sorted } = shuffledEvents();
  writeFileSync(join(dir, 'events.csv'), csv);
  const pipeline = await startApp(loadApp(app, { file: 'app.sql', variables: () => undefined }), {
    file: 'app.sql',
    baseDir: dir,
    variables: () => undefined,
    log: silentLogger,
    print: () => undefined,
  });
  const running = pipeline.run();
  const job = pipeline.jobs[0]!;
  for (let i = 0; i < 100 && job.metrics.rowsIn < 200; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  pipeline.stop(drain);
  const outcomes = await running;
  expect(outcomes.map((o) => o.error)).toEqual([undefined]);
  const lines = readFileSync(join(dir, 'ordered.jsonl'), 'utf8').split('\n').filter(Boolean);
  return { lines, unemitted: job.unemitted().rows, sorted };
}

describe('ORDER BY event time on an unbounded source', () => {
  it('releases rows in event-time order as the watermark passes them; a stop with drain releases the rest', async () => {
    const { lines, sorted } = await runUntilRead(true);
    expect(lines).toEqual(sorted);
  });

  it('a stop without drain emits only what the watermark released, in order, and keeps the rest unemitted', async () => {
    const { lines, unemitted, sorted } = await runUntilRead(false);
    // The last 5 s of rows are behind the watermark's bound: held, not emitted as if final.
    expect(lines).toEqual(sorted.slice(0, lines.length));
    expect(lines.length).toBeGreaterThan(150);
    expect(lines.length + unemitted).toBe(200);
    expect(unemitted).toBeGreaterThan(0);
  });
});
