/**
 * Analytic (OVER) functions over in-memory trades, each timed against a hand-written loop in
 * the same run on the same rows:
 *
 * - `LAG(price) OVER (PARTITION BY symbol ORDER BY trade_time)`: the peer keeps the last
 *   price per symbol in a Map;
 * - a moving `SUM(quantity) OVER (... ROWS BETWEEN n - 1 PRECEDING AND CURRENT ROW)` for
 *   frames of 10 and 100 rows: the peer keeps a ring of the last n quantities and a running sum
 *   per symbol (add the new, subtract the evicted), the best a hand-written loop can do; the
 *   engine has no subtraction (accumulators only grow) and slides the frame with two stacks of
 *   merged accumulators (operators/analytic/slidingAggregate.ts), O(1) per row whatever n.
 *
 * The engine runs the job `openJob` compiles (memory source → watermarks → overWindow →
 * projection → sink callback); opening the job is setup, the run is timed. The trades are in
 * event-time order, so rows are released as the watermark passes them. Both outputs are
 * compared row by row after sorting by trade_id (the engine emits per partition).
 *
 * Run: `npm run build && node dist/bench/overWindow.bench.js [rows]` (default 200,000).
 */
import { DEFAULT_BATCH_SIZE } from '../lib/connectors/rowBatcher.js';
import type { Decimal } from '../lib/types/decimal.js';
import type { Row } from '../lib/types/value.js';
import type { RunnableJob } from '../lib/runtime/openJob.js';
import { checkRows, collectingSink, countingSink, generateTrades, openTradesJob, PRICE, QUANTITY, SYMBOL, type BatchSink } from './windowKit.js';
import { describeRuntime, measureInterleaved, mismatch, printTable, rowCountArgument, variant, type ComparisonRow } from './harness.js';

const ROWS = rowCountArgument(200_000);
/** Position of `trade_id` in TRADE_SCHEMA. */
const TRADE_ID = 0;

interface OverCase {
  readonly name: string;
  readonly sql: string;
  /** The hand-written peer: the same output rows from a loop over the trades in order. */
  readonly hand: (rows: readonly Row[], sink: BatchSink) => void;
}

function handLag(rows: readonly Row[], sink: BatchSink): void {
  const last = new Map<string, Decimal>();
  const out: Row[] = new Array<Row>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const symbol = row[SYMBOL] as string;
    const price = row[PRICE] as Decimal;
    out[i] = [row[TRADE_ID]!, symbol, price, last.get(symbol) ?? null];
    last.set(symbol, price);
  }
  sink(out);
}

interface Ring {
  readonly values: number[];
  next: number;
  count: number;
  sum: number;
}

/** The hand-written moving SUM over the last `frame` rows per symbol. */
const handMovingSum = (frame: number) => (rows: readonly Row[], sink: BatchSink): void => {
  const rings = new Map<string, Ring>();
  const out: Row[] = new Array<Row>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const symbol = row[SYMBOL] as string;
    const quantity = row[QUANTITY] as number;
    let ring = rings.get(symbol);
    if (ring === undefined) rings.set(symbol, (ring = { values: new Array<number>(frame).fill(0), next: 0, count: 0, sum: 0 }));
    if (ring.count === frame) ring.sum -= ring.values[ring.next]!;
    else ring.count++;
    ring.values[ring.next] = quantity;
    ring.next = (ring.next + 1) % frame;
    ring.sum += quantity;
    out[i] = [row[TRADE_ID]!, symbol, quantity, ring.sum];
  }
  sink(out);
};

const CASES: readonly OverCase[] = [
  {
    name: 'LAG(price) per symbol',
    sql: 'SELECT trade_id, symbol, price, LAG(price) OVER (PARTITION BY symbol ORDER BY trade_time) AS prev FROM trades',
    hand: handLag,
  },
  ...[10, 100].map((frame) => ({
    name: `moving SUM(quantity) of ${frame} rows per symbol`,
    sql: `SELECT trade_id, symbol, quantity, SUM(quantity) OVER (PARTITION BY symbol ORDER BY trade_time ROWS BETWEEN ${frame - 1} PRECEDING AND CURRENT ROW) AS moving FROM trades`,
    hand: handMovingSum(frame),
  })),
];

const byTradeId = (a: Row, b: Row): number => (a[TRADE_ID] as number) - (b[TRADE_ID] as number);

async function measureCase(c: OverCase, full: readonly Row[]): Promise<ComparisonRow> {
  let handCounter = countingSink();
  let engineCounter = countingSink();
  const [engine, hand] = await measureInterleaved([
    variant(
      (job: RunnableJob) => job.run(),
      () => {
        engineCounter = countingSink();
        return openTradesJob(c.sql, full, DEFAULT_BATCH_SIZE, engineCounter.sink);
      },
    ),
    variant(
      () => c.hand(full, handCounter.sink),
      () => void (handCounter = countingSink()),
    ),
  ]);
  if (handCounter.count() !== full.length || engineCounter.count() !== full.length) {
    mismatch(`${c.name}: the timed runs gave ${engineCounter.count()} (engine) and ${handCounter.count()} (hand) rows, expected ${full.length}`);
  }
  const expected = collectingSink();
  c.hand(full, expected.sink);
  const out = collectingSink();
  await (await openTradesJob(c.sql, full, DEFAULT_BATCH_SIZE, out.sink)).run();
  const check = checkRows(c.name, out.rows.slice().sort(byTradeId), expected.rows.slice().sort(byTradeId));
  return { caseName: `${c.name}: engine core`, rows: ROWS, ours: engine!, peerName: 'hand-written Map loop', peer: hand!, check };
}

async function main(): Promise<void> {
  const full = generateTrades(ROWS);
  const rows: ComparisonRow[] = [];
  for (const c of CASES) rows.push(await measureCase(c, full));
  console.log(describeRuntime());
  printTable(`OVER functions over ${ROWS.toLocaleString('en-US')} trades (batches of ${DEFAULT_BATCH_SIZE})`, rows);
}


await main();
