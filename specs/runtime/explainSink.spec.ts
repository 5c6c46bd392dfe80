import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApp } from '../../lib/runtime/app.js';
import { explainJob } from '../../lib/runtime/commands.js';
import { silentLogger } from '../../lib/runtime/logger.js';

describe('EXPLAIN', () => {
  it("plans a job without opening its sink: the sink's file is left as it was", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferris-explain-'));
    writeFileSync(join(dir, 'in.csv'), 'id\n1\n');
    writeFileSync(join(dir, 'out.jsonl'), 'kept\n');
    const app = loadApp(
      "CREATE STREAM pay (id INTEGER) WITH ('pay.type' = 'file_source', 'pay.path' = 'in.csv');\n" +
        "CREATE STREAM out AS SELECT id FROM pay WITH ('out.type' = 'file_sink', 'out.path' = 'out.jsonl');\n",
      { file: 'app.sql', variables: () => undefined },
    );
    const text = await explainJob(app.jobs[0]!, { baseDir: dir, log: silentLogger });
    expect(text).toContain('Sink: out: file_sink');
    expect(readFileSync(join(dir, 'out.jsonl'), 'utf8')).toBe('kept\n');
  });

  it('still checks the sink keys, located where they were written', async () => {
    const app = loadApp("SELECT 1 AS one FROM 'file://in.csv' INTO out WITH ('out.type' = 'file_sink', 'out.paht' = 'x.jsonl');\n", {
      file: 'app.sql',
      variables: () => undefined,
    });
    await expect(explainJob(app.jobs[0]!, { baseDir: tmpdir(), log: silentLogger })).rejects.toMatchObject({
      message: expect.stringContaining("unknown property 'out.paht' for file_sink (did you mean 'out.path'?)"),
      location: expect.objectContaining({ line: 1 }),
    });
  });
});
