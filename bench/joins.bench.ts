/**
 * Joins over in-memory trades (100 ms apart in event time), the engine core against
 * hand-written Map joins in the same run, on the same rows:
 *
 * - q3-like stream-table join: trades joined with an instruments table (12 symbols, 10 of
 *   them listed) on the symbol, a filter on the table's sector; peer: a Map from symbol to
 *   instrument, looked up per trade;
 * - q20-like filtered join: the same join with a filter on the stream (quantity) as well;
 * - interval join of trades and quotes (one quote per 200 ms) on the symbol, the quote within
 *   ±500 ms of the trade; peer: per symbol, a buffer of recent quotes and of recent trades,
 *   each probed by the other side and trimmed by time;
 * - q8-like windowed join: the same streams, both rows in the same 1 s tumbling window; peer:
 *   per (window, symbol) the trades and quotes seen, each new row paired with the other side's;
 * - the same on hopping windows (1 s every 500 ms: a pair once per window both rows are in);
 *   peer: the same buckets, each row entering each of its two windows.
 * - subqueries against the table: `symbol IN (SELECT ...)` (peer: a Set), `symbol > ALL (SELECT ...)`
 *   (peer: the greatest selected symbol) and a correlated scalar subquery (peer: a Map from
 *   symbol to name, NULL without one).
 *
 * The engine core is the job `openJob` compiles (memory sources → watermarks → join →
 * filter → projection → sink callback); opening the job is setup, the run is timed. Rates
 * count every input row (trades, plus quotes for the interval join). Afterwards the outputs
 * are compared as multisets (sorted), row by row.
 *
 * Run: `npm run build && node dist/bench/joins.bench.js [trades]` (default 1,000,000);
 * `BENCH_CASE=<substring>` runs only the cases whose name contains it.
 */
import { tmpdir } from 'node:os';
import { DEFAULT_BATCH_SIZE } from '../lib/connectors/rowBatcher.js';
import { memorySource } from '../lib/connectors/memory/memorySource.js';
import { TRADE_SCHEMA } from '../lib/connectors/datagen/tradeGenerator.js';
import type { SourceFactory } from '../lib/connectors/types.js';
import { Catalog, type CatalogEntry } from '../lib/plan/app/catalog.js';
import { loadApp } from '../lib/runtime/app.js';
import { silentLogger } from '../lib/runtime/logger.js';
import { openJob, type RunnableJob } from '../lib/runtime/openJob.js';
import { Decimal } from '../lib/types/decimal.js';
import { schemaOf, type Schema } from '../lib/types/schema.js';
import { decimalType, INTEGER, STRING, TIMESTAMP } from '../lib/types/sqlType.js';
import type { Row } from '../lib/types/value.js';
import { describeRuntime, measureInterleaved, printTable, rowCountArgument, variant, type ComparisonRow } from './harness.js';
import { checkRows, collectingSink, countingSink, generateTrades, PRICE, QUANTITY, SYMBOL, TRADE_TIME, type BatchSink } from './windowKit.js';

const TRADES = rowCountArgument(1_000_000);
const BATCH_SIZE = DEFAULT_BATCH_SIZE;
const TRADE_ID = 0;
const WINDOW_MS = 500;
const QUOTE_EVERY_MS = 200;
const WINDOWED_MS = 1_000;
const HOP_SIZE_MS = 1_000;
const HOP_SLIDE_MS = 500;

const INSTRUMENT_SCHEMA = schemaOf([
  { name: 'symbol', type: STRING, nullable: false },
  { name: 'name', type: STRING, nullable: true },
  { name: 'sector', type: STRING, nullable: true },
]);
const QUOTE_SCHEMA = schemaOf([
  { name: 'quote_id', type: INTEGER, nullable: false },
  { name: 'symbol', type: STRING, nullable: false },
  { name: 'bid', type: decimalType(18, 4), nullable: false },
  { name: 'quote_time', type: TIMESTAMP, nullable: false },
]);
/** Ten of the twelve generated symbols are listed (TSLA and V are not: the INNER join drops them). */
const INSTRUMENTS: readonly Row[] = [
  ['AAPL', 'Apple', 'Tech'],
  ['MSFT', 'Microsoft', 'Tech'],
  ['GOOGL', 'Alphabet', 'Tech'],
  ['AMZN', 'Amazon', 'Retail'],
  ['NVDA', 'Nvidia', 'Chips'],
  ['META', 'Meta', 'Tech'],
  ['JPM', 'JPMorgan', 'Finance'],
  ['JNJ', 'Johnson & Johnson', 'Health'],
  ['XOM', 'Exxon', 'Energy'],
  ['WMT', 'Walmart', 'Retail'],
];
const NAME = 1;
const SECTOR = 2;
const SYMBOLS = INSTRUMENTS.map((r) => r[0] as string).concat(['TSLA', 'V']);

