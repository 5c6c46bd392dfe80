import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FerrisEngine } from '../../lib/engine/ferrisEngine.js';

interface Run {
  readonly out: string[];
  readonly dlq: string[];
  readonly badRecords: number;
  readonly warnings: string[];
}

/** Runs `select` over `in.<format>` (id INTEGER, price DECIMAL(10,2), note VARCHAR, at TIMESTAMP) into out.jsonl. */
async function runOver(format: 'jsonl' | 'csv', input: string, select: string, strategy = 'log_and_continue'): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'ferris-pushdown-'));
  writeFileSync(join(dir, `in.${format}`), input);
  const warnings: string[] = [];
  const engine = new FerrisEngine({
    baseDir: dir,
    log: (level, message, fields) => {
      if (level === 'warn') warnings.push(`${message} ${JSON.stringify(fields ?? {})}`);
    },
  });
  const outcomes = await engine.run(`
    CREATE STREAM t (id INTEGER, price DECIMAL(10,2), note VARCHAR, at TIMESTAMP) WITH (
      't.type' = 'file_source', 't.path' = 'in.${format}', 't.format' = '${format}', 't.has_headers' = 'false');
    CREATE STREAM out AS ${select}
    WITH ('out.type' = 'file_sink', 'out.path' = 'out.jsonl', 'out.format' = 'jsonl', 'failure_strategy' = '${strategy}', 'dlq.path' = 'dlq.jsonl');`);
  if (outcomes[0]!.error !== undefined) throw outcomes[0]!.error;
  const lines = (file: string): string[] => {
    try {
      return readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  return { out: lines('out.jsonl'), dlq: lines('dlq.jsonl'), badRecords: outcomes[0]!.job.metrics.badRecords, warnings };
}

const jsonl = [
  '{"id":1,"price":"10.50","note":"a","at":"2024-01-01T00:00:00.000Z"}',
  '{"id":2,"price":"11.00","note":"b","at":"not a time"}',
  '{"id":3,"price":"oops","note":"c","at":"2024-01-01T00:00:01.000Z"}',
  '{"id":4,"price":"12.25","note":{"nested":true},"at":"2024-01-01T00:00:02.000Z"}',
  '{"id":5,"price":"13.00","note":"e","at":"2024-01-01T00:00:03.000Z"',
  '',
].join('\n');
const csv = '1,10.50,a,2024-01-01T00:00:00.000Z\n2,11.00,b,not a time\n3,oops,c,2024-01-01T00:00:01.000Z\n4,12.25,d\n';

/** The positions of the bad records of a run, from its warnings. */
function badPositions(run: Run): number[] {
  return run.warnings.flatMap((w) => [...w.matchAll(/"position":(\d+)/g)].map((m) => Number(m[1])));
}

describe('projection pushdown into the file source', () => {
  for (const [format, input] of [
    ['jsonl', jsonl],
    ['csv', csv],
  ] as const) {
    it(`${format}: a query reading some columns has the bad records, with their lines, of one reading them all`, async () => {
      const some = await runOver(format, input, 'SELECT id, price FROM t');
      const all = await runOver(format, input, 'SELECT * FROM t');
      expect(some.out.map((l) => (JSON.parse(l) as { id: number }).id)).toEqual(all.out.map((l) => (JSON.parse(l) as { id: number }).id));
      expect(some.badRecords).toBe(3);
      expect(badPositions(some)).toEqual(badPositions(all));
    });
  }

  it('unread columns are not kept, so the rows a query reads come out the same', async () => {
    const run = await runOver('jsonl', jsonl, 'SELECT id, price FROM t');
    expect(run.out).toEqual(['{"id":1,"price":"10.50"}', '{"id":4,"price":"12.25"}']);
  });

  it('every column is decoded when failed rows go to a dead-letter file, which holds the whole row', async () => {
    const input = '1,10.50,a,2024-01-01T00:00:00.000Z\n2,0.50,b,2024-01-01T00:00:01.000Z\n';
    const run = await runOver('csv', input, 'SELECT id, CAST(price AS DECIMAL(3,2)) AS small FROM t', 'dead_letter');
    expect(run.out).toEqual(['{"id":2,"small":"0.50"}']);
    expect(run.dlq.map((l) => (JSON.parse(l) as { row: unknown }).row)).toEqual([{ id: 1, price: '10.50', note: 'a', at: '2024-01-01T00:00:00.000Z' }]);
  });
});
