/**
 * Kafka → SQL → Kafka against a plain kafkajs consume-produce passthrough, on the same broker
 * (`ferris broker` in a child process) and the same input topic of ~120-byte JSON trades:
 * 1. passthrough: a kafkajs consumer group whose eachBatch sends the batch's values unchanged
 *    to an output topic with a kafkajs producer, in concurrent sends of at most
 *    {@link PASSTHROUGH_SEND} messages (one send of a whole fetched batch spends most of its
 *    time in kafkajs's quadratic grouping per partition), and commits, as a real job would;
 * 2. ours: `SELECT ... FROM trades WHERE quantity > 0` from a kafka_source to a kafka_sink,
 *    run in a worker thread of this process (kafkaJobThread.ts, so that our replacements of
 *    kafkajs's internals stay out of the peers' kafkajs), timed from once it runs (its thread
 *    started and the job opened), at-least-once (`'mode' = 'simple'`), with the sink's producer on the
 *    process's producer thread (the default) and, as a third case, on the job's thread
 *    (`'producer.thread' = 'false'`).
 * Each is timed from start until every record is in its output topic (end offsets), and both
 * outputs are checked to hold every input record. Rounds alternate the two (best of each
 * recorded). The CPU time of this process per record (user + system, GC threads included;
 * the broker's is its own) is printed for both, and for kafkajs alone: a consumer that only
 * reads the input, and a producer that only sends pre-built messages, so the client cost
 * kafkajs itself puts on every record shows. Run: `npm run build && node
 * dist/bench/kafka.bench.js [records] [rounds]` (defaults 100,000 and 2; BENCH_DEBUG=1 prints the
 * output topics' progress). Not a test.
 */
import { type Kafka, type Admin, type Message, type Producer } from 'kafkajs';
import { withBenchBroker } from './brokerProcess.js';
import { startJob } from './kafkaJobThread.js';
import { rowCountArgument } from './harness.js';
import { recordResult } from './results.js';

const RECORDS = rowCountArgument(100_000);
const ROUNDS = Number(process.argv[3] ?? 2);
const PARTITIONS = 4;
/** The most messages of one passthrough send. */
const PASSTHROUGH_SEND = 1000;
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

/** The input messages: keyed JSON trades. */
function tradeMessages(from: number, to: number): Message[] {
  const messages: Message[] = [];
  for (let i = from; i < to; i++) {
    const trade = { trade_id: i, symbol: SYMBOLS[i % SYMBOLS.length], price: (100 + (i % 997) / 100).toFixed(2), quantity: 10 + (i % 50), trade_time: 1_700_000_000_000 + i };
    messages.push({ key: String(i), value: JSON.stringify(trade) });
  }
  return messages;
}

/** Sends every trade to `topic`, four sends of 2,000 at a time. */
async function produceTrades(producer: Producer, topic: string): Promise<void> {
  const perSend = 2000;
  for (let start = 0; start < RECORDS; start += perSend * 4) {
    const sends: Promise<unknown>[] = [];
    for (let s = start; s < Math.min(RECORDS, start + perSend * 4); s += perSend) sends.push(producer.send({ topic, messages: tradeMessages(s, Math.min(RECORDS, s + perSend)) }));
    await Promise.all(sends);
  }
}

/** A timed run: its wall time and the CPU time of this process, in seconds. */
interface Run {
  readonly seconds: number;
  readonly cpuSeconds: number;
}

/** Times `work` (resolving once it is done), with this process's CPU time (every thread's) over the same span. */
async function timed(work: () => Promise<void>): Promise<Run> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