/** One quote every 200 ms over the trades' span, symbols in a fixed pseudo-random order, ascending time. */
function generateQuotes(trades: readonly Row[]): Row[] {
  const start = trades[0]![TRADE_TIME] as number;
  const end = trades[trades.length - 1]![TRADE_TIME] as number;
  const quotes: Row[] = [];
  let state = 7;
  for (let id = 1, ts = start + 50; ts <= end; id++, ts += QUOTE_EVERY_MS) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    quotes.push([id, SYMBOLS[state % SYMBOLS.length]!, Decimal.fromUnscaled(1_000_000 + (state % 4_000_000), 4), ts]);
  }
  return quotes;
}

/** The catalog entry of a memory stream or table named `name`. */
function entry(name: string, kind: 'STREAM' | 'TABLE', declared: Schema, primaryKey: string[], time?: string): CatalogEntry {
  const properties = new Map([['stream', name], ...(time ? [['event.time.field', time] as [string, string]] : [])]);
  return { name, kind, declared, primaryKey, connector: { type: 'memory', properties }, origin: 'declared', location: { line: 1, column: 1 } };
}

/** Opens the job of `sql` over the memory streams `trades`, `quotes` and the table `instruments`. */
async function openJoinJob(sql: string, inputs: { trades: readonly Row[]; quotes: readonly Row[] }, sink: BatchSink): Promise<RunnableJob> {
  const catalog = new Catalog();
  catalog.put(entry('trades', 'STREAM', TRADE_SCHEMA, [], 'trade_time'));
  catalog.put(entry('quotes', 'STREAM', QUOTE_SCHEMA, [], 'quote_time'));
  catalog.put(entry('instruments', 'TABLE', INSTRUMENT_SCHEMA, ['symbol']));
  const sources: Record<string, { schema: Schema; rows: readonly Row[] }> = {
    trades: { schema: TRADE_SCHEMA, rows: inputs.trades },
    quotes: { schema: QUOTE_SCHEMA, rows: inputs.quotes },
    instruments: { schema: INSTRUMENT_SCHEMA, rows: INSTRUMENTS },
  };
  const memoryFactory: SourceFactory = {
    type: 'memory',
    properties: [{ key: 'stream', description: 'the benchmark input' }],
    open: async (props) => {
      const source = sources[props.get('stream')!]!;
      return memorySource(source.schema, source.rows, { batchSize: BATCH_SIZE });
    },
  };
  const app = loadApp(sql, { file: undefined, variables: () => undefined }, catalog);
  return openJob(app.jobs[0]!, {
    baseDir: tmpdir(),
    log: silentLogger,
    sourceFactory: () => memoryFactory,
    sink: () => ({ write: async (batch) => sink(batch), flush: async () => undefined, close: async () => undefined }),
  });
}

/** Hand-written stream-table join: a Map from symbol to instrument, probed per trade, in batches. */
const handLookup =
  (keep: (trade: Row, instrument: Row) => boolean) =>
  (inputs: { trades: readonly Row[] }, sink: BatchSink): void => {
    const bySymbol = new Map<string, Row>();
    for (const instrument of INSTRUMENTS) bySymbol.set(instrument[0] as string, instrument);
    const trades = inputs.trades;
    for (let from = 0; from < trades.length; from += BATCH_SIZE) {
      const to = Math.min(trades.length, from + BATCH_SIZE);
      const out: Row[] = [];
      for (let i = from; i < to; i++) {
        const trade = trades[i]!;
        const instrument = bySymbol.get(trade[SYMBOL] as string);
        if (instrument === undefined || !keep(trade, instrument)) continue;
        out.push([trade[TRADE_ID], instrument[NAME], instrument[SECTOR], trade[PRICE]]);
      }
      if (out.length > 0) sink(out);
    }
  };

/** Hand-written `symbol IN (SELECT ...)`: a Set of the symbols of `sector`, probed per trade. */
function handIn(inputs: { trades: readonly Row[] }, sink: BatchSink): void {
  const listed = new Set(INSTRUMENTS.filter((i) => i[SECTOR] === 'Tech').map((i) => i[0] as string));
  forEachBatch(inputs.trades, (trade, out) => {
    if (listed.has(trade[SYMBOL] as string)) out.push([trade[TRADE_ID], trade[PRICE]]);
  }, sink);
}

