import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApp, startApp } from '../../lib/runtime/app.js';
import { explainJob, runCommand } from '../../lib/runtime/commands.js';
import { silentLogger } from '../../lib/runtime/logger.js';
import { FerrisError } from '../../lib/types/errors.js';
import { checkApp } from '../../lib/cli/checkApp.js';
import type { Pipeline } from '../../lib/runtime/pipeline.js';

/*
 * Jobs that read each other's output in process (issue 9, item 6): real files in, real files
 * out; a chain must give what the single combined query gives.
 */

const TRADES = join(import.meta.dirname, '../../examples/trading/data/trades.csv');

const tradesSource = `CREATE STREAM trades (trade_id BIGINT NOT NULL, symbol VARCHAR NOT NULL, price DECIMAL(18, 4) NOT NULL, quantity INTEGER NOT NULL,
  side VARCHAR NOT NULL, trader_id VARCHAR NOT NULL, exchange VARCHAR NOT NULL, trade_time TIMESTAMP NOT NULL)
WITH ('trades.type' = 'file_source', 'trades.path' = 'trades.csv', 'trades.format' = 'csv', 'trades.batch.size' = '97',
  'trades.watermark.max_out_of_orderness' = '2s');
`;

const sink = (name: string): string => `WITH ('${name}.type' = 'file_sink', '${name}.path' = '${name}.jsonl', '${name}.format' = 'jsonl')`;

function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferris-chain-'));
  copyFileSync(TRADES, join(dir, 'trades.csv'));
  return dir;
}

async function start(sql: string, dir: string): Promise<Pipeline> {
  const app = loadApp(sql, { file: 'app.sql', variables: () => undefined });
  return startApp(app, { file: 'app.sql', baseDir: dir, variables: () => undefined, log: silentLogger, print: () => undefined });
}

/** Runs the application in `dir` and returns the lines each named output file holds. */
async function run(sql: string, dir: string, outputs: readonly string[]): Promise<{ lines: Record<string, string[]>; pipeline: Pipeline }> {
  const pipeline = await start(sql, dir);
  const outcomes = await pipeline.run();
  const failed = outcomes.find((o) => o.error !== undefined);
  if (failed) throw failed.error;
  const lines = Object.fromEntries(outputs.map((name) => [name, readFileSync(join(dir, `${name}.jsonl`), 'utf8').split('\n').filter(Boolean)]));
  return { lines, pipeline };
}

const combinedWindow = `${tradesSource}
CREATE STREAM bars AS
SELECT symbol, TUMBLE_START(trade_time, INTERVAL '1' MINUTE) AS minute, COUNT(*) AS n, SUM(price * quantity) AS total
FROM trades WHERE side = 'BUY'
GROUP BY symbol, TUMBLE(trade_time, INTERVAL '1' MINUTE)
${sink('bars')};
`;

