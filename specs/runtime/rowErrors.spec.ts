import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FerrisEngine } from '../../lib/engine/ferrisEngine.js';

interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

interface Run {
  readonly out: string[];
  readonly dlq: string[];
  readonly error: unknown;
  readonly badRecords: number;
  readonly deadLetters: number;
  readonly warnings: LogLine[];
}

/** Runs `select` over `in.csv` (id INTEGER, amount DECIMAL(10,2)) into out.jsonl with the given strategy. */
async function runOver(csv: string, select: string, strategy: string): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'ferris-row-errors-'));
  writeFileSync(join(dir, 'in.csv'), csv);
  const logs: LogLine[] = [];
  const engine = new FerrisEngine({ baseDir: dir, log: (level, message, fields) => logs.push({ level, message, fields: fields ?? {} }) });
  const outcomes = await engine.run(`
    CREATE STREAM pay (id INTEGER, amount DECIMAL(10,2)) WITH ('pay.type' = 'file_source', 'pay.path' = 'in.csv', 'pay.format' = 'csv', 'pay.batch.size' = '100');
    CREATE STREAM out AS ${select}
    WITH ('out.type' = 'file_sink', 'out.path' = 'out.jsonl', 'out.format' = 'jsonl', 'failure_strategy' = '${strategy}', 'dlq.path' = 'dlq.jsonl');`);
  const lines = (file: string): string[] => {
    try {
      return readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  return {
    out: lines('out.jsonl'),
    dlq: lines('dlq.jsonl'),
    error: outcomes[0]!.error,
    badRecords: outcomes[0]!.job.metrics.badRecords,
    deadLetters: outcomes[0]!.job.metrics.deadLetters,
    warnings: logs.filter((l) => l.level === 'warn'),
  };
}

/** A row whose evaluation fails (here a value too large for its DECIMAL) is routed like a bad record. */
const overflowing = 'SELECT id, CAST(amount AS DECIMAL(5,2)) AS small FROM pay';
const run = (strategy: string): Promise<Run> => runOver('id,amount\n1,12.5\n2,123456.78\n3,1\n', overflowing, strategy);

describe('rows whose evaluation fails', () => {
  it('go to the dead-letter file as the input row by column name, with the error, file, offset and job', async () => {
    const { out, dlq, error, badRecords, deadLetters } = await run('dead_letter');
    expect(error).toBeUndefined();
    expect(out).toEqual(['{"id":1,"small":"12.50"}', '{"id":3,"small":"1.00"}']);
    expect(dlq.map((l) => JSON.parse(l) as unknown)).toEqual([
      {
        row: { id: 2, amount: '123456.78' },
        error: expect.stringContaining('decimal overflow'),
        job: 'out',
        origin: 'in.csv',
        partition: 0,
        offset: 1,
        at: expect.any(String),
      },
    ]);
    expect(badRecords).toBe(1);
    expect(deadLetters).toBe(1);
  });

  it("go to the dead-letter file with send_to_dlq when the job has no Kafka source", async () => {
    const { out, dlq, error } = await run('send_to_dlq');
    expect(error).toBeUndefined();
    expect(out).toHaveLength(2);
    expect(dlq.map((l) => (JSON.parse(l) as { row: unknown }).row)).toEqual([{ id: 2, amount: '123456.78' }]);
  });

  it('are skipped and counted with log_and_continue, and stop the job with fail naming the row once', async () => {
    const skipped = await run('log_and_continue');
    expect(skipped.out).toHaveLength(2);
    expect(skipped.badRecords).toBe(1);
    expect(skipped.deadLetters).toBe(0);
    const failed = await run('fail');
    expect(String(failed.error)).toMatch(/^FerrisError: in\.csv partition 0 offset 1: decimal overflow: .* \(failure_strategy = fail\)$/);
  });

  it('are logged with their own offset, each distinct error once, then a running count', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => `${i},${i % 2 === 0 ? '1' : `${100000 + i}.5`}`).join('\n');
    const { out, warnings, badRecords } = await runOver(`id,amount\n${rows}\n`, overflowing, 'log_and_continue');
    expect(out).toHaveLength(1250);
    expect(badRecords).toBe(1250);
    expect(warnings.map((w) => w.fields)).toEqual([
      expect.objectContaining({ job: 'out', origin: 'in.csv', partition: 0, offset: 1, failed_rows: 1 }),
      { job: 'out', failed_rows: 1000 },
    ]);
  });
});

describe('records a source cannot read', () => {
  const csv = 'id,amount\n1,1\n2,x\n3,oops\n4,1,2\n';

  it('name file:line once in the fail message', async () => {
    const { error } = await runOver(csv, 'SELECT id FROM pay', 'fail');
    const message = String(error);
    expect(message).toMatch(/in\.csv:3: column 'amount': .* \(failure_strategy = fail\)$/);
    expect(message.match(/in\.csv:3/g)).toHaveLength(1);
  });

  it('are warned about once per distinct error, without repeating the position in the error', async () => {
    const { warnings, badRecords } = await runOver(csv, 'SELECT id FROM pay', 'log_and_continue');
    expect(badRecords).toBe(3);
    expect(warnings.map((w) => [w.fields.position, w.fields.error])).toEqual([
      [3, expect.stringMatching(/^column 'amount': /)],
      [5, 'expected 2 fields, got 3'],
    ]);
  });
});
