/**
 * Nexmark over generated events (bench/nexmark/generator.ts): each query of
 * bench/nexmark/queries.ts runs in our engine (memory sources, the whole job as `ferris run`
 * compiles it) and in DuckDB with one thread over the same rows, in interleaved rounds; both
 * results are compared as multisets of rows. A query our engine refuses is reported with the
 * engine's own error, not skipped in silence.
 *
 * Throughput counts the events of the streams a query reads, per second of wall time.
 *
 * Run: `npm run build && node dist/bench/nexmark.bench.js [events]` (default 1,000,000);
 * `BENCH_CASE=q7` runs only the query of that name (a comma-separated list for several).
 */
import { DEFAULT_BATCH_SIZE } from '../lib/connectors/rowBatcher.js';
import { FerrisError } from '../lib/types/errors.js';
import type { Row } from '../lib/types/value.js';
import type { RunnableJob } from '../lib/runtime/openJob.js';
import { describeRuntime, measureInterleaved, mismatch, printTable, rowCountArgument, variant, type ComparisonRow } from './harness.js';
import { generateNexmark, type NexmarkEvents } from './nexmark/generator.js';
import { openDuckPeer, openNexmarkJob, sortedLines } from './nexmark/kit.js';
import { NEXMARK_QUERIES, type NexmarkQuery } from './nexmark/queries.js';
import { recordResult } from './results.js';

const EVENTS = rowCountArgument(1_000_000);
const TABLE = `Nexmark, ${EVENTS.toLocaleString('en-US')} events (our engine against DuckDB with one thread)`;

function eventsRead(query: NexmarkQuery, events: NexmarkEvents): number {
  const counts = { person: events.persons.length, auction: events.auctions.length, bid: events.bids.length };
  return query.reads.reduce((sum, stream) => sum + counts[stream], 0);
}

/** Why our engine refuses the query (planning it over the events), or undefined when it plans. */
async function refusal(query: NexmarkQuery, events: NexmarkEvents): Promise<string | undefined> {
  try {
    await (await openNexmarkJob(query.ours, events, DEFAULT_BATCH_SIZE, () => undefined)).close();
    return undefined;
  } catch (error) {
    if (error instanceof FerrisError) return error.message;
    throw error;
  }
}

function check(query: NexmarkQuery, ours: readonly Row[], duck: readonly (readonly unknown[])[]): string {
  const actual = sortedLines(ours);
  const expected = sortedLines(duck);
  if (expected.length === 0) mismatch(`${query.name}: DuckDB returned no row; the generated data does not exercise the query`);
  if (actual.length !== expected.length) mismatch(`${query.name}: ${actual.length} rows, DuckDB ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) mismatch(`${query.name}: row '${actual[i]}' where DuckDB has '${expected[i]}'`);
  }
  return `${expected.length.toLocaleString('en-US')} rows equal DuckDB's`;
}

async function main(): Promise<void> {
  const events = generateNexmark(EVENTS);
  console.log(
    `${TABLE}: ${events.persons.length.toLocaleString('en-US')} people, ${events.auctions.length.toLocaleString('en-US')} auctions, ` +
      `${events.bids.length.toLocaleString('en-US')} bids; ${describeRuntime()}`,
  );
  const peer = await openDuckPeer(events);
  const rows: ComparisonRow[] = [];
  const only = process.env['BENCH_CASE']?.split(',');
  for (const query of NEXMARK_QUERIES.filter((q) => only === undefined || only.includes(q.name))) {
    const refused = await refusal(query, events);
    if (refused !== undefined) {
      console.log(`${query.name} (${query.what}): not run, our engine refuses it: ${refused}`);
      recordResult({ kind: 'refused', table: TABLE, caseName: `${query.name}: ${query.what}`, error: refused });
      continue;
    }
    let counted = 0;
    const [ours, duck] = await measureInterleaved([
      variant(
        (job: RunnableJob) => job.run(),
        () => openNexmarkJob(query.ours, events, DEFAULT_BATCH_SIZE, (batch) => void (counted += batch.length)),
      ),
      variant(
        () => peer.duck.runAndReadAll(query.duck),
        () => undefined,
      ),
    ]);
    const ourRows: Row[] = [];
    await (await openNexmarkJob(query.ours, events, DEFAULT_BATCH_SIZE, (batch) => {
      for (const row of batch) ourRows.push(row);
    })).run();
    const duckRows = (await peer.duck.runAndReadAll(query.duck)).getRowsJson() as unknown as (readonly unknown[])[];
    rows.push({
      caseName: `${query.name}: ${query.what}`,
      rows: eventsRead(query, events),
      ours: ours!,
      peerName: 'DuckDB (1 thread)',
      peer: duck!,
      check: check(query, ourRows, duckRows),
      ...(query.minRate === undefined ? {} : { minRate: query.minRate }),
    });
    if (counted === 0) mismatch(`${query.name}: the timed runs produced no row`);
  }
  peer.close();
  printTable(TABLE, rows);
}

await main();