async function passthrough(kafka: Kafka, admin: Admin, round: number): Promise<Run> {
  const consumer = kafka.consumer({ groupId: `bench-pass-${round}`, maxWaitTimeInMs: 100 });
  const producer = kafka.producer();
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topic: 'trades', fromBeginning: true });
  const output = `out-pass-${round}`;
  const run = await timed(async () => {
    await consumer.run({
      // At most one offset commit a second, as our simple mode's `commit.interval`.
      autoCommitInterval: 1000,
      eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
        const messages = batch.messages.map((m) => ({ key: m.key, value: m.value }));
        const sends: Promise<unknown>[] = [];
        for (let i = 0; i < messages.length; i += PASSTHROUGH_SEND) sends.push(producer.send({ topic: output, messages: messages.slice(i, i + PASSTHROUGH_SEND) }));
        await Promise.all(sends);
        resolveOffset(batch.lastOffset());
        await commitOffsetsIfNecessary();
      },
    });
    await waitForOutput(admin, output);
  });
  await Promise.all([consumer.disconnect(), producer.disconnect()]);
  return run;
}

/** `thread`: the sink's `producer.thread` (the producer on the process's producer thread, or on the job's). */
async function ours(address: string, admin: Admin, round: number, thread: boolean): Promise<Run> {
  const variant = `${thread ? '' : 'job-thread-'}${round}`;
  const output = `out-sql-${variant}`;
  const sql = `CREATE STREAM trades (trade_id INTEGER, symbol STRING, price DECIMAL(10,2), quantity INTEGER, trade_time TIMESTAMP)
    WITH ('trades.type' = 'kafka_source', 'trades.bootstrap.servers' = '${address}', 'trades.topic' = 'trades',
          'trades.group.id' = 'bench-sql-${variant}', 'trades.auto.offset.reset' = 'earliest');
  CREATE STREAM out_sql AS SELECT trade_id, symbol, price, quantity, trade_time FROM trades WHERE quantity > 0
    WITH ('mode' = 'simple', 'out_sql.type' = 'kafka_sink', 'out_sql.bootstrap.servers' = '${address}', 'out_sql.topic' = '${output}',
          'out_sql.producer.thread' = '${thread}');`;
  // Once it runs: its thread started and the job opened, as the passthrough's clients are connected before its clock starts.
  const stop = await startJob({ kind: 'sql', sql });
  const run = await timed(() => waitForOutput(admin, output));
  await stop();
  return run;
}

/** kafkajs alone, reading: a consumer group that only counts the input records. */
async function consumeOnly(kafka: Kafka): Promise<Run> {
  const consumer = kafka.consumer({ groupId: 'bench-consume-only', maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: 'trades', fromBeginning: true });
  let seen = 0;
  let allSeen: () => void = () => undefined;
  const run = await timed(async () => {
    const finished = new Promise<void>((resolve) => (allSeen = resolve));
    await consumer.run({
      autoCommitInterval: 1000,
      eachBatch: async ({ batch }) => {
        seen += batch.messages.length;
        if (seen >= RECORDS) allSeen();
      },
    });
    await finished;
  });
  await consumer.disconnect();
  return run;
}

/** kafkajs alone, writing: a producer sending the trades, built before the clock starts, in the passthrough's sends. */
async function produceOnly(kafka: Kafka): Promise<Run> {
  const producer = kafka.producer();
  await producer.connect();
  const batches: Message[][] = [];
  for (let start = 0; start < RECORDS; start += PASSTHROUGH_SEND) batches.push(tradeMessages(start, Math.min(RECORDS, start + PASSTHROUGH_SEND)));
  const run = await timed(async () => {
    for (let b = 0; b < batches.length; b += 8) await Promise.all(batches.slice(b, b + 8).map((messages) => producer.send({ topic: 'out-produce-only', messages })));
  });
  await producer.disconnect();
  return run;
}

const rate = (seconds: number): string => `${Math.round(RECORDS / seconds / 1000)} K records/s`;
const perRecord = (run: Run): string => `${((run.cpuSeconds / RECORDS) * 1e6).toFixed(1)} µs`;

