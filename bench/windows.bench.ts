/**
 * Window and aggregation queries over in-memory trades (100 ms apart in event time, so windows
 * close as the trades go by), the engine core against a hand-written loop doing the same
 * exact Decimal arithmetic in the same run:
 *
 * - tumbling window: `GROUP BY symbol, TUMBLE(trade_time, 1 minute)`; peer: a Map of windows
 *   of per-symbol statistics, a window emitted once the largest event time passes its end;
 * - hopping window (size 60 s, slide 10 s); peer: per-symbol statistics in 10 s panes, a
 *   window's panes merged once the event time passes its end;
 * - unbounded `GROUP BY symbol, trader_id EMIT CHANGES`; peer: a Map updated per batch,
 *   emitting the current row of every key the batch changed.
 *
 * The engine core is the job `openJob` compiles (memory source → watermarks → window
 * operator → projection → sink callback receiving positional row batches); opening the job
 * is setup, the run is timed. The engine and its peer run in interleaved rounds; afterwards
 * their outputs are compared row by row, in order.
 *
 * Run: `npm run build && node dist/bench/windows.bench.js [rows]` (default 1,000,000);
 * `BENCH_CASE=<substring>` runs only the cases whose name contains it (e.g. `hopping`).
 */
import { DEFAULT_BATCH_SIZE } from '../lib/connectors/rowBatcher.js';
import type { Decimal } from '../lib/types/decimal.js';
import type { Row } from '../lib/types/value.js';
import type { RunnableJob } from '../lib/runtime/openJob.js';
import { describeRuntime, measureInterleaved, mismatch, printTable, rowCountArgument, variant, type ComparisonRow } from './harness.js';
import {
  checkRows,
  collectingSink,
  countingSink,
  generateTrades,
  openTradesJob,
  PRICE,
  QUANTITY,
  SYMBOL,
  TRADE_AGGREGATES,
  TRADE_TIME,
  TRADER,
  TradeStats,
  type BatchSink,
} from './windowKit.js';

const ROWS = rowCountArgument(1_000_000);
const BATCH_SIZE = DEFAULT_BATCH_SIZE;
const MINUTE = 60_000;

/** One benchmarked query with its hand-written equivalent and its rows/s target. */
interface WindowCase {
  readonly name: string;
  readonly sql: string;
  readonly hand: (rows: readonly Row[], sink: BatchSink) => void;
  /** The issue's rows/s target, for the cases it sets one for. */
  readonly minRate?: number;
  /** The required ratio to the hand loop, when the issue sets one. */
  readonly minRatio?: number;
}

/** The start of the window of `size` ms holding `ts` (aligned to the epoch). */
function startOf(ts: number, size: number): number {
  return ts - (((ts % size) + size) % size);
}

/** The statistics of `key` in `groups`, created on first use. */
function statsOf(groups: Map<string, TradeStats>, key: string): TradeStats {
  let stats = groups.get(key);
  if (stats === undefined) {
    stats = new TradeStats();
    groups.set(key, stats);
  }
  return stats;
}

/** Hand-written tumbling window: windows by start, emitted once the event time passes their end. */
function handTumble(rows: readonly Row[], sink: BatchSink): void {
  const windows = new Map<number, Map<string, TradeStats>>();
  let lastStart = NaN;
  let lastGroups: Map<string, TradeStats> | undefined;
  let maxTime = -Infinity;
  const close = (upTo: number): void => {
    const out: Row[] = [];
    for (const [start, groups] of windows) {
      if (start + MINUTE > upTo) continue;
      for (const [symbol, stats] of groups) out.push(stats.appendTo([symbol, start]));
      windows.delete(start);
      if (start === lastStart) lastStart = NaN;
    }
    if (out.length > 0) sink(out);
  };
  for (let from = 0; from < rows.length; from += BATCH_SIZE) {
    const to = Math.min(rows.length, from + BATCH_SIZE);
    for (let i = from; i < to; i++) {
      const row = rows[i]!;
      const ts = row[TRADE_TIME] as number;
      const start = startOf(ts, MINUTE);
      if (start !== lastStart) {
        lastGroups = windows.get(start);
        if (lastGroups === undefined) windows.set(start, (lastGroups = new Map()));
        lastStart = start;
      }
      statsOf(lastGroups!, row[SYMBOL] as string).add(row[PRICE] as Decimal, row[QUANTITY] as number);
      if (ts > maxTime) maxTime = ts;
    }
    close(maxTime);
  }
  close(Infinity);
}

