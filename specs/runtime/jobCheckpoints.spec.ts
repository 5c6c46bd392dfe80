import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApp } from '../../lib/runtime/app.js';
import type { StoredCheckpoint } from '../../lib/runtime/checkpoint/checkpointStore.js';
import { silentLogger } from '../../lib/runtime/logger.js';
import { openJob } from '../../lib/runtime/openJob.js';

const SOURCE = "CREATE STREAM nums (n INTEGER, ts BIGINT) WITH ('nums.type' = 'file_source', 'nums.path' = 'in.jsonl', 'event.time.field' = 'ts', 'event.time.format' = 'epoch_millis');\n";
const windowed = (extra = ''): string =>
  SOURCE +
  `CREATE STREAM out AS SELECT n % 2 AS parity, COUNT(*) AS c FROM nums GROUP BY n % 2, TUMBLE(ts, INTERVAL '10' SECOND)
   WITH ('out.type' = 'file_sink', 'out.path' = 'out.jsonl', 'checkpoint.dir' = 'ckpt'${extra});`;

function dirWithInput(rows: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ferris-jobckpt-'));
  const lines = Array.from({ length: rows }, (_, i) => JSON.stringify({ n: i, ts: i * 1000 }));
  writeFileSync(path.join(dir, 'in.jsonl'), lines.join('\n') + '\n');
  return dir;
}

async function open(dir: string, sql: string): Promise<Awaited<ReturnType<typeof openJob>>> {
  const app = loadApp(sql, { file: undefined, variables: () => undefined });
  return openJob(app.jobs[0]!, { baseDir: dir, log: silentLogger });
}

const stored = (dir: string): StoredCheckpoint => JSON.parse(readFileSync(path.join(dir, 'ckpt/out.checkpoint.json'), 'utf8')) as StoredCheckpoint;

describe('checkpoints of a job', () => {
  it('a job that ended stores a final checkpoint: the positions at the end of its input and no operator state (all flushed)', async () => {
    const dir = dirWithInput(25);
    const job = await open(dir, windowed());
    // One batch of 25 rows: windows [0,10) and [10,20) close, [20,30) stays open.
    const running = job.run();
    const epoch = await job.checkpoint();
    await running;
    const final = stored(dir);
    expect(final.epoch).toBe(epoch + 1);
    expect(final.sources).toEqual({ nums: { [path.join(dir, 'in.jsonl')]: 25 } });
    expect(final.operators).toEqual([]);
    expect(final.plan).toMatch(/^source#1\(n,ts,.*tumbleWindow#\d+/);
  });

  it('a stop without drain keeps the open window in the checkpoint of the stop; the resumed job emits it once', async () => {
    const dir = dirWithInput(2000);
    const sql = windowed(", 'nums.batch.size' = '1', 'max_in_flight' = '1'");
    const first = await open(dir, sql);
    const running = first.run();
    while (first.metrics.rowsIn < 12) await new Promise((resolve) => setTimeout(resolve, 1));
    first.stop(false);
    await running;
    expect(first.interrupted).toBe(true);
    const atStop = stored(dir);
    const window = atStop.operators.find((snapshot) => snapshot.operatorId.startsWith('tumbleWindow'));
    expect(window, JSON.stringify(atStop)).toBeDefined();
    const readBefore = first.metrics.rowsIn;
    expect(atStop.sources).toEqual({ nums: { [path.join(dir, 'in.jsonl')]: readBefore } });
    const second = await open(dir, sql);
    await second.run();
    expect(second.metrics.rowsIn).toBe(2000 - readBefore);
    const rows = readdirSync(dir)
      .filter((name) => /^out\.part-\d+\.jsonl$/.test(name))
      .sort()
      .flatMap((name) => readFileSync(path.join(dir, name), 'utf8').split('\n').filter((line) => line !== ''))
      .map((line) => JSON.parse(line) as { parity: number; c: number });
    // 200 windows of 10 s and two parities, each emitted once, counting all 2,000 rows.
    expect(rows).toHaveLength(400);
    expect(rows.reduce((sum, row) => sum + row.c, 0)).toBe(2000);
  });

  it('refuses a checkpoint of another query, a source without positions, a transactional job without a Kafka sink (before opening it), and an interval without checkpoints', async () => {
    const dir = dirWithInput(3);
    await (await open(dir, windowed())).run();
    const other = SOURCE + "CREATE STREAM out AS SELECT n FROM nums WITH ('out.type' = 'file_sink', 'out.path' = 'o.jsonl', 'checkpoint.dir' = 'ckpt');";
    await expect(open(dir, other)).rejects.toThrow(/was taken by a different query than job out's; delete it to start the job over/);
    const datagen = "CREATE STREAM t WITH ('t.type' = 'datagen', 't.count' = '5');\nCREATE STREAM out AS SELECT * FROM t WITH ('out.type' = 'stdout', 'checkpoint.dir' = 'c2');";
    await expect(open(dir, datagen)).rejects.toThrow(/not supported yet: 'checkpoint.dir' with a datagen source/);
    writeFileSync(path.join(dir, 'kept.jsonl'), 'kept\n');
    const transactionalToFile = SOURCE + "CREATE STREAM out AS SELECT n FROM nums WITH ('mode' = 'transactional', 'out.type' = 'file_sink', 'out.path' = 'kept.jsonl');";
    await expect(open(dir, transactionalToFile)).rejects.toThrow(/'mode' = 'transactional' needs a kafka_sink \(job out writes to file_sink\)/);
    expect(readFileSync(path.join(dir, 'kept.jsonl'), 'utf8')).toBe('kept\n');
    const noDir = SOURCE + "CREATE STREAM out AS SELECT n FROM nums WITH ('out.type' = 'stdout', 'checkpoint.interval' = '5s');";
    await expect(open(dir, noDir)).rejects.toThrow(/'checkpoint.interval' needs 'checkpoint.dir' or 'mode' = 'transactional'/);
  });
});
