/*
 * Shared pieces of the window and aggregation benchmarks (bench/windows.bench.ts): the
 * generated trades, the engine job over them, and the per-group trade statistics the
 * hand-written peers keep (COUNT(*), SUM(price * quantity), MIN(price), MAX(price),
 * AVG(price) with the engine's exact Decimal arithmetic).
 */
import { tmpdir } from 'node:os';
import { memorySource } from '../lib/connectors/memory/memorySource.js';
import { DEFAULT_SYMBOLS, TRADE_SCHEMA, TradeGenerator } from '../lib/connectors/datagen/tradeGenerator.js';
import { appendSystemColumns } from '../lib/connectors/systemColumns.js';
import type { SourceFactory } from '../lib/connectors/types.js';
import { loadApp } from '../lib/runtime/app.js';
import { silentLogger } from '../lib/runtime/logger.js';
import { openJob, type RunnableJob } from '../lib/runtime/openJob.js';
import { Decimal, isDecimal } from '../lib/types/decimal.js';
import type { Row, Value } from '../lib/types/value.js';
import { mismatch } from './harness.js';
import { memoryCatalog } from './memoryCatalog.js';

/** Position of `symbol` in TRADE_SCHEMA. */
export const SYMBOL = 1;
/** Position of `price` (DECIMAL(18,4)) in TRADE_SCHEMA. */
export const PRICE = 2;
/** Position of `quantity` (INTEGER) in TRADE_SCHEMA. */
export const QUANTITY = 3;
/** Position of `trader_id` in TRADE_SCHEMA. */
export const TRADER = 5;
/** Position of `trade_time` (TIMESTAMP, epoch ms) in TRADE_SCHEMA. */
export const TRADE_TIME = 7;

/** Event time between consecutive generated trades (ms): windows close as the trades go by. */
const TRADE_INTERVAL_MS = 100;

/** The aggregates every window benchmark computes, in output order after the keys. */
export const TRADE_AGGREGATES =
  'COUNT(*) AS trades, SUM(price * quantity) AS notional, MIN(price) AS low, MAX(price) AS high, AVG(price) AS average';

/** Scale of SUM(price * quantity): DECIMAL(18,4) × INTEGER keeps the price's scale. */
const NOTIONAL_SCALE = 4;
/** Scale of the price column (DECIMAL(18,4)). */
const PRICE_SCALE = 4;
/** Scale of AVG(DECIMAL(18,4)): the argument's scale + 6. */
const AVERAGE_SCALE = PRICE_SCALE + 6;

/** Where a variant hands its output batches. */
export type BatchSink = (rows: readonly Row[]) => void;

/** A sink keeping nothing but the row count (what the timed runs use). */
export function countingSink(): { sink: BatchSink; count: () => number } {
  let n = 0;
  return { sink: (rows) => void (n += rows.length), count: () => n };
}

/** A sink keeping every row (what the checking runs use). */
export function collectingSink(): { sink: BatchSink; rows: Row[] } {
  const rows: Row[] = [];
  return {
    sink: (batch) => {
      for (const row of batch) rows.push(row);
    },
    rows,
  };
}

/** `count` generated trades 100 ms apart (ascending event time), full width (declared then system columns). */
export function generateTrades(count: number): Row[] {
  const generator = new TradeGenerator({ seed: 42, symbols: DEFAULT_SYMBOLS, startTime: Date.UTC(2024, 0, 1), intervalMs: TRADE_INTERVAL_MS });
  const rows: Row[] = new Array<Row>(count);
  const now = Date.now();
  for (let i = 0; i < count; i++) rows[i] = appendSystemColumns(generator.next(), now, i, 0, null, 'memory');
  return rows;
}

/**
 * Opens the job of `sql` over the full-width trades (a memory source in batches of
 * `batchSize`); its output batches go to `sink`. Opening is setup; `run()` is what is timed.
 */
