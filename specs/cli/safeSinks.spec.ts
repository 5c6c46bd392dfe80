import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Sinks that would destroy input are refused by `ferris check` and `ferris run`, naming both statements. */
const ferris = join(import.meta.dirname, '../../bin/ferris.js');

function ferrisIn(dir: string, ...args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [ferris, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, FERRIS_LOG_LEVEL: 'warn' } });
  return { status: result.status, stderr: result.stderr };
}

const csv = 'id,amount\n1,10.50\n2,3.25\n';
const declare = "CREATE STREAM pay (id INTEGER, amount DECIMAL(10,2)) WITH ('pay.type' = 'file_source', 'pay.path' = 'data/*.csv', 'pay.format' = 'csv');\n";

function workspace(sql: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferris-sinks-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'in.csv'), csv);
  writeFileSync(join(dir, 'app.sql'), sql);
  return dir;
}

describe('sinks that would destroy input', () => {
  it('refuses a sink path matching a source glob in check and in run, and leaves the input as it was', () => {
    const dir = workspace(`${declare}CREATE STREAM copy AS SELECT id FROM pay\nWITH ('copy.type' = 'file_sink', 'copy.path' = 'data/copy.csv', 'copy.format' = 'csv');\n`);
    for (const command of ['check', 'run']) {
      const result = ferrisIn(dir, command, 'app.sql');
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        `app.sql:3:34: CREATE STREAM copy (line 2) writes ${join(dir, 'data/copy.csv')}, which CREATE STREAM copy (line 2) reads (source 'pay', ${join(dir, 'data/*.csv')})`,
      );
      expect(result.stderr).toContain("WITH ('copy.type' = 'file_sink', 'copy.path' = 'data/copy.csv', 'copy.format' = 'csv');\n" + ' '.repeat(33) + '^');
    }
    expect(readFileSync(join(dir, 'data', 'in.csv'), 'utf8')).toBe(csv);
  });

  it("refuses a sink writing another job's source file, but lets a job tail another's output", () => {
    const dir = workspace(
      `${declare}CREATE STREAM a AS SELECT id FROM pay WITH ('a.type' = 'file_sink', 'a.path' = 'a.jsonl');\n` +
        "CREATE STREAM tail (id INTEGER) WITH ('tail.type' = 'file_source', 'tail.path' = 'a.jsonl', 'tail.watching' = 'true');\n" +
        "CREATE STREAM b AS SELECT id FROM tail WITH ('b.type' = 'file_sink', 'b.path' = 'data/in.csv', 'b.format' = 'csv');\n",
    );
    const result = ferrisIn(dir, 'check', 'app.sql');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`app.sql:4:70: CREATE STREAM b (line 4) writes ${join(dir, 'data/in.csv')}, which CREATE STREAM a (line 2) reads (source 'pay'`);
    expect(result.stderr).not.toContain('a.jsonl,');
    expect(readFileSync(join(dir, 'data', 'in.csv'), 'utf8')).toBe(csv);
  });

  it('refuses two jobs writing the same file', () => {
    const dir = workspace(
      `${declare}CREATE STREAM a AS SELECT id FROM pay WITH ('a.type' = 'file_sink', 'a.path' = 'out.jsonl');\n` +
        "INSERT INTO b SELECT amount FROM pay WITH ('b.type' = 'file_sink', 'b.path' = './out.jsonl');\n",
    );
    for (const command of ['check', 'run']) {
      const result = ferrisIn(dir, command, 'app.sql');
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`app.sql:3:68: INSERT INTO b (line 3) writes ${join(dir, 'out.jsonl')}, which CREATE STREAM a (line 2) writes too`);
    }
  });
});
