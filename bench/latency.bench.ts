/**
 * Per-record processing latency of the original's operations (simple, filtered and
 * multi-condition SELECT, GROUP BY, tumbling window), at a paced load: a memory source emits a
 * batch of trades every millisecond (100 rows per batch, 100 K rows/s, well below the engine's
 * peak), and each output row's latency is the time from the emission of the input batch that
 * produced it to the sink receiving it. Between two emissions the pipeline is idle, so every
 * output belongs to the latest batch emitted. The join row looks each trade up in a table of
 * the 50 traders (loaded before the first trade).
 *
 * Throughput of the same queries is measured by stateless.bench.ts and windows.bench.ts; the
 * report (bench/report.mjs) puts both into the original's table.
 *
 * Run: `npm run build && node dist/bench/latency.bench.js [rows]` (default 100,000).
 */
import { tmpdir } from 'node:os';
import { Observable } from 'rxjs';
import { memorySource } from '../lib/connectors/memory/memorySource.js';
import { TRADE_SCHEMA } from '../lib/connectors/datagen/tradeGenerator.js';
import type { SourceFactory } from '../lib/connectors/types.js';
import type { Catalog } from '../lib/plan/app/catalog.js';
import { loadApp } from '../lib/runtime/app.js';
import { silentLogger } from '../lib/runtime/logger.js';
import { openJob } from '../lib/runtime/openJob.js';
import { FerrisError } from '../lib/types/errors.js';
import { field, schemaOf } from '../lib/types/schema.js';
import { STRING } from '../lib/types/sqlType.js';
import type { Row } from '../lib/types/value.js';
import { mismatch, rowCountArgument } from './harness.js';
import { memoryCatalog } from './memoryCatalog.js';
import { recordResult } from './results.js';
import { TRADE_AGGREGATES, generateTrades } from './windowKit.js';

const ROWS = rowCountArgument(100_000);
const BATCH_ROWS = 100;
const INTERVAL_MS = 1;
const TABLE = `Per-record latency at ${((BATCH_ROWS * 1000) / INTERVAL_MS / 1000).toFixed(0)} K rows/s (batches of ${BATCH_ROWS} every ${INTERVAL_MS} ms)`;
const PROJECTION = 'symbol, price, quantity, price * quantity AS notional';

/** The original's operations, as in its published table. */
const OPERATIONS: readonly { name: string; sql: string }[] = [
  { name: 'simple SELECT', sql: `SELECT ${PROJECTION} FROM trades` },
  { name: 'filtered SELECT', sql: `SELECT ${PROJECTION} FROM trades WHERE price > 100` },
  {
    name: 'multi-condition SELECT',
    sql: `SELECT ${PROJECTION} FROM trades WHERE price > 100 AND quantity >= 50 AND side = 'BUY' AND symbol IN ('AAPL', 'MSFT', 'NVDA')`,
  },
  { name: 'GROUP BY (EMIT CHANGES)', sql: `SELECT symbol, ${TRADE_AGGREGATES} FROM trades GROUP BY symbol EMIT CHANGES` },
  {
    name: 'tumbling window (1 minute)',
    sql: `SELECT symbol, TUMBLE_START(trade_time, INTERVAL '1' MINUTE) AS window_start, ${TRADE_AGGREGATES} FROM trades GROUP BY symbol, TUMBLE(trade_time, INTERVAL '1' MINUTE)`,
  },
  {
    name: 'join (trades with a table of traders)',
    sql: 'SELECT t.symbol, t.price, r.desk FROM trades t JOIN traders r ON t.trader_id = r.trader_id',
  },
];

/** Emits the rows in batches on a timer and remembers when each batch left. */
function pacedBatches(rows: readonly Row[], emitted: { at: number }): Observable<Row[]> {
  return new Observable<Row[]>((subscriber) => {
    let next = 0;
    const timer = setInterval(() => {
      if (next >= rows.length) {
        clearInterval(timer);
        subscriber.complete();
        return;
      }
      const batch = rows.slice(next, next + BATCH_ROWS);
      next += BATCH_ROWS;
      emitted.at = performance.now();
      subscriber.next(batch);
    }, INTERVAL_MS);
    return () => clearInterval(timer);
  });
}

/** The reference table of the join row: each of the generator's 50 traders with a desk. */
const TRADER_SCHEMA = schemaOf([field('trader_id', STRING, false), field('desk', STRING, false)]);
const TRADERS: readonly Row[] = Array.from({ length: 50 }, (_, i) => [`T${String(i + 1).padStart(3, '0')}`, `desk-${i % 5}`]);

function tradesCatalog(): Catalog {
  return memoryCatalog([
    { name: 'trades', declared: TRADE_SCHEMA },
    { name: 'traders', declared: TRADER_SCHEMA, kind: 'TABLE', primaryKey: ['trader_id'] },
  ]);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs one operation at the paced load; returns the sorted per-record latencies (ms), or the engine's refusal. */
async function latencies(sql: string, rows: readonly Row[]): Promise<number[] | string> {
  const emitted = { at: 0 };
  const factory: SourceFactory = {
    type: 'memory',
    properties: [{ key: 'stream', description: 'the benchmark trades' }],
    open: async (props) => (props.get('stream') === 'traders' ? memorySource(TRADER_SCHEMA, TRADERS) : memorySource(TRADE_SCHEMA, pacedBatches(rows, emitted))),
  };
  const samples: number[] = [];
  let job;
  try {
    const app = loadApp(sql, { file: undefined, variables: () => undefined }, tradesCatalog());
    job = await openJob(app.jobs[0]!, {
      baseDir: tmpdir(),
      log: silentLogger,
      sourceFactory: () => factory,
      sink: () => ({
        write: async (batch) => {
          const latency = performance.now() - emitted.at;
          for (let i = 0; i < batch.length; i++) samples.push(latency);
        },
        flush: async () => undefined,
        close: async () => undefined,
      }),
    });
  } catch (error) {
    if (error instanceof FerrisError) return error.message;
    throw error;
  }
  await job.run();
  return samples.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  console.log(`${TABLE}, ${ROWS.toLocaleString('en-US')} trades; Node ${process.version}, pid ${process.pid}`);
  const rows = generateTrades(ROWS);
  console.log(`\n### ${TABLE}\n`);
  console.log('| operation | output rows | p50 ms | p99 ms | p99.9 ms | max ms |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const operation of OPERATIONS) {
    const result = await latencies(operation.sql, rows);
    if (typeof result === 'string') {
      console.log(`| ${operation.name} | refused: ${result} | | | | |`);
      recordResult({ kind: 'refused', table: TABLE, caseName: operation.name, error: result });
      continue;
    }
    if (result.length === 0) mismatch(`${operation.name}: no output row`);
    const [p50, p99, p999] = [percentile(result, 50), percentile(result, 99), percentile(result, 99.9)];
    console.log(`| ${operation.name} | ${result.length.toLocaleString('en-US')} | ${p50.toFixed(3)} | ${p99.toFixed(3)} | ${p999.toFixed(3)} | ${result[result.length - 1]!.toFixed(3)} |`);
    recordResult({ kind: 'latency', table: TABLE, caseName: operation.name, rows: result.length, p50, p99, p999 });
  }
}

await main();
