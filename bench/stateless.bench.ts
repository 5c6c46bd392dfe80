/**
 * Stateless SELECT over in-memory trades (projection with DECIMAL × INTEGER arithmetic, a
 * one-condition filter, a four-condition filter), each timed four ways in the same run on the
 * same rows:
 *
 * - engine core: the job `openJob` compiles (memory source → RxJS operators → sink callback
 *   receiving positional row batches); opening the job is setup, the run is timed;
 * - library API: `FerrisEngine.sqlBatches` with a counting subscriber (planning, the per-run
 *   widening copy of the rows by the memory source and the object conversion included);
 * - a hand-written loop over the same positional rows doing the same Decimal operations;
 * - a raw RxJS pipeline `from(batches).pipe(map(filter), filter(non-empty), map(project))`
 *   over the same batches (same batch size as the engine).
 *
 * Every variant's output is compared value by value with the hand-written loop's.
 *
 * Run: `npm run build && node dist/bench/stateless.bench.js [rows]` (default 1,000,000).
 */
import { tmpdir } from 'node:os';
import { filter, from, map, type Observable } from 'rxjs';
import { memorySource } from '../lib/connectors/memory/memorySource.js';
import { DEFAULT_BATCH_SIZE } from '../lib/connectors/rowBatcher.js';
import { DEFAULT_SYMBOLS, TRADE_SCHEMA, TradeGenerator } from '../lib/connectors/datagen/tradeGenerator.js';
import { appendSystemColumns } from '../lib/connectors/systemColumns.js';
import type { SourceFactory } from '../lib/connectors/types.js';
import { FerrisEngine } from '../lib/engine/ferrisEngine.js';
import { Catalog } from '../lib/plan/app/catalog.js';
import { loadApp } from '../lib/runtime/app.js';
import { silentLogger } from '../lib/runtime/logger.js';
import { openJob, type RunnableJob } from '../lib/runtime/openJob.js';
import { Decimal, isDecimal } from '../lib/types/decimal.js';
import type { SqlType } from '../lib/types/sqlType.js';
import type { Row, Value } from '../lib/types/value.js';
import { describeRuntime, measure, mismatch, printTable, rowCountArgument, type ComparisonRow } from './harness.js';

const ROWS = rowCountArgument(1_000_000);
const BATCH_SIZE = DEFAULT_BATCH_SIZE;
const PROJECTION = 'symbol, price, quantity, price * quantity AS notional';
const OUTPUT_COLUMNS = ['symbol', 'price', 'quantity', 'notional'];
/** Scale of `price * quantity`: DECIMAL(18,4) × INTEGER has the price's scale. */
const NOTIONAL_SCALE = 4;
const ENGINE_TARGET_RATE = 2_000_000;
const ENGINE_TARGET_RATIO = 0.2;

/** Column positions in TRADE_SCHEMA. */
const SYMBOL = 1;
const PRICE = 2;
const QUANTITY = 3;
const SIDE = 4;

const HUNDRED = Decimal.fromInteger(100);

/** One benchmarked query with its hand-written equivalent. */
interface StatelessCase {
  readonly name: string;
  readonly sql: string;
  /** The WHERE clause by hand; undefined when the query has none. */
  readonly keep: ((row: Row) => boolean) | undefined;
}

function project(row: Row): Row {
  const price = row[PRICE] as Decimal;
  const quantity = row[QUANTITY] as number;
  return [row[SYMBOL]!, price, quantity, price.mul(Decimal.fromInteger(quantity)).rescale(NOTIONAL_SCALE)];
}

const CASES: readonly StatelessCase[] = [
  { name: 'projection + arithmetic', sql: `SELECT ${PROJECTION} FROM trades`, keep: undefined },
  {
    name: 'filter price > 100',
    sql: `SELECT ${PROJECTION} FROM trades WHERE price > 100`,
    keep: (row) => (row[PRICE] as Decimal).compare(HUNDRED) > 0,
  },
  {
    name: 'filter, 4 conditions',
    sql: `SELECT ${PROJECTION} FROM trades WHERE price > 100 AND quantity >= 50 AND side = 'BUY' AND symbol IN ('AAPL', 'MSFT', 'NVDA')`,
    keep: (row) => {
      if ((row[PRICE] as Decimal).compare(HUNDRED) <= 0 || (row[QUANTITY] as number) < 50 || row[SIDE] !== 'BUY') return false;
      const symbol = row[SYMBOL];
      return symbol === 'AAPL' || symbol === 'MSFT' || symbol === 'NVDA';
    },
  },
];

/** The generated trades: declared columns only (library API input) and full width (engine input). */
function generateTrades(): { declared: Row[]; full: Row[] } {
  const generator = new TradeGenerator({ seed: 42, symbols: DEFAULT_SYMBOLS, startTime: Date.UTC(2024, 0, 1), intervalMs: 100 });
  const declared: Row[] = new Array<Row>(ROWS);
  const full: Row[] = new Array<Row>(ROWS);
  const now = Date.now();
  for (let i = 0; i < ROWS; i++) {
    const row = generator.next();
    declared[i] = row;
    full[i] = appendSystemColumns(row.slice(), now, i, 0, null, 'memory');
  }
  return { declared, full };
}

function handLoop(rows: readonly Row[], keep: StatelessCase['keep']): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (keep === undefined || keep(row)) out.push(project(row));
  }
  return out;
}