export async function openTradesJob(sql: string, rows: readonly Row[], batchSize: number, sink: BatchSink): Promise<RunnableJob> {
  const catalog = memoryCatalog([{ name: 'trades', declared: TRADE_SCHEMA }]);
  const memoryFactory: SourceFactory = {
    type: 'memory',
    properties: [{ key: 'stream', description: 'the benchmark trades' }],
    open: async () => memorySource(TRADE_SCHEMA, rows, { batchSize }),
  };
  const app = loadApp(sql, { file: undefined, variables: () => undefined }, catalog);
  return openJob(app.jobs[0]!, {
    baseDir: tmpdir(),
    log: silentLogger,
    sourceFactory: () => memoryFactory,
    sink: () => ({
      write: async (batch) => sink(batch),
      flush: async () => undefined,
      close: async () => undefined,
    }),
  });
}

/** Adds safe-integer unscaled values, failing loudly rather than losing exactness. */
function addExact(total: number, unscaled: number): number {
  const t = total + unscaled;
  if (!Number.isSafeInteger(t)) throw new Error(`hand-written peer: a total left the safe-integer range (${total} + ${unscaled})`);
  return t;
}

/**
 * The statistics of one group of trades, as a hand-written program keeps them: exact unscaled
 * totals (the product through `Decimal.mul` as the SQL `price * quantity` does), the extremes
 * by `Decimal.compare`, the average by `Decimal.divToScale` at the end.
 */
export class TradeStats {
  private count = 0;
  /** Unscaled SUM(price * quantity) at scale 4. */
  private notional = 0;
  /** Unscaled SUM(price) at scale 4. */
  private priceSum = 0;
  private low: Decimal | null = null;
  private high: Decimal | null = null;

  /** Adds one trade. */
  add(price: Decimal, quantity: number): void {
    const product = price.mul(Decimal.fromInteger(quantity));
    if (product.big !== null || product.scale !== NOTIONAL_SCALE || price.big !== null || price.scale !== PRICE_SCALE) {
      throw new Error(`hand-written peer: a price or notional outside the fast path (${product.toString()})`);
    }
    this.count++;
    this.notional = addExact(this.notional, product.unscaled);
    this.priceSum = addExact(this.priceSum, price.unscaled);
    if (this.low === null || price.compare(this.low) < 0) this.low = price;
    if (this.high === null || price.compare(this.high) > 0) this.high = price;
  }

  /** Folds another group's statistics into this one (hopping-window panes). */
  merge(other: TradeStats): void {
    this.count += other.count;
    this.notional = addExact(this.notional, other.notional);
    this.priceSum = addExact(this.priceSum, other.priceSum);
    if (other.low !== null && (this.low === null || other.low.compare(this.low) < 0)) this.low = other.low;
    if (other.high !== null && (this.high === null || other.high.compare(this.high) > 0)) this.high = other.high;
  }

  /** Appends COUNT, SUM(price * quantity), MIN, MAX and AVG to `out` (the row's keys already in it). */
  appendTo(out: Value[]): Row {
    out.push(
      this.count,
      Decimal.fromUnscaled(this.notional, NOTIONAL_SCALE),
      this.low,
      this.high,
      this.count === 0 ? null : Decimal.fromUnscaled(this.priceSum, PRICE_SCALE).divToScale(Decimal.fromInteger(this.count), AVERAGE_SCALE),
    );
    return out;
  }
}

function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (isDecimal(a) && isDecimal(b)) return a.scale === b.scale && a.equals(b);
  return a === b;
}

function rowText(row: Row): string {
  return JSON.stringify(row.map((v) => (isDecimal(v) ? v.toString() : typeof v === 'bigint' ? `${v}n` : v)));
}

/** Compares rows value by value, position by position; exits the process on the first difference. */
export function checkRows(what: string, actual: readonly Row[], expected: readonly Row[]): string {
  if (actual.length !== expected.length) mismatch(`${what}: ${actual.length} rows, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (a.length !== e.length || e.some((v, c) => !sameValue(a[c], v))) mismatch(`${what}: row ${i} is ${rowText(a)}, expected ${rowText(e)}`);
  }
  return `${expected.length.toLocaleString('en-US')} rows equal`;
}