/** Hand-written `symbol > ALL (SELECT ...)`: the greatest symbol of `sector` (it has no NULL), compared per trade. */
function handAll(inputs: { trades: readonly Row[] }, sink: BatchSink): void {
  const greatest = INSTRUMENTS.filter((i) => i[SECTOR] === 'Tech').map((i) => i[0] as string).reduce((a, b) => (a > b ? a : b));
  forEachBatch(inputs.trades, (trade, out) => {
    if ((trade[SYMBOL] as string) > greatest) out.push([trade[TRADE_ID], trade[PRICE]]);
  }, sink);
}

/** Hand-written correlated scalar subquery: a Map from symbol to name, NULL for an unlisted symbol. */
function handScalar(inputs: { trades: readonly Row[] }, sink: BatchSink): void {
  const names = new Map(INSTRUMENTS.map((i) => [i[0] as string, i[NAME]!]));
  forEachBatch(inputs.trades, (trade, out) => void out.push([trade[TRADE_ID], names.get(trade[SYMBOL] as string) ?? null]), sink);
}

/** Calls `each` per trade, a batch of `BATCH_SIZE` trades at a time, sinking each batch's output. */
function forEachBatch(trades: readonly Row[], each: (trade: Row, out: Row[]) => void, sink: BatchSink): void {
  for (let from = 0; from < trades.length; from += BATCH_SIZE) {
    const out: Row[] = [];
    for (let i = from; i < Math.min(trades.length, from + BATCH_SIZE); i++) each(trades[i]!, out);
    if (out.length > 0) sink(out);
  }
}

/**
 * Hand-written interval join of time-ordered trades and quotes: the two inputs merged in time
 * order; per symbol, the quotes of the last 500 ms probed by each trade, and the trades of the
 * last 500 ms probed by each quote (so a pair is found when its later row arrives).
 */
function handInterval(inputs: { trades: readonly Row[]; quotes: readonly Row[] }, sink: BatchSink): void {
  const { trades, quotes } = inputs;
  const recentQuotes = new Map<string, Row[]>();
  const recentTrades = new Map<string, Row[]>();
  const recent = (map: Map<string, Row[]>, symbol: string): Row[] => {
    let list = map.get(symbol);
    if (list === undefined) map.set(symbol, (list = []));
    return list;
  };
  const trim = (list: Row[], time: number, at: number): void => {
    let drop = 0;
    while (drop < list.length && (list[drop]![at] as number) < time - WINDOW_MS) drop++;
    if (drop > 0) list.splice(0, drop);
  };
  let t = 0;
  let q = 0;
  let out: Row[] = [];
  while (t < trades.length || q < quotes.length) {
    const takeTrade = q >= quotes.length || (t < trades.length && (trades[t]![TRADE_TIME] as number) <= (quotes[q]![3] as number));
    if (takeTrade) {
      const trade = trades[t++]!;
      const time = trade[TRADE_TIME] as number;
      const list = recent(recentQuotes, trade[SYMBOL] as string);
      trim(list, time, 3);
      for (const quote of list) out.push([trade[TRADE_ID], quote[0], trade[PRICE], quote[2]]);
      recent(recentTrades, trade[SYMBOL] as string).push(trade);
    } else {
      const quote = quotes[q++]!;
      const time = quote[3] as number;
      const list = recent(recentTrades, quote[1] as string);
      trim(list, time, TRADE_TIME);
      for (const trade of list) out.push([trade[TRADE_ID], quote[0], trade[PRICE], quote[2]]);
      recent(recentQuotes, quote[1] as string).push(quote);
    }
    if (out.length >= BATCH_SIZE) {
      sink(out);
      out = [];
    }
  }
  if (out.length > 0) sink(out);
}

/**
 * Hand-written windowed join (both rows in the same 10 s tumbling window) of time-ordered
 * trades and quotes: the inputs merged in time order; per (window, symbol) the trades and
 * quotes seen so far, each new row paired with the other side's; a window's buckets dropped
 * once the time passes its end.
 */