describe('jobs that read each other in process', () => {
  it('a stream joins a CREATE TABLE ... AS SELECT of the same file as a table (lookup), declared after it', async () => {
    const sql = `${tradesSource}
CREATE STREAM priced AS SELECT t.trade_id, t.symbol, s.trades FROM trades t JOIN per_symbol s ON t.symbol = s.symbol ${sink('priced')};
CREATE TABLE per_symbol AS SELECT symbol, COUNT(*) AS trades FROM trades GROUP BY symbol EMIT FINAL;
`;
    const { lines } = await run(sql, workDir(), ['priced']);
    const rows = lines.priced!.map((line) => JSON.parse(line) as { trade_id: number; symbol: string; trades: number });
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row.symbol, (counts.get(row.symbol) ?? 0) + 1);
    expect(rows.length).toBe(5000);
    // Each trade sees its symbol's final count: the table was complete before the first lookup.
    for (const row of rows) expect(row.trades).toBe(counts.get(row.symbol));
  });

  it('a stateless job feeding a windowed one gives the combined query, whatever the order of declaration', async () => {
    const single = await run(combinedWindow, workDir(), ['bars']);
    const chained = `CREATE STREAM bars AS
SELECT symbol, TUMBLE_START(trade_time, INTERVAL '1' MINUTE) AS minute, COUNT(*) AS n, SUM(notional) AS total
FROM buys
GROUP BY symbol, TUMBLE(trade_time, INTERVAL '1' MINUTE)
${sink('bars')};
${tradesSource}
CREATE STREAM buys AS SELECT symbol, trade_time, price * quantity AS notional FROM trades WHERE side = 'BUY' ${sink('buys')};
`;
    const { lines, pipeline } = await run(chained, workDir(), ['bars', 'buys']);
    expect(single.lines.bars!.length).toBeGreaterThan(100);
    expect(lines.bars).toEqual(single.lines.bars);
    // The upstream's own sink still writes, and each job counts its own rows.
    const buys = pipeline.jobs.find((j) => j.name === 'buys')!;
    const bars = pipeline.jobs.find((j) => j.name === 'bars')!;
    expect(lines.buys!.length).toBe(buys.metrics.rowsOut);
    expect(buys.metrics.rowsIn).toBe(5000);
    expect(bars.metrics.rowsIn).toBe(buys.metrics.rowsOut);
    expect(bars.metrics.rowsOut).toBe(single.lines.bars!.length);
  });

  it('a windowed job feeding a stateless one, and a chain through three jobs, give the combined query', async () => {
    const combined = `${tradesSource}
CREATE STREAM out AS
SELECT symbol, minute, total FROM (
  SELECT symbol, TUMBLE_START(trade_time, INTERVAL '1' MINUTE) AS minute, SUM(price * quantity) AS total
  FROM (SELECT symbol, price, quantity, trade_time FROM trades WHERE side = 'BUY') AS b
  GROUP BY symbol, TUMBLE(trade_time, INTERVAL '1' MINUTE)
) AS w WHERE total > 100000
${sink('out')};
`;
    const chained = `${tradesSource}
CREATE STREAM out AS SELECT symbol, minute, total FROM bars WHERE total > 100000 ${sink('out')};
CREATE STREAM bars AS
SELECT symbol, TUMBLE_START(trade_time, INTERVAL '1' MINUTE) AS minute, SUM(price * quantity) AS total
FROM buys GROUP BY symbol, TUMBLE(trade_time, INTERVAL '1' MINUTE);
CREATE STREAM buys AS SELECT symbol, price, quantity, trade_time FROM trades WHERE side = 'BUY';
`;
    const single = await run(combined, workDir(), ['out']);
    const { lines, pipeline } = await run(chained, workDir(), ['out']);
    expect(single.lines.out!.length).toBeGreaterThan(10);
    expect(lines.out).toEqual(single.lines.out);
    expect(pipeline.jobs.map((j) => j.target)).toEqual(['the jobs reading it in process', 'the jobs reading it in process', expect.stringContaining('out.jsonl')]);
  });

  it('one output read by two jobs that a fourth merges (a diamond) reaches each reader whole', async () => {
    const sql = `${tradesSource}
CREATE STREAM both_sides AS SELECT side, n FROM buys UNION ALL SELECT side, n FROM sells ${sink('both_sides')};
CREATE STREAM buys AS SELECT side, trade_id AS n FROM all_trades WHERE side = 'BUY';
CREATE STREAM sells AS SELECT side, trade_id AS n FROM all_trades WHERE side = 'SELL';
CREATE STREAM all_trades AS SELECT side, trade_id FROM trades;
`;
    const { lines, pipeline } = await run(sql, workDir(), ['both_sides']);
    expect(lines.both_sides).toHaveLength(5000);
    expect(new Set(lines.both_sides!.map((l) => (JSON.parse(l) as { n: number }).n)).size).toBe(5000);
    expect(pipeline.jobs.find((j) => j.name === 'all_trades')!.metrics.rowsOut).toBe(5000);
  });

  it('a CREATE TABLE ... AS SELECT read by another job is read as the latest row per key', async () => {
    const sql = `${tradesSource}
CREATE TABLE volume AS SELECT symbol, SUM(quantity) AS qty FROM trades GROUP BY symbol;
CREATE STREAM big AS SELECT symbol, qty FROM volume WHERE qty > 0 ${sink('big')};
`;
    const { lines } = await run(sql, workDir(), ['big']);
    const rows = lines.big!.map((l) => JSON.parse(l) as { symbol: string; qty: number });
    // Every change of the table reaches the reader, in order: the last per key is the total.
    const last = new Map(rows.map((r) => [r.symbol, r.qty]));
    const csv = readFileSync(TRADES, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const totals = new Map<string, number>();
    for (const fields of csv) totals.set(fields[1]!, (totals.get(fields[1]!) ?? 0) + Number(fields[3]));
    expect(last).toEqual(totals);
  });

  it('a cycle is a planning error at the reference that closes it', () => {
    const sql = `CREATE STREAM a AS SELECT * FROM b;\nCREATE STREAM b AS SELECT * FROM a;\n`;
    let error: unknown;
    try {
      loadApp(sql, { file: 'app.sql', variables: () => undefined });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FerrisError);
    expect((error as FerrisError).message).toContain("jobs read each other's output in a cycle (a → b → a)");
    expect((error as FerrisError).location).toMatchObject({ line: 2, column: 34 });
    expect(() => loadApp('CREATE STREAM a AS SELECT * FROM a;', { file: 'x.sql', variables: () => undefined })).toThrow('(a → a)');
  });

  it('a job whose output is read in process needs no sink; one nobody reads writes to stdout', () => {
    const alone = loadApp("CREATE STREAM t WITH ('t.type' = 'datagen'); CREATE STREAM a AS SELECT * FROM t;", { file: 'x.sql', variables: () => undefined });
    expect(alone.jobs[0]!.sink).toMatchObject({ type: 'stdout', defaultedSink: true });
    const app = loadApp("CREATE STREAM t WITH ('t.type' = 'datagen'); CREATE STREAM a AS SELECT * FROM t; SELECT * FROM a;", { file: 'x.sql', variables: () => undefined });
    expect(app.jobs.map((j) => [j.name, j.sink.type])).toEqual([
      ['a', 'in_process'],
      ['query_2', 'stdout'],
    ]);
    expect(app.jobs[1]!.sources.get('a')).toMatchObject({ type: 'in_process', upstream: 'a' });
  });

  it('refuses an INSERT INTO a job output that only its in-process readers receive (its rows would go nowhere)', () => {
    expect(() =>
      loadApp("CREATE STREAM t WITH ('t.type' = 'datagen'); CREATE STREAM a AS SELECT * FROM t; INSERT INTO a SELECT * FROM t; SELECT * FROM a;", {
        file: 'x.sql',
        variables: () => undefined,
      }),
    ).toThrow("not supported yet: writing into 'a', the output of a job of this file that other jobs read in process");
  });

  it('a reader of a job output takes event-time and watermark keys only', () => {
    expect(() =>
      loadApp("CREATE STREAM t WITH ('t.type' = 'datagen'); CREATE STREAM a AS SELECT * FROM t; SELECT * FROM a WITH ('a.path' = 'x.csv');", {
        file: 'x.sql',
        variables: () => undefined,
      }),
    ).toThrow("'a.path' configures 'a', the output of a job of this file read in process");
  });

  it('EXPLAIN shows the graph of jobs and plans the reader against the job it reads', async () => {
    const dir = workDir();
    const sql = `${tradesSource}
CREATE STREAM bars AS SELECT symbol, COUNT(*) AS n FROM buys GROUP BY symbol, TUMBLE(trade_time, INTERVAL '1' MINUTE) ${sink('bars')};
CREATE STREAM buys AS SELECT symbol, trade_time FROM trades WHERE side = 'BUY';
EXPLAIN SELECT symbol FROM bars;
`;
    const app = loadApp(sql, { file: 'app.sql', variables: () => undefined });
    const step = app.steps.find((s) => s.kind === 'command')!;
    if (step.kind !== 'command') throw new Error('no command');
    const text = await runCommand(step, app.jobs, { baseDir: dir, log: silentLogger }, app.jobs);
    expect(text).toContain(
      [
        'Jobs (3, in process):',
        '  buys: reads trades (file_source) → in_process, read by bars',
        '  bars: reads buys (job) → file_sink, read by explained',
        '  explained: reads bars (job) → stdout',
      ].join('\n'),
    );
    expect(text).toContain('Sources:\n  bars: the output of job bars, in process');
    expect(text).toContain('Scan bars [symbol:STRING, n:INTEGER]');
    const bars = await explainJob(app.jobs[0]!, { baseDir: dir, log: silentLogger }, app.jobs);
    expect(bars).toContain('assignWatermarks#2(trade_time, bound 2000 ms)');
  });

  it('ferris check plans a reader against the output of the job it reads', async () => {
    const sql = `${tradesSource}
CREATE STREAM buys AS SELECT symbol, trade_time FROM trades WHERE side = 'BUY';
CREATE STREAM out AS SELECT price FROM buys ${sink('out')};
`;
    const app = loadApp(sql, { file: 'app.sql', variables: () => undefined });
    const report = await checkApp(app, workDir(), false);
    expect(report.errors.map((e) => e.message)).toEqual([expect.stringContaining("unknown column 'price'")]);
  });

  it('a failing upstream job fails the job reading it, naming it', async () => {
    const dir = workDir();
    writeFileSync(join(dir, 'bad.csv'), 'x\n1\nnot a number\n');
    const sql = `CREATE STREAM n (x INTEGER) WITH ('n.type' = 'file_source', 'n.path' = 'bad.csv', 'n.format' = 'csv');
CREATE STREAM a AS SELECT x FROM n WITH ('failure_strategy' = 'fail');
CREATE STREAM b AS SELECT x FROM a ${sink('b')};
`;
    const outcomes = await (await start(sql, dir)).run();
    expect(outcomes.map((o) => [o.job.name, o.error instanceof Error ? o.error.message : o.error])).toEqual([
      ['a', expect.stringContaining('failure_strategy = fail')],
      ['b', expect.stringContaining('job a, whose output this job reads, failed: ')],
    ]);
  });

  it('a checkpoint of the reader enters at the upstream\'s source and flows through both jobs: each snapshots its state for the epoch', async () => {
    const sql = `CREATE STREAM ticks WITH ('ticks.type' = 'datagen', 'ticks.symbols' = 'AAA,BBB');
CREATE STREAM picked AS SELECT symbol, trade_time FROM ticks LIMIT 1000000;
CREATE STREAM hourly AS SELECT symbol, COUNT(*) AS n FROM picked GROUP BY symbol, TUMBLE(trade_time, INTERVAL '1' HOUR) ${sink('hourly')};
`;
    const pipeline = await start(sql, workDir());
    const running = pipeline.run();
    const picked = pipeline.jobs.find((j) => j.name === 'picked')!;
    const hourly = pipeline.jobs.find((j) => j.name === 'hourly')!;
    for (let i = 0; i < 100 && hourly.metrics.rowsIn === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await hourly.checkpoint()).toBe(1);
    const limit = picked.plan.physical;
    const window = hourly.plan.physical.inputs[0]!;
    expect([limit.operator, window.operator]).toEqual(['limitRows', 'tumbleWindow']);
    expect(picked.snapshots.epochs(limit.id)).toEqual([1]);
    expect(hourly.snapshots.epochs(window.id)).toEqual([1]);
    pipeline.stop(false);
    expect((await running).map((o) => o.error)).toEqual([undefined, undefined]);
  });

  it('a stop with drain flushes open windows along the chain; without drain nothing partial is emitted', async () => {
    const sql = (drainName: string): string => `CREATE STREAM ticks WITH ('ticks.type' = 'datagen', 'ticks.symbols' = 'AAA,BBB');
CREATE STREAM picked AS SELECT symbol, trade_time FROM ticks;
CREATE STREAM hourly AS SELECT symbol, COUNT(*) AS n FROM picked GROUP BY symbol, TUMBLE(trade_time, INTERVAL '1' HOUR) ${sink(drainName)};
`;
    for (const drain of [true, false]) {
      const dir = workDir();
      const pipeline = await start(sql('hourly'), dir);
      const running = pipeline.run();
      await new Promise((resolve) => setTimeout(resolve, 300));
      pipeline.stop(drain);
      const outcomes = await running;
      expect(outcomes.map((o) => o.error)).toEqual([undefined, undefined]);
      const rows = readFileSync(join(dir, 'hourly.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { n: number });
      const picked = pipeline.jobs.find((j) => j.name === 'picked')!;
      const hourly = pipeline.jobs.find((j) => j.name === 'hourly')!;
      expect(hourly.metrics.rowsIn).toBe(picked.metrics.rowsOut);
      if (drain) expect(rows.reduce((sum, r) => sum + r.n, 0)).toBe(picked.metrics.rowsOut);
      else {
        expect(rows.reduce((sum, r) => sum + r.n, 0)).toBeLessThan(picked.metrics.rowsOut);
        expect(hourly.unemitted().windows).toBeGreaterThan(0);
      }
    }
  });
});
