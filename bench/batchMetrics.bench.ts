/**
 * The cost of the batch-strategy metrics: `bufferStrategy` (fixed_size 300 over input batches
 * of 1,000 rows, so every input is cut and its rest carried over) telling an observer that
 * counts into a job's `JobMetrics` (a batch-size histogram and a flush-reason count, once per
 * emitted batch), against the same `bufferStrategy` without an observer. Both must emit the
 * same batches; the observer must have counted each of them.
 *
 * Run: `npm run build && node dist/bench/batchMetrics.bench.js [rows]` (default 2,000,000).
 */
import { from, lastValueFrom, reduce } from 'rxjs';
import { bufferStrategy } from '../operators/bufferStrategy.js';
import type { BatchConfig } from '../operators/batching/batchConfig.js';
import type { BatchObserver } from '../operators/batching/batchObserver.js';
import { batchStats, newJobMetrics, type JobMetrics } from '../lib/runtime/jobMetrics.js';
import type { Message } from '../lib/types/message.js';
import { describeRuntime, measureInterleaved, mismatch, printTable, rowCountArgument, variant } from './harness.js';

const ROWS = rowCountArgument(2_000_000);
const INPUT_BATCH = 1000;
const CONFIG: BatchConfig = { enabled: true, maxSize: 10_000, timeoutMs: 1000, strategy: { kind: 'fixed_size', size: 300 } };

const inputs: Message[] = [];
for (let start = 0; start < ROWS; start += INPUT_BATCH) {
  const rows = [];
  for (let i = start; i < Math.min(ROWS, start + INPUT_BATCH); i++) rows.push([i, 'AAPL', i * 0.5, i % 7, 1_700_000_000_000 + i]);
  inputs.push({ kind: 'data', rows });
}

/** Runs the inputs through `bufferStrategy`; resolves with the batches and rows it emitted. */
function run(observe?: BatchObserver): Promise<{ batches: number; rows: number }> {
  return lastValueFrom(
    from(inputs).pipe(
      bufferStrategy(CONFIG, undefined, observe),
      reduce((acc, m) => (m.kind === 'data' ? { batches: acc.batches + 1, rows: acc.rows + m.rows.length } : acc), { batches: 0, rows: 0 }),
    ),
  );
}

const results: { observed?: { batches: number; rows: number }; plain?: { batches: number; rows: number }; metrics?: JobMetrics } = {};
const [ours, peer] = await measureInterleaved([
  variant(
    async (metrics: JobMetrics) => {
      results.observed = await run(batchStats(metrics, 'sink', 'fixed_size'));
      results.metrics = metrics;
    },
    () => newJobMetrics(),
  ),
  variant(async () => void (results.plain = await run()), () => undefined),
]);
const { observed, plain, metrics } = results;
if (observed === undefined || plain === undefined || metrics === undefined) mismatch('a variant did not run');
if (observed.batches !== plain.batches || observed.rows !== plain.rows || observed.rows !== ROWS) mismatch(`batches ${observed.batches}/${plain.batches}, rows ${observed.rows}/${plain.rows}`);
const stats = metrics.batching[0]!;
if (stats.sizes.count !== observed.batches || stats.sizes.sum !== ROWS) mismatch(`the observer counted ${stats.sizes.count} batches of ${stats.sizes.sum} rows`);

console.log(describeRuntime());
printTable('Batch strategy metrics: bufferStrategy with and without its observer', [
  {
    caseName: `fixed_size 300 over input batches of ${INPUT_BATCH}, counting batch sizes and flush reasons`,
    rows: ROWS,
    ours: ours!,
    peerName: 'the same bufferStrategy, no observer',
    peer: peer!,
    check: `${observed.batches.toLocaleString('en-US')} batches, ${ROWS.toLocaleString('en-US')} rows, each batch counted once`,
  },
]);