function handWindowed(inputs: { trades: readonly Row[]; quotes: readonly Row[] }, sink: BatchSink): void {
  const { trades, quotes } = inputs;
  let window = -Infinity;
  let buckets = new Map<string, { trades: Row[]; quotes: Row[] }>();
  const bucketOf = (symbol: string): { trades: Row[]; quotes: Row[] } => {
    let bucket = buckets.get(symbol);
    if (bucket === undefined) buckets.set(symbol, (bucket = { trades: [], quotes: [] }));
    return bucket;
  };
  const enter = (time: number): void => {
    const start = time - (time % WINDOWED_MS);
    if (start !== window) {
      window = start;
      buckets = new Map();
    }
  };
  let t = 0;
  let q = 0;
  let out: Row[] = [];
  while (t < trades.length || q < quotes.length) {
    const takeTrade = q >= quotes.length || (t < trades.length && (trades[t]![TRADE_TIME] as number) <= (quotes[q]![3] as number));
    if (takeTrade) {
      const trade = trades[t++]!;
      enter(trade[TRADE_TIME] as number);
      const bucket = bucketOf(trade[SYMBOL] as string);
      for (const quote of bucket.quotes) out.push([trade[TRADE_ID], quote[0], trade[PRICE], quote[2]]);
      bucket.trades.push(trade);
    } else {
      const quote = quotes[q++]!;
      enter(quote[3] as number);
      const bucket = bucketOf(quote[1] as string);
      for (const trade of bucket.trades) out.push([trade[TRADE_ID], quote[0], trade[PRICE], quote[2]]);
      bucket.quotes.push(quote);
    }
    if (out.length >= BATCH_SIZE) {
      sink(out);
      out = [];
    }
  }
  if (out.length > 0) sink(out);
}

/**
 * Hand-written join on hopping windows (1 s windows every 500 ms) of time-ordered trades and
 * quotes: the inputs merged in time order; per (window start, symbol) the trades and quotes
 * seen so far; each row enters each of its windows, paired there with the other side's rows
 * (so a pair comes once per window both are in); windows are dropped once the time passes their end.
 */
function handHopping(inputs: { trades: readonly Row[]; quotes: readonly Row[] }, sink: BatchSink): void {
  const { trades, quotes } = inputs;
  const windows = new Map<number, Map<string, { trades: Row[]; quotes: Row[] }>>();
  const bucketOf = (start: number, symbol: string): { trades: Row[]; quotes: Row[] } => {
    let window = windows.get(start);
    if (window === undefined) windows.set(start, (window = new Map()));
    let bucket = window.get(symbol);
    if (bucket === undefined) window.set(symbol, (bucket = { trades: [], quotes: [] }));
    return bucket;
  };
  let t = 0;
  let q = 0;
  let out: Row[] = [];
  while (t < trades.length || q < quotes.length) {
    const takeTrade = q >= quotes.length || (t < trades.length && (trades[t]![TRADE_TIME] as number) <= (quotes[q]![3] as number));
    const row = takeTrade ? trades[t++]! : quotes[q++]!;
    const time = row[takeTrade ? TRADE_TIME : 3] as number;
    for (const start of windows.keys()) if (start + HOP_SIZE_MS <= time) windows.delete(start);
    for (let start = time - (time % HOP_SLIDE_MS); start > time - HOP_SIZE_MS; start -= HOP_SLIDE_MS) {
      const bucket = bucketOf(start, row[takeTrade ? SYMBOL : 1] as string);
      if (takeTrade) {
        for (const quote of bucket.quotes) out.push([row[TRADE_ID], quote[0], row[PRICE], quote[2]]);
        bucket.trades.push(row);
      } else {
        for (const trade of bucket.trades) out.push([trade[TRADE_ID], row[0], trade[PRICE], row[2]]);
        bucket.quotes.push(row);
      }
    }
    if (out.length >= BATCH_SIZE) {
      sink(out);
      out = [];
    }
  }
  if (out.length > 0) sink(out);
}

/** One benchmarked query with its hand-written equivalent and its target. */
interface JoinCase {
  readonly name: string;
  readonly sql: string;
  readonly hand: (inputs: { trades: readonly Row[]; quotes: readonly Row[] }, sink: BatchSink) => void;
  readonly withQuotes: boolean;
  readonly minRate?: number;
}

const LOOKUP = 'SELECT t.trade_id, i.name, i.sector, t.price FROM trades t JOIN instruments i ON t.symbol = i.symbol';

