/**
 * The Kafka sink's linger.ms / batch.size (bytes) against sending without lingering,
 * on the same broker (`ferris broker` in a child process): a file of small JSON rows read in
 * batches of 10 rows (a trickle of small batches, as a low-latency pipeline hands them on)
 * is written to a one-partition topic,
 * 1. `linger.ms` 0 (the default): a write leaves as soon as no send is in flight, and the writes
 *    made during a send leave together in the next one (the sink's CoalescingSender);
 * 2. gathered: `linger.ms` 5 and `batch.size` 16384 bytes (the fixed_size strategy's
 *    suggestion of 10 ms halved).
 * Each job runs until its file is read and the sink flushed; the topic's end offset is checked
 * to have grown by every row. Run: `npm run build && node dist/bench/kafkaLinger.bench.js
 * [rows]`. Not a test.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { loadApp, startApp } from '../lib/runtime/app.js';
import { startBrokerProcess } from './brokerProcess.js';
import { measureInterleaved, rowCountArgument, variant } from './harness.js';
import { recordResult } from './results.js';

const ROWS = rowCountArgument(50_000);
const ROWS_PER_WRITE = 10;

async function endOffset(admin: Admin, topic: string): Promise<number> {
  const [partition] = await admin.fetchTopicOffsets(topic);
  return Number(partition!.high);
}

/** Runs the file → kafka_sink job once, with `sinkKeys`, and checks every row reached the topic. */
async function writeAll(address: string, admin: Admin, dir: string, topic: string, sinkKeys: string): Promise<void> {
  const before = await endOffset(admin, topic);
  const sql = `CREATE STREAM numbers (n INTEGER, symbol STRING) WITH ('numbers.type' = 'file_source', 'numbers.path' = 'in.jsonl', 'numbers.batch.size' = '${ROWS_PER_WRITE}');
    CREATE STREAM out AS SELECT n, symbol FROM numbers
      WITH ('out.type' = 'kafka_sink', 'out.bootstrap.servers' = '${address}', 'out.topic' = '${topic}'${sinkKeys});`;
  const app = loadApp(sql, { file: undefined, variables: () => undefined });
  const pipeline = await startApp(app, { file: undefined, baseDir: dir, variables: () => undefined, log: () => undefined, print: () => undefined });
  const [outcome] = await pipeline.run();
  if (outcome?.error !== undefined) throw outcome.error;
  const written = (await endOffset(admin, topic)) - before;
  if (written !== ROWS) throw new Error(`${topic} received ${written} records, expected ${ROWS}`);
}

async function main(): Promise<void> {
  const { child, address } = await startBrokerProcess(1);
  const kafka = new Kafka({ brokers: [address], clientId: 'bench', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: ['eager', 'gathered'].map((topic) => ({ topic, numPartitions: 1 })) });
    const dir = mkdtempSync(join(tmpdir(), 'ferris-bench-linger-'));
    writeFileSync(join(dir, 'in.jsonl'), Array.from({ length: ROWS }, (_, n) => JSON.stringify({ n, symbol: 'AAPL' })).join('\n') + '\n');
    const options = { warmups: 1, runs: 3, cpu: false };
    const [eager, gathered] = await measureInterleaved(
      [
        variant(() => writeAll(address, admin, dir, 'eager', ''), () => undefined),
        variant(() => writeAll(address, admin, dir, 'gathered', ", 'out.linger.ms' = '5', 'out.batch.size' = '16384'"), () => undefined),
      ],
      options,
    );
    const rate = (seconds: number): string => `${Math.round(ROWS / seconds / 1000)} K rows/s`;
    console.log(`${ROWS} rows in writes of ${ROWS_PER_WRITE}, 1 partition, best of ${options.runs}`);
    console.log(`| linger.ms 0 (coalescing sends) | ${eager!.best.toFixed(2)} s | ${rate(eager!.best)} |`);
    console.log(`| gathered (linger.ms 5, batch.size 16384) | ${gathered!.best.toFixed(2)} s | ${rate(gathered!.best)} | ${(eager!.best / gathered!.best).toFixed(2)}× |`);
    recordResult({
      kind: 'measured',
      table: `Kafka sink, file rows in writes of ${ROWS_PER_WRITE} rows, 1 partition, ferris broker in a child process`,
      caseName: 'linger.ms 5 / batch.size 16384 bytes',
      rows: ROWS,
      oursSeconds: gathered!.best,
      peerName: 'linger.ms 0 (coalescing sends)',
      peerSeconds: eager!.best,
      check: `${ROWS.toLocaleString('en-US')} records in each run's topic`,
    });
  } finally {
    await admin.disconnect();
    child.kill('SIGTERM');
  }
}

await main();
