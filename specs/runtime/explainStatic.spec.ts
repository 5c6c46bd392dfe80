import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadApp } from '../../lib/runtime/app.js';
import { explainJob } from '../../lib/runtime/commands.js';
import { silentLogger } from '../../lib/runtime/logger.js';

/** EXPLAIN of a job whose sources all declare their columns opens nothing. */
describe('explainJob', () => {
  it('explains a job over declared sources without opening them: no broker, no input file', async () => {
    const sql = `CREATE STREAM ticks (symbol STRING, qty INTEGER) WITH ('ticks.type' = 'kafka_source', 'ticks.bootstrap.servers' = '127.0.0.1:1', 'ticks.topic' = 'ticks');
      CREATE STREAM trades (symbol STRING, qty INTEGER) WITH ('trades.type' = 'file_source', 'trades.path' = 'missing.csv', 'trades.format' = 'csv');
      CREATE STREAM big AS SELECT symbol, qty FROM ticks WHERE qty > 10 WITH ('big.type' = 'file_sink', 'big.path' = 'big.jsonl');
      CREATE STREAM small AS SELECT symbol FROM trades WHERE qty < 5 WITH ('small.type' = 'file_sink', 'small.path' = 'small.jsonl');`;
    const app = loadApp(sql, { file: undefined, variables: () => undefined });
    const baseDir = mkdtempSync(`${tmpdir()}/ferris-explain-`);
    const [big, small] = await Promise.all(app.jobs.map((job) => explainJob(job, { baseDir, log: silentLogger })));
    expect(big).toContain('ticks: kafka_source');
    expect(big).toMatch(/filterRows#\d+\(qty > 10\)/);
    expect(small).toContain('trades: file_source');
    expect(small).toMatch(/filterRows#\d+\(qty < 5\)/);
  });

  it('knows from its properties that a Kafka source never ends, so EXPLAIN refuses ORDER BY over it as run does, without a broker', async () => {
    const sql = `CREATE STREAM ticks (symbol STRING, qty INTEGER) WITH ('ticks.type' = 'kafka_source', 'ticks.bootstrap.servers' = '127.0.0.1:1', 'ticks.topic' = 'ticks');
      CREATE STREAM sorted AS SELECT symbol, qty FROM ticks ORDER BY qty WITH ('sorted.type' = 'file_sink', 'sorted.path' = 'sorted.jsonl');`;
    const app = loadApp(sql, { file: undefined, variables: () => undefined });
    const baseDir = mkdtempSync(`${tmpdir()}/ferris-explain-`);
    await expect(explainJob(app.jobs[0]!, { baseDir, log: silentLogger })).rejects.toThrow("not supported yet: ORDER BY over the unbounded source 'ticks'");
  });

  it('shows how a transactional Kafka job is spread over its consumer group: tasks, or a repartition by the non-key column', async () => {
    const source = `CREATE STREAM ticks (k STRING, ts TIMESTAMP, v INTEGER) WITH ('ticks.type' = 'kafka_source', 'ticks.bootstrap.servers' = '127.0.0.1:1', 'ticks.topic' = 'ticks', 'ticks.group.id' = 'app');\n`;
    const sink = (name: string): string => `'mode' = 'transactional', '${name}.type' = 'kafka_sink', '${name}.bootstrap.servers' = '127.0.0.1:1', '${name}.topic' = '${name}'`;
    const sql = `${source}CREATE STREAM copied AS SELECT k, v FROM ticks WITH (${sink('copied')});
      CREATE STREAM per_second AS SELECT k, COUNT(*) AS c FROM ticks GROUP BY k, TUMBLE(ts, INTERVAL '1' SECOND) WITH ('event.time.field' = 'ts', ${sink('per_second')});
      CREATE STREAM plain AS SELECT k FROM ticks WITH ('plain.type' = 'file_sink', 'plain.path' = 'plain.jsonl');`;
    const app = loadApp(sql, { file: undefined, variables: () => undefined });
    const baseDir = mkdtempSync(`${tmpdir()}/ferris-explain-`);
    const [copied, perSecond, plain] = await Promise.all(app.jobs.map((job) => explainJob(job, { baseDir, log: silentLogger })));
    expect(copied).toContain("Scale-out: one task per source partition (group 'app'), each with its own transactional id and checkpoint");
    expect(perSecond).toContain("Scale-out: repartitioned (the aggregate is keyed by k, not by _key): stage 1 copies records to 'app-per_second-repartition' by a hash of k, with watermark markers per source partition; stage 2 runs the job, one task per repartition partition (group 'app-repartition')");
    expect(plain).not.toContain('Scale-out');
  });
});
