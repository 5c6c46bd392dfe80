/**
 * Event-to-result latency of Kafka → SQL → Kafka at a fixed input rate of half the job's
 * measured peak, on `ferris broker` in a child process. The job (`SELECT ... WHERE quantity > 0`
 * from a kafka_source to a kafka_sink, at-least-once) runs in a worker thread
 * (kafkaJobWorker.ts). First its peak: the time it takes for a prefilled topic. Then a load
 * driver produces trades to a fresh topic at half that rate (a send every few milliseconds),
 * each stamped with its event time (`event_ms`, the wall clock in fractional milliseconds when
 * it was sent), and a probe consumer of the output topic takes each result's time as it
 * arrives; a record's latency is the arrival time minus its event time. The first seconds are
 * a warm-up and not counted. Every record sent must arrive once. The same load goes through a
 * plain kafkajs consume-produce passthrough in the same worker (the peer: the same three Kafka
 * hops, the job's fetch and produce and the probe's fetch, without SQL), and through no job at
 * all: the probe reads the driver's topic, the floor of one hop on this broker and machine, so
 * the job's two hops and its work are what the first case adds to it. The driver sends through
 * kafkajs with our Produce encoding (lib/connectors/kafka/produceRequest) in every case: at
 * 25,000 records/s kafkajs's own encoder would take a quarter of a core from what it measures,
 * and one hop alone (driver, broker, probe) had a p99 of 19-23 ms with it, 8-10 ms without.
 * The passthrough's own producer keeps kafkajs's encoder. The driver names each record's
 * partition and groups with our one-pass grouping (kafkajsGroupingSeed.ts), and the probe reads
 * only the value's last member (`event_ms`): the driver and the probe share one thread and two
 * cores with everything measured, and with kafkajs's partitioner, grouping and a `JSON.parse`
 * of every result they took 0.65 of a core at 30,000 records/s (0.4 without).
 *
 * Run: `npm run build && node dist/bench/kafkaLatency.bench.js [peakRecords] [pacedSeconds]
 * [rate]` (defaults 100,000, 10 and half the peak). Not a test.
 */
import './kafkajsGroupingSeed.js';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { installKafkajsProduceEncoding, withOwnEncoding } from '../lib/connectors/kafka/produceRequest/kafkajsProduceEncoding.js';
import { startBrokerProcess } from './brokerProcess.js';
import { startJob } from './kafkaJobThread.js';
import type { KafkaBenchJob } from './kafkaJobWorker.js';
import { rowCountArgument } from './harness.js';
import { recordResult } from './results.js';

const PEAK_RECORDS = rowCountArgument(100_000);
const PACED_SECONDS = Number(process.argv[3] ?? 10);
/** A fixed input rate (records/s) instead of half the measured peak, to see how latency depends on load. */
const FIXED_RATE = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
const WARMUP_SECONDS = 2;
const TICK_MS = 5;
const PARTITIONS = 4;
const SYMBOLS = ['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA', 'META'];
/** The target of issue 8: p99 at most 10 ms at half the peak load. */
const TARGET_P99_MS = 10;

/** Wall-clock time in fractional milliseconds, the same clock in every thread of the process. */
const now = (): number => performance.timeOrigin + performance.now();

/** A trade as JSON, `event_ms` last (what {@link eventTimeOf} reads): the text `JSON.stringify` gives, without an object per record. */
function trade(i: number, eventMs: number): string {
  return `{"trade_id":${i},"symbol":"${SYMBOLS[i % SYMBOLS.length]}","price":"${(100 + (i % 997) / 100).toFixed(2)}","quantity":${10 + (i % 50)},"event_ms":${eventMs}}`;
}