/** Hand-written hopping window of one minute every `slide` ms: per-symbol statistics in panes of one slide, merged per window. */
const handHop = (slide: number) => (rows: readonly Row[], sink: BatchSink): void => {
  const panes = new Map<number, Map<string, TradeStats>>();
  let nextWindow = NaN;
  let lastPane = NaN;
  let lastGroups: Map<string, TradeStats> | undefined;
  let maxTime = -Infinity;
  const emitWindow = (start: number, out: Row[]): void => {
    const merged = new Map<string, TradeStats>();
    for (let p = start; p < start + MINUTE; p += slide) {
      const groups = panes.get(p);
      if (groups === undefined) continue;
      for (const [symbol, stats] of groups) statsOf(merged, symbol).merge(stats);
    }
    for (const [symbol, stats] of merged) out.push(stats.appendTo([symbol, start]));
    // Pane `start` belongs to no later window.
    panes.delete(start);
    if (start === lastPane) lastPane = NaN;
  };
  const close = (upTo: number): void => {
    const out: Row[] = [];
    while (panes.size > 0 && nextWindow + MINUTE <= upTo) {
      emitWindow(nextWindow, out);
      nextWindow += slide;
    }
    if (out.length > 0) sink(out);
  };
  for (let from = 0; from < rows.length; from += BATCH_SIZE) {
    const to = Math.min(rows.length, from + BATCH_SIZE);
    for (let i = from; i < to; i++) {
      const row = rows[i]!;
      const ts = row[TRADE_TIME] as number;
      const pane = startOf(ts, slide);
      if (pane !== lastPane) {
        lastGroups = panes.get(pane);
        if (lastGroups === undefined) panes.set(pane, (lastGroups = new Map()));
        lastPane = pane;
        // The first window holding the first pane starts one window length minus a slide earlier.
        if (Number.isNaN(nextWindow)) nextWindow = pane - MINUTE + slide;
      }
      statsOf(lastGroups!, row[SYMBOL] as string).add(row[PRICE] as Decimal, row[QUANTITY] as number);
      if (ts > maxTime) maxTime = ts;
    }
    close(maxTime);
  }
  close(Infinity);
};

/** One (symbol, trader) group of the unbounded aggregation. */
class KeyedStats extends TradeStats {
  constructor(
    readonly symbol: string,
    readonly trader: string,
  ) {
    super();
  }
}

/** Hand-written unbounded GROUP BY symbol, trader_id EMIT CHANGES: after every batch, the rows of the changed keys. */
function handGroupBy(rows: readonly Row[], sink: BatchSink): void {
  const bySymbol = new Map<string, Map<string, KeyedStats>>();
  for (let from = 0; from < rows.length; from += BATCH_SIZE) {
    const to = Math.min(rows.length, from + BATCH_SIZE);
    const changed = new Set<KeyedStats>();
    for (let i = from; i < to; i++) {
      const row = rows[i]!;
      const symbol = row[SYMBOL] as string;
      const trader = row[TRADER] as string;
      let byTrader = bySymbol.get(symbol);
      if (byTrader === undefined) bySymbol.set(symbol, (byTrader = new Map()));
      let stats = byTrader.get(trader);
      if (stats === undefined) byTrader.set(trader, (stats = new KeyedStats(symbol, trader)));
      stats.add(row[PRICE] as Decimal, row[QUANTITY] as number);
      changed.add(stats);
    }
    const out: Row[] = [];
    for (const stats of changed) out.push(stats.appendTo([stats.symbol, stats.trader]));
    if (out.length > 0) sink(out);
  }
}