async function main(): Promise<void> {
  await withBenchBroker(PARTITIONS, async ({ address, kafka, admin }) => {
    const outputs = Array.from({ length: ROUNDS }, (_, r) => [`out-pass-${r}`, `out-sql-${r}`, `out-sql-job-thread-${r}`]).flat();
    await admin.createTopics({ topics: ['trades', 'out-produce-only', ...outputs].map((topic) => ({ topic, numPartitions: PARTITIONS })) });
    const filler = kafka.producer();
    await filler.connect();
    await produceTrades(filler, 'trades');
    await filler.disconnect();
    const pass: Run[] = [];
    const sql: Run[] = [];
    const sqlJobThread: Run[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 0) pass.push(await passthrough(kafka, admin, round));
      sql.push(await ours(address, admin, round, true));
      sqlJobThread.push(await ours(address, admin, round, false));
      if (round % 2 === 1) pass.push(await passthrough(kafka, admin, round));
    }
    for (const topic of outputs) {
      const count = await endOffsetSum(admin, topic);
      if (count !== RECORDS) throw new Error(`${topic} holds ${count} records, expected ${RECORDS}`);
    }
    const consumed = await consumeOnly(kafka);
    const produced = await produceOnly(kafka);
    const best = (runs: readonly Run[]): Run => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const [bestPass, bestSql, bestJobThread] = [best(pass), best(sql), best(sqlJobThread)];
    const all = (runs: readonly Run[]): string => runs.map((r) => r.seconds.toFixed(2)).join(', ');
    console.log(`${RECORDS} records, ${PARTITIONS} partitions, ${ROUNDS} rounds`);
    console.log('| case | best | rate | all runs (s) | client CPU per record (best run) |');
    console.log('| --- | --- | --- | --- | --- |');
    console.log(`| kafkajs passthrough | ${bestPass.seconds.toFixed(2)} s | ${rate(bestPass.seconds)} | ${all(pass)} | ${perRecord(bestPass)} |`);
    console.log(`| ferris Kafka → SQL → Kafka | ${bestSql.seconds.toFixed(2)} s | ${rate(bestSql.seconds)} | ${all(sql)} | ${perRecord(bestSql)} |`);
    console.log(`| ferris, producer on the job's thread | ${bestJobThread.seconds.toFixed(2)} s | ${rate(bestJobThread.seconds)} | ${all(sqlJobThread)} | ${perRecord(bestJobThread)} |`);
    console.log(`| kafkajs consume only | ${consumed.seconds.toFixed(2)} s | ${rate(consumed.seconds)} | | ${perRecord(consumed)} |`);
    console.log(`| kafkajs produce only | ${produced.seconds.toFixed(2)} s | ${rate(produced.seconds)} | | ${perRecord(produced)} |`);
    console.log(`ours ÷ passthrough: ${(bestPass.seconds / bestSql.seconds).toFixed(2)}× (best against best)`);
    const table = `Kafka → SQL → Kafka through kafkajs, ${PARTITIONS} partitions, ferris broker in a child process`;
    recordResult({
      kind: 'measured',
      table,
      caseName: 'filter + projection, at-least-once (simple mode)',
      rows: RECORDS,
      oursSeconds: bestSql.seconds,
      peerName: 'kafkajs consume-produce passthrough',
      peerSeconds: bestPass.seconds,
      check: `${RECORDS.toLocaleString('en-US')} records in each output topic`,
      minRate: 150_000,
      minRatio: 0.8,
    });
    recordResult({
      kind: 'table',
      table: `${table}: client CPU per record`,
      markdown: [
        '| what | records/s | client CPU per record |',
        '| --- | ---: | ---: |',
        `| ferris Kafka → SQL → Kafka | ${rate(bestSql.seconds)} | ${perRecord(bestSql)} |`,
        `| ferris, \`producer.thread\` = false | ${rate(bestJobThread.seconds)} | ${perRecord(bestJobThread)} |`,
        `| kafkajs passthrough | ${rate(bestPass.seconds)} | ${perRecord(bestPass)} |`,
        `| kafkajs consume only | ${rate(consumed.seconds)} | ${perRecord(consumed)} |`,
        `| kafkajs produce only | ${rate(produced.seconds)} | ${perRecord(produced)} |`,
      ].join('\n'),
    });
  });
}

await main();
