/**
 * ORDER BY without aggregation over in-memory trades: a full sort of the whole input, and a
 * top-N (ORDER BY ... LIMIT). Each is timed against a hand-written peer in the same run on the
 * same rows: `Array.prototype.sort` of the rows with the same comparator by hand
 * (`Decimal.compare`, then the id), projected to the selected columns; the top-N peer sorts
 * everything and takes the first N, as a program without a heap would.
 *
 * - engine core: the job `openJob` compiles (memory source → sortAtEnd → projection → sink
 *   callback); opening the job is setup, the run is timed.
 *
 * Every engine output is compared row by row, in order, with the peer's.
 *
 * Run: `npm run build && node dist/bench/orderBy.bench.js [rows]` (default 200,000).
 */
import { DEFAULT_BATCH_SIZE } from '../lib/connectors/rowBatcher.js';
import type { Decimal } from '../lib/types/decimal.js';
import type { Row } from '../lib/types/value.js';
import type { RunnableJob } from '../lib/runtime/openJob.js';
import { checkRows, collectingSink, countingSink, generateTrades, openTradesJob, PRICE, SYMBOL, type BatchSink } from './windowKit.js';
import { describeRuntime, measureInterleaved, mismatch, printTable, rowCountArgument, variant, type ComparisonRow } from './harness.js';

const ROWS = rowCountArgument(200_000);
const TOP = 100;
/** Position of `trade_id` in TRADE_SCHEMA. */
const TRADE_ID = 0;

interface SortCase {
  readonly name: string;
  readonly sql: string;
  readonly limit: number | undefined;
}

const CASES: readonly SortCase[] = [
  { name: 'ORDER BY price DESC, trade_id (full sort)', sql: 'SELECT trade_id, symbol, price FROM trades ORDER BY price DESC, trade_id', limit: undefined },
  { name: `ORDER BY price DESC, trade_id LIMIT ${TOP} (top-N)`, sql: `SELECT trade_id, symbol, price FROM trades ORDER BY price DESC, trade_id LIMIT ${TOP}`, limit: TOP },
];

function byPriceDescThenId(a: Row, b: Row): number {
  return (b[PRICE] as Decimal).compare(a[PRICE] as Decimal) || (a[TRADE_ID] as number) - (b[TRADE_ID] as number);
}

/** The hand-written peer: sort a copy, cut, project, hand over in one batch (as the engine emits). */
function handSort(rows: readonly Row[], limit: number | undefined, sink: BatchSink): void {
  const sorted = rows.slice().sort(byPriceDescThenId);
  const kept = limit === undefined ? sorted : sorted.slice(0, limit);
  sink(kept.map((row) => [row[TRADE_ID]!, row[SYMBOL]!, row[PRICE]!]));
}

async function measureCase(c: SortCase, full: readonly Row[]): Promise<ComparisonRow> {
  let handCounter = countingSink();
  let engineCounter = countingSink();
  const [hand, engine] = await measureInterleaved([
    variant(
      () => handSort(full, c.limit, handCounter.sink),
      () => void (handCounter = countingSink()),
    ),
    variant(
      (job: RunnableJob) => job.run(),
      () => {
        engineCounter = countingSink();
        return openTradesJob(c.sql, full, DEFAULT_BATCH_SIZE, engineCounter.sink);
      },
    ),
  ]);
  const expected = collectingSink();
  handSort(full, c.limit, expected.sink);
  if (handCounter.count() !== expected.rows.length || engineCounter.count() !== expected.rows.length) {
    mismatch(`${c.name}: the timed runs gave ${engineCounter.count()} (engine) and ${handCounter.count()} (hand) rows, expected ${expected.rows.length}`);
  }
  const out = collectingSink();
  await (await openTradesJob(c.sql, full, DEFAULT_BATCH_SIZE, out.sink)).run();
  const check = checkRows(c.name, out.rows, expected.rows);
  return { caseName: `${c.name}: engine core`, rows: ROWS, ours: engine!, peerName: 'hand-written Array.sort', peer: hand!, check: `${check} (in order)` };
}

async function main(): Promise<void> {
  const full = generateTrades(ROWS);
  const rows: ComparisonRow[] = [];
  for (const c of CASES) rows.push(await measureCase(c, full));
  console.log(describeRuntime());
  printTable(`ORDER BY over ${ROWS.toLocaleString('en-US')} trades (batches of ${DEFAULT_BATCH_SIZE})`, rows);
}

await main();
