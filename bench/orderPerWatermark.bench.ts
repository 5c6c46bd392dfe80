/**
 * ORDER BY event time on unbounded input ("ordered per watermark", `orderPerWatermark`) over
 * generated trades shuffled within blocks of 20 (100 ms apart: at most 2 s out of order, under
 * the 5 s watermark bound), against a hand-written peer in the same run on the same rows:
 * `Array.prototype.sort` of the whole input by (trade_time, trade_id), projected to the selected
 * columns. The engine releases rows batch by batch as the watermark passes them; the peer
 * sorts once (it needs the whole input, which an unbounded stream never gives).
 *
 * - engine core: the job `openJob` compiles (memory source marked unbounded → assignWatermarks →
 *   orderPerWatermark → projection → sink callback); opening is setup, the run is timed.
 *
 * Every engine output is compared row by row, in order, with the peer's.
 *
 * Run: `npm run build && node dist/bench/orderPerWatermark.bench.js [rows]` (default 200,000).
 */
import { tmpdir } from 'node:os';
import { memorySource } from '../lib/connectors/memory/memorySource.js';
import { DEFAULT_BATCH_SIZE } from '../lib/connectors/rowBatcher.js';
import { TRADE_SCHEMA } from '../lib/connectors/datagen/tradeGenerator.js';
import type { SourceFactory } from '../lib/connectors/types.js';
import { loadApp } from '../lib/runtime/app.js';
import { silentLogger } from '../lib/runtime/logger.js';
import { openJob, type RunnableJob } from '../lib/runtime/openJob.js';
import type { Row } from '../lib/types/value.js';
import { checkRows, collectingSink, countingSink, generateTrades, SYMBOL, TRADE_TIME, type BatchSink } from './windowKit.js';
import { describeRuntime, measureInterleaved, mismatch, printTable, rowCountArgument, variant } from './harness.js';
import { memoryCatalog } from './memoryCatalog.js';

const ROWS = rowCountArgument(200_000);
/** Position of `trade_id` in TRADE_SCHEMA. */
const TRADE_ID = 0;
const SQL =
  "CREATE STREAM ordered AS SELECT trade_id, symbol, trade_time FROM trades ORDER BY trade_time, trade_id WITH ('ordered.type' = 'stdout', 'trades.event.time.field' = 'trade_time', 'trades.watermark.max_out_of_orderness' = '5s');";

/** The trades with rows shuffled within blocks of 20 (deterministic). */
function shuffledTrades(): Row[] {
  const rows = generateTrades(ROWS);
  let seed = 4242;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let start = 0; start < rows.length; start += 20) {
    const end = Math.min(start + 20, rows.length);
    for (let i = end - 1; i > start; i--) {
      const j = start + Math.floor(random() * (i - start + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
  }
  return rows;
}

/** The job over the rows as an unbounded source (so ORDER BY is ordered per watermark); its rows go to `sink`. */
async function openOrdered(rows: readonly Row[], sink: BatchSink): Promise<RunnableJob> {
  const catalog = memoryCatalog([{ name: 'trades', declared: TRADE_SCHEMA }]);
  const factory: SourceFactory = {
    type: 'memory',
    properties: [{ key: 'stream', description: 'the benchmark trades' }],
    open: async () => ({ ...memorySource(TRADE_SCHEMA, rows, { batchSize: DEFAULT_BATCH_SIZE }), bounded: false }),
  };
  const app = loadApp(SQL, { file: undefined, variables: () => undefined }, catalog);
  const job = await openJob(app.jobs[0]!, {
    baseDir: tmpdir(),
    log: silentLogger,
    sourceFactory: () => factory,
    sink: () => ({ write: async (batch) => sink(batch), flush: async () => undefined, close: async () => undefined }),
  });
  if (job.plan.physical.inputs[0]?.operator !== 'orderPerWatermark') mismatch(`the plan does not order per watermark: ${job.plan.physical.operator}`);
  return job;
}

function byTimeThenId(a: Row, b: Row): number {
  return (a[TRADE_TIME] as number) - (b[TRADE_TIME] as number) || (a[TRADE_ID] as number) - (b[TRADE_ID] as number);
}

function handSort(rows: readonly Row[], sink: BatchSink): void {
  sink(rows.slice().sort(byTimeThenId).map((row) => [row[TRADE_ID]!, row[SYMBOL]!, row[TRADE_TIME]!]));
}

async function main(): Promise<void> {
  const rows = shuffledTrades();
  let handCounter = countingSink();
  let engineCounter = countingSink();
  const [hand, engine] = await measureInterleaved([
    variant(
      () => handSort(rows, handCounter.sink),
      () => void (handCounter = countingSink()),
    ),
    variant(
      (job: RunnableJob) => job.run(),
      () => {
        engineCounter = countingSink();
        return openOrdered(rows, engineCounter.sink);
      },
    ),
  ]);
  if (handCounter.count() !== ROWS || engineCounter.count() !== ROWS) mismatch(`the timed runs gave ${engineCounter.count()} (engine) and ${handCounter.count()} (hand) rows, expected ${ROWS}`);
  const expected = collectingSink();
  handSort(rows, expected.sink);
  const out = collectingSink();
  await (await openOrdered(rows, out.sink)).run();
  const check = checkRows('ORDER BY trade_time per watermark', out.rows, expected.rows);
  console.log(describeRuntime());
  printTable(`ORDER BY event time on unbounded input over ${ROWS.toLocaleString('en-US')} trades shuffled within 2 s (bound 5 s, batches of ${DEFAULT_BATCH_SIZE})`, [
    { caseName: 'ORDER BY trade_time, trade_id (per watermark): engine core', rows: ROWS, ours: engine!, peerName: 'hand-written Array.sort of the whole input', peer: hand!, check: `${check} (in order)` },
  ]);
}

await main();
