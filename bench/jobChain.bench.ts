/**
 * Jobs that read each other's output in process, against the single combined query on the same
 * rows in the same process: what handing rows from job to job costs (a bounded queue per
 * reader, a copy of each row with system columns, a second gate and sink stage).
 *
 * - stateless chain: `buys` (WHERE side = 'BUY', projection) read by `big` (WHERE quantity >
 *   100), against `SELECT ... FROM (buys' query) WHERE quantity > 100` in one job;
 * - stateless → window: `buys` read by a one-minute TUMBLE per symbol, against the window over
 *   the subquery.
 *
 * Each side is opened untimed (memory source of generated trades in batches of the default
 * size); the run is timed. The last job's rows go to a counting sink instead of its stdout;
 * the upstream writes only to its reader. Every chained output is compared row by row, in order, with the combined one.
 *
 * Run: `npm run build && node dist/bench/jobChain.bench.js [rows]` (default 500,000).
 */
import { tmpdir } from 'node:os';
import { memorySource } from '../lib/connectors/memory/memorySource.js';
import { DEFAULT_BATCH_SIZE } from '../lib/connectors/rowBatcher.js';
import { TRADE_SCHEMA } from '../lib/connectors/datagen/tradeGenerator.js';
import type { Sink, SourceFactory } from '../lib/connectors/types.js';
import { inProcessInputs, upstreamJobs } from '../lib/plan/app/jobGraph.js';
import type { JobSpec } from '../lib/plan/app/analyzeApp.js';
import { loadApp } from '../lib/runtime/app.js';
import { BarrierInjector } from '../lib/runtime/barrierInjector.js';
import { silentLogger } from '../lib/runtime/logger.js';
import { openJob, type RunnableJob } from '../lib/runtime/openJob.js';
import type { Row } from '../lib/types/value.js';
import { checkRows, collectingSink, countingSink, generateTrades, type BatchSink } from './windowKit.js';
import { describeRuntime, measureInterleaved, mismatch, printTable, rowCountArgument, variant, type ComparisonRow } from './harness.js';
import { memoryCatalog } from './memoryCatalog.js';

const ROWS = rowCountArgument(500_000);

const BUYS = "CREATE STREAM buys AS SELECT symbol, price, quantity, trade_time FROM trades WHERE side = 'BUY';\n";
const BUYS_QUERY = "SELECT symbol, price, quantity, trade_time FROM trades WHERE side = 'BUY'";

interface ChainCase {
  readonly name: string;
  readonly chained: string;
  readonly combined: string;
}

const CASES: readonly ChainCase[] = [
  {
    name: 'stateless → stateless (2 jobs)',
    chained: `${BUYS}CREATE STREAM big AS SELECT symbol, price, quantity FROM buys WHERE quantity > 100 WITH ('big.type' = 'stdout');`,
    combined: `CREATE STREAM big AS SELECT symbol, price, quantity FROM (${BUYS_QUERY}) b WHERE quantity > 100 WITH ('big.type' = 'stdout');`,
  },
  {
    name: 'stateless → TUMBLE 1 min per symbol (2 jobs)',
    chained: `${BUYS}CREATE STREAM bars AS SELECT symbol, TUMBLE_START(trade_time, INTERVAL '1' MINUTE) AS ws, COUNT(*) AS n, SUM(price * quantity) AS notional FROM buys GROUP BY symbol, TUMBLE(trade_time, INTERVAL '1' MINUTE) WITH ('bars.type' = 'stdout');`,
    combined: `CREATE STREAM bars AS SELECT symbol, TUMBLE_START(trade_time, INTERVAL '1' MINUTE) AS ws, COUNT(*) AS n, SUM(price * quantity) AS notional FROM (${BUYS_QUERY}) b GROUP BY symbol, TUMBLE(trade_time, INTERVAL '1' MINUTE) WITH ('bars.type' = 'stdout');`,
  },
];

/** The jobs of `sql` over the generated trades, opened upstream first; the last job's rows go to `sink`. */
async function openApp(sql: string, rows: readonly Row[], sink: BatchSink): Promise<RunnableJob[]> {
  const catalog = memoryCatalog([{ name: 'trades', declared: TRADE_SCHEMA }]);
  const memoryFactory: SourceFactory = {
    type: 'memory',
    properties: [{ key: 'stream', description: 'the benchmark trades' }],
    open: async () => memorySource(TRADE_SCHEMA, rows, { batchSize: DEFAULT_BATCH_SIZE }),
  };
  const app = loadApp(sql, { file: undefined, variables: () => undefined }, catalog);
  const read = new Set(app.jobs.flatMap((job) => inProcessInputs(job).map((i) => i.upstream.toLowerCase())));
  const opened = new Map<JobSpec, RunnableJob>();
  const barriers = new BarrierInjector();
  const open = async (job: JobSpec): Promise<void> => {
    if (opened.has(job)) return;
    const upstreams = upstreamJobs(job, app.jobs);
    for (const upstream of upstreams) await open(upstream);
    const last = !read.has(job.name.toLowerCase());
    const out: Sink = { write: async (batch) => (last ? sink(batch) : undefined), flush: async () => undefined, close: async () => undefined };
    const outputs = new Map(upstreams.map((u) => [u.name.toLowerCase(), opened.get(u)!.output!] as const));
    opened.set(job, await openJob(job, { baseDir: tmpdir(), log: silentLogger, sourceFactory: () => memoryFactory, sink: () => out }, { upstreams: outputs, read: !last, barriers }));
  };
  for (const job of app.jobs) await open(job);
  return [...opened.values()];
}

const runAll = (jobs: readonly RunnableJob[]): Promise<void[]> => Promise.all(jobs.map((job) => job.run()));

async function measureCase(c: ChainCase, trades: readonly Row[]): Promise<ComparisonRow> {
  let chainedCount = countingSink();
  let combinedCount = countingSink();
  const [chained, combined] = await measureInterleaved([
    variant(runAll, () => {
      chainedCount = countingSink();
      return openApp(c.chained, trades, chainedCount.sink);
    }),
    variant(runAll, () => {
      combinedCount = countingSink();
      return openApp(c.combined, trades, combinedCount.sink);
    }),
  ]);
  const fromChain = collectingSink();
  await runAll(await openApp(c.chained, trades, fromChain.sink));
  const fromOne = collectingSink();
  await runAll(await openApp(c.combined, trades, fromOne.sink));
  const check = checkRows(c.name, fromChain.rows, fromOne.rows);
  if (chainedCount.count() !== fromOne.rows.length || combinedCount.count() !== fromOne.rows.length) {
    mismatch(`${c.name}: the timed runs gave ${chainedCount.count()} (chained) and ${combinedCount.count()} (combined) rows, expected ${fromOne.rows.length}`);
  }
  return { caseName: `${c.name}: chained`, rows: ROWS, ours: chained!, peerName: 'the combined query, one job', peer: combined!, check: `${check} (in order)` };
}

async function main(): Promise<void> {
  const trades = generateTrades(ROWS);
  const rows: ComparisonRow[] = [];
  for (const c of CASES) rows.push(await measureCase(c, trades));
  console.log(describeRuntime());
  printTable(`Jobs reading each other in process over ${ROWS.toLocaleString('en-US')} trades (batches of ${DEFAULT_BATCH_SIZE})`, rows);
}

await main();