function rawRxjs(batches: readonly Row[][], keep: StatelessCase['keep']): Promise<Row[][]> {
  const input: Observable<Row[]> = from(batches);
  const filtered = keep === undefined ? input : input.pipe(map((batch) => batch.filter(keep)), filter((batch) => batch.length > 0));
  const projected = filtered.pipe(map((batch) => batch.map(project)));
  const out: Row[][] = [];
  return new Promise((resolve, reject) => projected.subscribe({ next: (batch) => out.push(batch), error: reject, complete: () => resolve(out) }));
}

/** Opens the case's job over the full-width rows; its batches are appended to `out`. */
async function openEngineJob(sql: string, rows: readonly Row[], out: (readonly Row[])[]): Promise<RunnableJob> {
  const catalog = new Catalog();
  catalog.put({
    name: 'trades',
    kind: 'STREAM',
    declared: TRADE_SCHEMA,
    connector: { type: 'memory', properties: new Map([['stream', 'trades']]) },
    origin: 'declared',
    location: { line: 1, column: 1 },
  });
  const memoryFactory: SourceFactory = {
    type: 'memory',
    properties: [{ key: 'stream', description: 'the benchmark trades' }],
    open: async () => memorySource(TRADE_SCHEMA, rows, { batchSize: BATCH_SIZE }),
  };
  const app = loadApp(sql, { file: undefined, variables: () => undefined }, catalog);
  return openJob(app.jobs[0]!, {
    baseDir: tmpdir(),
    log: silentLogger,
    sourceFactory: () => memoryFactory,
    sink: () => ({
      write: async (batch) => {
        out.push(batch);
      },
      flush: async () => undefined,
      close: async () => undefined,
    }),
  });
}

function libraryEngine(declared: readonly Row[]): FerrisEngine {
  const columns: Record<string, SqlType> = {};
  for (const f of TRADE_SCHEMA.fields) columns[f.name] = f.type;
  return new FerrisEngine({ variables: () => undefined }).registerStream('trades', { columns, rows: declared });
}

function runLibrary(engine: FerrisEngine, sql: string, out: Record<string, Value>[][]): Promise<void> {
  return new Promise((resolve, reject) =>
    engine.sqlBatches<Record<string, Value>>(sql).subscribe({ next: (batch) => out.push(batch), error: reject, complete: resolve }),
  );
}

function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (isDecimal(a) && isDecimal(b)) return a.scale === b.scale && a.equals(b);
  return a === b;
}

/** Compares rows with the expected ones value by value; exits the process on the first difference. */
function checkRows(what: string, actual: readonly Row[], expected: readonly Row[]): string {
  if (actual.length !== expected.length) mismatch(`${what}: ${actual.length} rows, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (a.length !== e.length || e.some((v, c) => !sameValue(a[c], v))) {
      mismatch(`${what}: row ${i} is ${JSON.stringify(a)}, expected ${JSON.stringify(e)}`);
    }
  }
  return `${expected.length.toLocaleString('en-US')} rows equal`;
}

async function main(): Promise<void> {
  console.log(`stateless SELECT, ${ROWS.toLocaleString('en-US')} trades in memory, batches of ${BATCH_SIZE}; ${describeRuntime()}`);
  const { declared, full } = generateTrades();
  const batches: Row[][] = [];
  for (let start = 0; start < full.length; start += BATCH_SIZE) batches.push(full.slice(start, start + BATCH_SIZE));
  const library = libraryEngine(declared);
  const table: ComparisonRow[] = [];
  for (const c of CASES) {
    let expected: Row[] = [];
    const hand = await measure(() => {
      expected = handLoop(full, c.keep);
    }, () => undefined);

    let rxOut: Row[][] = [];
    const rx = await measure(async () => {
      rxOut = await rawRxjs(batches, c.keep);
    }, () => undefined);
    const rxCheck = checkRows(`${c.name}, raw RxJS`, rxOut.flat(), expected);

    let engineOut: (readonly Row[])[] = [];
    const engine = await measure(
      (job) => job.run(),
      () => {
        engineOut = [];
        return openEngineJob(c.sql, full, engineOut);
      },
    );
    const engineCheck = checkRows(`${c.name}, engine`, engineOut.flat(), expected);

    let libraryOut: Record<string, Value>[][] = [];
    const api = await measure(
      () => runLibrary(library, c.sql, libraryOut),
      () => {
        libraryOut = [];
      },
    );
    const libraryRows = libraryOut.flat().map((o) => OUTPUT_COLUMNS.map((name) => o[name]!));
    const libraryCheck = checkRows(`${c.name}, FerrisEngine.sqlBatches`, libraryRows, expected);

    table.push(
      { caseName: `${c.name}: engine core`, rows: ROWS, ours: engine, peerName: 'hand-written loop', peer: hand, check: engineCheck, minRatio: ENGINE_TARGET_RATIO, minRate: ENGINE_TARGET_RATE },
      { caseName: `${c.name}: engine core`, rows: ROWS, ours: engine, peerName: 'raw RxJS', peer: rx, check: `${rxCheck} (peer)` },
      { caseName: `${c.name}: FerrisEngine.sqlBatches`, rows: ROWS, ours: api, peerName: 'hand-written loop', peer: hand, check: libraryCheck },
    );
  }
  printTable('Stateless SELECT, in memory (one process, one JS thread)', table);
}

await main();