const CASES: readonly WindowCase[] = [
  {
    name: 'tumbling 1 min per symbol',
    sql: `SELECT symbol, TUMBLE_START(trade_time, INTERVAL '1' MINUTE) AS window_start, ${TRADE_AGGREGATES} FROM trades GROUP BY symbol, TUMBLE(trade_time, INTERVAL '1' MINUTE)`,
    hand: handTumble,
    minRate: 1_000_000,
    // Issue 11: tumbling windows ≥ 0.5× the hand loop.
    minRatio: 0.5,
  },
  {
    name: 'hopping 60 s / 10 s per symbol',
    sql: `SELECT symbol, HOP_START(trade_time, INTERVAL '10' SECOND, INTERVAL '1' MINUTE) AS window_start, ${TRADE_AGGREGATES} FROM trades GROUP BY symbol, HOP(trade_time, INTERVAL '10' SECOND, INTERVAL '1' MINUTE)`,
    hand: handHop(10_000),
    minRate: 500_000,
  },
  {
    // Ten times more windows than the case above, each merging 60 panes: shows how emission grows with size/slide.
    name: 'hopping 60 s / 1 s per symbol',
    sql: `SELECT symbol, HOP_START(trade_time, INTERVAL '1' SECOND, INTERVAL '1' MINUTE) AS window_start, ${TRADE_AGGREGATES} FROM trades GROUP BY symbol, HOP(trade_time, INTERVAL '1' SECOND, INTERVAL '1' MINUTE)`,
    hand: handHop(1_000),
  },
  {
    name: 'GROUP BY symbol, trader_id EMIT CHANGES',
    sql: `SELECT symbol, trader_id, ${TRADE_AGGREGATES} FROM trades GROUP BY symbol, trader_id EMIT CHANGES`,
    hand: handGroupBy,
    minRate: 300_000,
  },
];

/**
 * Times the hand-written loop and the engine core on one case in interleaved rounds (counting
 * sinks), then runs each once more collecting its output and compares the two. The outputs
 * are built only after the timing: hundreds of thousands of retained rows would slow the
 * garbage collection of every timed run.
 */
async function measureCase(c: WindowCase, rows: readonly Row[]): Promise<ComparisonRow> {
  let handCounter = countingSink();
  let engineCounter = countingSink();
  const [hand, engine] = await measureInterleaved([
    variant(
      () => c.hand(rows, handCounter.sink),
      () => void (handCounter = countingSink()),
    ),
    variant(
      (job: RunnableJob) => job.run(),
      () => {
        engineCounter = countingSink();
        return openTradesJob(c.sql, rows, BATCH_SIZE, engineCounter.sink);
      },
    ),
  ]);
  const expected = collectingSink();
  c.hand(rows, expected.sink);
  if (handCounter.count() !== expected.rows.length) mismatch(`${c.name}: the hand-written loop is not deterministic`);
  if (engineCounter.count() !== expected.rows.length) {
    mismatch(`${c.name}: the timed engine run gave ${engineCounter.count()} rows, expected ${expected.rows.length}`);
  }
  const actual = collectingSink();
  await (await openTradesJob(c.sql, rows, BATCH_SIZE, actual.sink)).run();
  const check = `${checkRows(`${c.name}, engine`, actual.rows, expected.rows)}, in order`;
  return { caseName: `${c.name}: engine core`, rows: rows.length, ours: engine!, peerName: 'hand-written loop', peer: hand!, check, ...(c.minRate === undefined ? {} : { minRate: c.minRate }), ...(c.minRatio === undefined ? {} : { minRatio: c.minRatio }) };
}

async function main(): Promise<void> {
  console.log(`window aggregation, ${ROWS.toLocaleString('en-US')} trades in memory 100 ms apart, batches of ${BATCH_SIZE}; ${describeRuntime()}`);
  const rows = generateTrades(ROWS);
  const only = process.env['BENCH_CASE'];
  const table: ComparisonRow[] = [];
  for (const c of CASES) if (only === undefined || c.name.includes(only)) table.push(await measureCase(c, rows));
  printTable('Window aggregation, in memory (one process, one JS thread)', table);
}

await main();
