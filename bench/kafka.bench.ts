/**
 * Kafka → SQL → Kafka against a plain kafkajs consume-produce passthrough, on the same broker
 * (`ferris broker` in a child process) and the same input topic of ~120-byte JSON trades:
 * 1. passthrough: a kafkajs consumer group whose eachBatch sends the batch's values unchanged
 *    to an output topic with a kafkajs producer (and commits, as a real job would);
 * 2. ours: `SELECT ... FROM trades WHERE quantity > 0` from a kafka_source to a kafka_sink,
 *    run in this process, at-least-once (`'mode' = 'simple'`).
 * Each is timed from start until every record is in its output topic (end offsets), and both
 * outputs are checked to hold every input record. Run: `npm run build && node
 * dist/bench/kafka.bench.js [records]` (BENCH_DEBUG=1 prints the output topics' progress). Not a test.
 */
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { loadApp, startApp } from '../lib/runtime/app.js';
import { startBrokerProcess } from './brokerProcess.js';
import { rowCountArgument } from './harness.js';
import { recordResult } from './results.js';

const RECORDS = rowCountArgument(100_000);
const PARTITIONS = 4;
const SYMBOLS = ['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA', 'META'];

async function endOffsetSum(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high), 0);
}

async function waitForOutput(admin: Admin, topic: string): Promise<void> {
  let last = -1;
  for (let n = await endOffsetSum(admin, topic); n < RECORDS; n = await endOffsetSum(admin, topic)) {
    if (process.env.BENCH_DEBUG && n !== last) console.error(topic, n);
    last = n;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function fillInput(kafka: Kafka): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  const perSend = 2000;
  for (let start = 0; start < RECORDS; start += perSend * 4) {
    const sends: Promise<unknown>[] = [];
    for (let s = start; s < Math.min(RECORDS, start + perSend * 4); s += perSend) {
      const messages = [];
      for (let i = s; i < Math.min(RECORDS, s + perSend); i++) {
        const trade = { trade_id: i, symbol: SYMBOLS[i % SYMBOLS.length], price: (100 + (i % 997) / 100).toFixed(2), quantity: 10 + (i % 50), trade_time: 1_700_000_000_000 + i };
        messages.push({ key: String(i), value: JSON.stringify(trade) });
      }
      sends.push(producer.send({ topic: 'trades', messages }));
    }
    await Promise.all(sends);
  }
  await producer.disconnect();
}

async function passthrough(kafka: Kafka, admin: Admin): Promise<number> {
  const consumer = kafka.consumer({ groupId: 'bench-pass', maxWaitTimeInMs: 100 });
  const producer = kafka.producer();
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topic: 'trades', fromBeginning: true });
  const started = performance.now();
  await consumer.run({
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
      await producer.send({ topic: 'out-pass', messages: batch.messages.map((m) => ({ key: m.key, value: m.value })) });
      resolveOffset(batch.lastOffset());
      await commitOffsetsIfNecessary();
    },
  });
  await waitForOutput(admin, 'out-pass');
  const seconds = (performance.now() - started) / 1000;
  await Promise.all([consumer.disconnect(), producer.disconnect()]);
  return seconds;
}

async function ours(address: string, admin: Admin): Promise<number> {
  const sql = `CREATE STREAM trades (trade_id INTEGER, symbol STRING, price DECIMAL(10,2), quantity INTEGER, trade_time TIMESTAMP)
    WITH ('trades.type' = 'kafka_source', 'trades.bootstrap.servers' = '${address}', 'trades.topic' = 'trades',
          'trades.group.id' = 'bench-sql', 'trades.auto.offset.reset' = 'earliest');
  CREATE STREAM out_sql AS SELECT trade_id, symbol, price, quantity, trade_time FROM trades WHERE quantity > 0
    WITH ('mode' = 'simple', 'out_sql.type' = 'kafka_sink', 'out_sql.bootstrap.servers' = '${address}', 'out_sql.topic' = 'out-sql');`;
  const app = loadApp(sql, { file: undefined, variables: () => undefined });
  const pipeline = await startApp(app, { file: undefined, baseDir: '.', variables: () => undefined, log: () => undefined, print: () => undefined });
  const started = performance.now();
  const done = pipeline.run();
  await waitForOutput(admin, 'out-sql');
  const seconds = (performance.now() - started) / 1000;
  pipeline.stop(true);
  const [outcome] = await done;
  if (outcome?.error !== undefined) throw outcome.error;
  return seconds;
}

async function main(): Promise<void> {
  const { child, address } = await startBrokerProcess(PARTITIONS);
  const kafka = new Kafka({ brokers: [address], clientId: 'bench', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: ['trades', 'out-pass', 'out-sql'].map((topic) => ({ topic, numPartitions: PARTITIONS })) });
    await fillInput(kafka);
    const pass = await passthrough(kafka, admin);
    const sql = await ours(address, admin);
    for (const topic of ['out-pass', 'out-sql']) {
      const count = await endOffsetSum(admin, topic);
      if (count !== RECORDS) throw new Error(`${topic} holds ${count} records, expected ${RECORDS}`);
    }
    const rate = (seconds: number): string => `${Math.round(RECORDS / seconds / 1000)} K records/s`;
    console.log(`${RECORDS} records, ${PARTITIONS} partitions`);
    console.log(`| kafkajs passthrough | ${pass.toFixed(2)} s | ${rate(pass)} |`);
    console.log(`| ferris Kafka → SQL → Kafka | ${sql.toFixed(2)} s | ${rate(sql)} | ${(pass / sql).toFixed(2)}× the passthrough |`);
    recordResult({
      kind: 'measured',
      table: `Kafka → SQL → Kafka through kafkajs, ${PARTITIONS} partitions, ferris broker in a child process`,
      caseName: 'filter + projection, at-least-once (simple mode)',
      rows: RECORDS,
      oursSeconds: sql,
      peerName: 'kafkajs consume-produce passthrough',
      peerSeconds: pass,
      check: `${RECORDS.toLocaleString('en-US')} records in each output topic`,
      minRate: 150_000,
      minRatio: 0.8,
    });
  } finally {
    await admin.disconnect();
    child.kill('SIGTERM');
  }
}

await main();