const CASES: readonly JoinCase[] = [
  {
    name: 'q3-like: trades JOIN instruments, filter on the table',
    sql: `${LOOKUP} WHERE i.sector <> 'Energy'`,
    hand: handLookup((_trade, instrument) => instrument[SECTOR] !== 'Energy'),
    withQuotes: false,
    minRate: 1_000_000,
  },
  {
    name: 'q20-like: the same join, filtered on both sides',
    sql: `${LOOKUP} WHERE t.quantity > 250 AND i.sector = 'Tech'`,
    hand: handLookup((trade, instrument) => (trade[QUANTITY] as number) > 250 && instrument[SECTOR] === 'Tech'),
    withQuotes: false,
    minRate: 300_000,
  },
  {
    name: 'subquery IN: trades WHERE symbol IN (SELECT ... FROM instruments WHERE sector = Tech)',
    sql: "SELECT trade_id, price FROM trades WHERE symbol IN (SELECT symbol FROM instruments WHERE sector = 'Tech')",
    hand: handIn,
    withQuotes: false,
  },
  {
    name: 'subquery ALL: trades WHERE symbol > ALL (SELECT ... FROM instruments WHERE sector = Tech)',
    sql: "SELECT trade_id, price FROM trades WHERE symbol > ALL (SELECT symbol FROM instruments WHERE sector = 'Tech')",
    hand: handAll,
    withQuotes: false,
  },
  {
    name: 'correlated scalar subquery: (SELECT i.name FROM instruments i WHERE i.symbol = t.symbol)',
    sql: 'SELECT trade_id, (SELECT i.name FROM instruments i WHERE i.symbol = t.symbol) AS name FROM trades t',
    hand: handScalar,
    withQuotes: false,
  },
  {
    name: 'interval join: trades and quotes within ±500 ms',
    sql: `SELECT t.trade_id, q.quote_id, t.price, q.bid FROM trades t JOIN quotes q
          ON t.symbol = q.symbol AND q.quote_time BETWEEN t.trade_time - INTERVAL '500' MILLISECOND AND t.trade_time + INTERVAL '500' MILLISECOND`,
    hand: handInterval,
    withQuotes: true,
  },
  {
    name: 'q8-like windowed join: trades and quotes in the same 1 s tumbling window',
    sql: `SELECT t.trade_id, q.quote_id, t.price, q.bid FROM trades t JOIN quotes q
          ON t.symbol = q.symbol AND TUMBLE(t.trade_time, INTERVAL '1' SECOND) = TUMBLE(q.quote_time, INTERVAL '1' SECOND)`,
    hand: handWindowed,
    withQuotes: true,
    minRate: 1_000_000,
  },
  {
    name: 'windowed join on HOP windows: trades and quotes in the same 1 s window, one every 500 ms',
    sql: `SELECT t.trade_id, q.quote_id, t.price, q.bid FROM trades t JOIN quotes q
          ON t.symbol = q.symbol AND HOP(t.trade_time, INTERVAL '500' MILLISECOND, INTERVAL '1' SECOND) = HOP(q.quote_time, INTERVAL '500' MILLISECOND, INTERVAL '1' SECOND)`,
    hand: handHopping,
    withQuotes: true,
  },
];

/** Rows in a canonical order (the join's output order is not the peer's). */
function sorted(rows: Row[]): Row[] {
  const text = (row: Row): string => row.map(String).join('|');
  return rows.map((row) => ({ row, key: text(row) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((e) => e.row);
}

async function measureCase(c: JoinCase, trades: readonly Row[], quotes: readonly Row[]): Promise<ComparisonRow> {
  const inputs = { trades, quotes: c.withQuotes ? quotes : [] };
  const events = trades.length + inputs.quotes.length;
  let handCounter = countingSink();
  let engineCounter = countingSink();
  const [hand, engine] = await measureInterleaved([
    variant(
      () => c.hand(inputs, handCounter.sink),
      () => void (handCounter = countingSink()),
    ),
    variant(
      (job: RunnableJob) => job.run(),
      () => {
        engineCounter = countingSink();
        return openJoinJob(c.sql, inputs, engineCounter.sink);
      },
    ),
  ]);
  const expected = collectingSink();
  c.hand(inputs, expected.sink);
  const actual = collectingSink();
  await (await openJoinJob(c.sql, inputs, actual.sink)).run();
  const check = `${checkRows(`${c.name}, engine`, sorted(actual.rows), sorted(expected.rows))} (as multisets)`;
  return { caseName: `${c.name}: engine core`, rows: events, ours: engine!, peerName: 'hand-written Map join', peer: hand!, check, ...(c.minRate === undefined ? {} : { minRate: c.minRate }) };
}

async function main(): Promise<void> {
  const trades = generateTrades(TRADES);
  const quotes = generateQuotes(trades);
  console.log(`joins, ${TRADES.toLocaleString('en-US')} trades 100 ms apart and ${quotes.length.toLocaleString('en-US')} quotes, batches of ${BATCH_SIZE}; ${describeRuntime()}`);
  const only = process.env['BENCH_CASE'];
  const table: ComparisonRow[] = [];
  for (const c of CASES) if (only === undefined || c.name.includes(only)) table.push(await measureCase(c, trades, quotes));
  printTable('Joins, in memory (one process, one JS thread)', table);
}

await main();