/** The `event_ms` of a result: the number after the last colon of its JSON value (every case's output ends with it). */
function eventTimeOf(value: Buffer | null): number {
  const colon = value === null ? -1 : value.lastIndexOf(0x3a);
  const eventMs = colon < 0 ? Number.NaN : Number(value!.toString('latin1', colon + 1, value!.length - 1));
  if (!Number.isFinite(eventMs)) throw new Error(`a result without event_ms last: ${value?.toString('utf8') ?? 'null'}`);
  return eventMs;
}

function jobSql(address: string, input: string, output: string): string {
  return `CREATE STREAM trades (trade_id INTEGER, symbol STRING, price DECIMAL(10,2), quantity INTEGER, event_ms DOUBLE)
    WITH ('trades.type' = 'kafka_source', 'trades.bootstrap.servers' = '${address}', 'trades.topic' = '${input}',
          'trades.group.id' = 'job-${input}', 'trades.auto.offset.reset' = 'earliest');
  CREATE STREAM out_sql AS SELECT trade_id, symbol, price, quantity, event_ms FROM trades WHERE quantity > 0
    WITH ('mode' = 'simple', 'out_sql.type' = 'kafka_sink', 'out_sql.bootstrap.servers' = '${address}', 'out_sql.topic' = '${output}');`;
}

async function endOffsetSum(admin: Admin, topic: string): Promise<number> {
  return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
}

/**
 * The job's peak rate (records/s): the time to carry a prefilled topic of PEAK_RECORDS to its
 * output, the job's start (worker, plan, group join) included, so a little under the peak.
 */
async function peakRate(address: string, admin: Admin, producer: Producer): Promise<number> {
  for (let start = 0; start < PEAK_RECORDS; start += 2000) {
    const messages = [];
    for (let i = start; i < Math.min(PEAK_RECORDS, start + 2000); i++) messages.push({ key: String(i), partition: i % PARTITIONS, value: trade(i, 0) });
    await producer.send(withOwnEncoding({ topic: 'peak-in', messages }));
  }
  const started = performance.now();
  const stop = await startJob({ kind: 'sql', sql: jobSql(address, 'peak-in', 'peak-out') });
  while ((await endOffsetSum(admin, 'peak-out')) < PEAK_RECORDS) await new Promise((resolve) => setTimeout(resolve, 20));
  const seconds = (performance.now() - started) / 1000;
  await stop();
  return PEAK_RECORDS / seconds;
}

