import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FerrisEngine } from '../../lib/engine/ferrisEngine.js';

/** A row whose evaluation fails (here a value too large for its DECIMAL) is routed like a bad record. */
async function run(strategy: string): Promise<{ out: string[]; dlq: string[]; error: unknown; badRecords: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'ferris-row-errors-'));
  writeFileSync(join(dir, 'in.csv'), 'id,amount\n1,12.5\n2,123456.78\n3,1\n');
  const outcomes = await new FerrisEngine({ baseDir: dir }).run(`
    CREATE STREAM pay (id INTEGER, amount DECIMAL(10,2)) WITH ('pay.type' = 'file_source', 'pay.path' = 'in.csv', 'pay.format' = 'csv');
    CREATE STREAM out AS SELECT id, CAST(amount AS DECIMAL(5,2)) AS small FROM pay
    WITH ('out.type' = 'file_sink', 'out.path' = 'out.jsonl', 'out.format' = 'jsonl', 'failure_strategy' = '${strategy}', 'dlq.path' = 'dlq.jsonl');`);
  const lines = (file: string): string[] => {
    try {
      return readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  return { out: lines('out.jsonl'), dlq: lines('dlq.jsonl'), error: outcomes[0]!.error, badRecords: outcomes[0]!.job.metrics.badRecords };
}

describe('rows whose evaluation fails', () => {
  it('go to the dead-letter file with the error, the other rows are written', async () => {
    const { out, dlq, error, badRecords } = await run('dead_letter');
    expect(error).toBeUndefined();
    expect(out).toEqual(['{"id":1,"small":"12.50"}', '{"id":3,"small":"1.00"}']);
    expect(dlq).toHaveLength(1);
    expect(JSON.parse(dlq[0]!)).toMatchObject({ origin: 'job out' });
    expect(JSON.parse(dlq[0]!).raw).toContain('123456.78');
    expect(badRecords).toBe(1);
  });

  it('are skipped and counted with log_and_continue, and stop the job with fail', async () => {
    const skipped = await run('log_and_continue');
    expect(skipped.out).toHaveLength(2);
    expect(skipped.badRecords).toBe(1);
    const failed = await run('fail');
    expect(String(failed.error)).toMatch(/failure_strategy = fail/);
  });
});