/** Produces `rate` records/s to `topic` for PACED_SECONDS, in a send every TICK_MS; resolves with the count sent. */
async function drive(producer: Producer, topic: string, rate: number): Promise<number> {
  const started = now();
  let sent = 0;
  const sends: Promise<unknown>[] = [];
  for (let elapsed = 0; elapsed < PACED_SECONDS * 1000; elapsed = now() - started) {
    const due = Math.floor((elapsed / 1000) * rate);
    if (due > sent) {
      const messages = [];
      const at = now();
      for (let i = sent; i < due; i++) messages.push({ key: String(i), partition: i % PARTITIONS, value: trade(i, at) });
      sent = due;
      sends.push(producer.send(withOwnEncoding({ topic, messages })));
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  await Promise.all(sends);
  return sent;
}

/**
 * Runs `job` (reading `input`, writing `output`) at `rate` records/s, or no job (the probe reads
 * `input`, which is `output`); resolves with the sorted latencies of the records sent after the
 * warm-up, once every record sent arrived.
 */
async function pacedLatencies(kafka: Kafka, producer: Producer, job: KafkaBenchJob | undefined, input: string, output: string, rate: number): Promise<number[]> {
  const latencies: number[] = [];
  let arrived = 0;
  /** Records with an earlier event time are the warm-up: they arrive, but are not counted. */
  let countFrom = Number.POSITIVE_INFINITY;
  const probe = kafka.consumer({ groupId: `probe-${output}`, maxWaitTimeInMs: 100, minBytes: 1 });
  await probe.connect();
  try {
    await probe.subscribe({ topic: output, fromBeginning: true });
    // No offset commits: kafkajs's default commits after every batch, a round trip to the
    // broker before the next fetch, which delayed every result the probe saw.
    await probe.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const at = now();
        for (const message of batch.messages) {
          arrived++;
          const eventMs = eventTimeOf(message.value);
          if (eventMs >= countFrom) latencies.push(at - eventMs);
        }
      },
    });
    const stop = job === undefined ? async () => undefined : await startJob(job);
    countFrom = now() + WARMUP_SECONDS * 1000;
    const sent = await drive(producer, input, rate);
    for (const waitUntil = now() + 10_000; arrived < sent && now() < waitUntil; ) await new Promise((resolve) => setTimeout(resolve, 20));
    await stop();
    if (arrived !== sent) throw new Error(`sent ${sent} records at ${rate}/s to ${input}, ${arrived} arrived in ${output}`);
    return latencies.sort((a, b) => a - b);
  } finally {
    await probe.disconnect();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const { child, address } = await startBrokerProcess(PARTITIONS);
  const kafka = new Kafka({ brokers: [address], clientId: 'bench', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  // The load driver is an instrument, not a case: it writes with our Produce encoding (30x
  // cheaper than kafkajs's), so its CPU takes less of the two cores from what it measures.
  installKafkajsProduceEncoding();
  const producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  try {
    const topics = ['peak-in', 'peak-out', 'ours-in', 'ours-out', 'pass-in', 'pass-out', 'hop'];
    await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: PARTITIONS })) });
    const peak = await peakRate(address, admin, producer);
    const rate = FIXED_RATE ?? Math.round(peak / 2);
    const load = FIXED_RATE === undefined ? 'half the measured peak' : 'a fixed rate';
    const cases: { name: string; job: KafkaBenchJob | undefined; input: string; output: string }[] = [
      { name: `ferris: filter + projection, simple mode, at ${rate.toLocaleString('en-US')} records/s (${load})`, job: { kind: 'sql', sql: jobSql(address, 'ours-in', 'ours-out') } as const, input: 'ours-in', output: 'ours-out' },
      { name: `kafkajs consume-produce passthrough (a peer), at ${rate.toLocaleString('en-US')} records/s`, job: { kind: 'passthrough', address, input: 'pass-in', output: 'pass-out', group: 'pass' } as const, input: 'pass-in', output: 'pass-out' },
      { name: `one hop, no job: the driver's topic read by the probe, at ${rate.toLocaleString('en-US')} records/s`, job: undefined, input: 'hop', output: 'hop' },
    ];
    const table = `Kafka → SQL → Kafka event-to-result latency, ${PARTITIONS} partitions, ferris broker in a child process`;
    console.log(`peak ${Math.round(peak).toLocaleString('en-US')} records/s (${PEAK_RECORDS.toLocaleString('en-US')} prefilled); paced ${rate.toLocaleString('en-US')} records/s for ${PACED_SECONDS} s each, the first ${WARMUP_SECONDS} s not counted`);
    console.log('| case | records | p50 ms | p99 ms | p99.9 ms | max ms |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const c of cases) {
      const sorted = await pacedLatencies(kafka, producer, c.job, c.input, c.output, rate);
      const [p50, p99, p999] = [percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 99.9)];
      console.log(`| ${c.name} | ${sorted.length} | ${p50.toFixed(2)} | ${p99.toFixed(2)} | ${p999.toFixed(2)} | ${sorted[sorted.length - 1]!.toFixed(2)} |`);
      recordResult({ kind: 'latency', table, caseName: c.name, rows: sorted.length, p50, p99, p999, ...(c.job?.kind === 'sql' ? { maxP99Ms: TARGET_P99_MS } : {}) });
    }
    console.log(`target: p99 ≤ ${TARGET_P99_MS} ms for ferris`);
  } finally {
    await Promise.all([producer.disconnect(), admin.disconnect()]);
    child.kill('SIGTERM');
  }
}

await main();
