/**
 * Exactly-once against at-least-once on Kafka: the same `SELECT ... WHERE quantity > 0` from a
 * kafka_source to a kafka_sink, in `'mode' = 'simple'` (offsets committed every
 * `commit.interval` = 1 s) and in `'mode' = 'transactional'` (a Kafka transaction per
 * checkpoint, `checkpoint.interval` = 1 s: output, changelog record and offsets committed
 * together), on `ferris broker` in a child process and one input topic of ~120-byte JSON
 * trades. Each run gets its own group and output topic and is timed from start until its
 * group's committed offsets reach the end of the input (every record read, written and, in
 * transactional mode, committed), and until its output topic's end offsets (as a
 * read_committed reader sees them: in transactional mode the last stable offset) reach the
 * input's record count: every record visible to a reader of the output, the time compared.
 * Transactional output becomes visible at each checkpoint's commit, so its times are quantised
 * by the 1 s interval, and its start (fencing, restoring from the changelog, a producer per
 * task) and its last checkpoint add up to about a second to a run whatever its length: hence
 * 1.5 million records, about 10 s a run, so that what is compared is the cost per record (with
 * 300,000 records, 2.3 s a run once the producers were fast, that second alone was 40%).
 * Rounds alternate the modes; the best run of each is recorded
 * (ours: transactional, its peer: simple mode; the target overhead of at most 20% is a ratio of
 * at least 1 / 1.2). Run: `npm run build && node dist/bench/exactlyOnce.bench.js [records]
 * [rounds]` (defaults 1,500,000 and 2). Not a test.
 */
import { type Kafka, type Admin } from 'kafkajs';
import { installKafkajsProduceEncoding, withOwnEncoding } from '../lib/connectors/kafka/produceRequest/kafkajsProduceEncoding.js';
import { loadApp, startApp } from '../lib/runtime/app.js';
import { withBenchBroker } from './brokerProcess.js';
import { rowCountArgument } from './harness.js';
import { recordResult } from './results.js';

const RECORDS = rowCountArgument(1_500_000);
const ROUNDS = Number(process.argv[3] ?? 2);
const PARTITIONS = 4;
const SYMBOLS = ['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA', 'META'];
/** Exactly-once may cost at most 20% over at-least-once: simple's time over transactional's at least 1 / 1.2. */
const MAX_OVERHEAD = 0.2;

type Mode = 'simple' | 'transactional';

/** Fills the input topic, with our Produce encoding (the fill is not timed; kafkajs's own would take 15 s more). */
async function fillInput(kafka: Kafka): Promise<void> {
  installKafkajsProduceEncoding();
  const producer = kafka.producer();
  await producer.connect();
  const perSend = 2000;
  for (let start = 0; start < RECORDS; start += perSend) {
    const messages = [];
    for (let i = start; i < Math.min(RECORDS, start + perSend); i++) {
      const trade = { trade_id: i, symbol: SYMBOLS[i % SYMBOLS.length], price: (100 + (i % 997) / 100).toFixed(2), quantity: 10 + (i % 50), trade_time: 1_700_000_000_000 + i };
      messages.push({ key: String(i), value: JSON.stringify(trade) });
    }
    await producer.send(withOwnEncoding({ topic: 'trades', messages }));
  }
  await producer.disconnect();
}

async function committedSum(admin: Admin, group: string): Promise<number> {
  const [entry] = await admin.fetchOffsets({ groupId: group, topics: ['trades'] });
  return (entry?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

/**
 * The output topic's end offsets as a read_committed reader sees them (kafkajs's admin asks so):
 * committed records, and in transactional mode the transaction markers too (a few per partition
 * and checkpoint, so the count is reached up to that many records early).
 */
async function endOffsetSum(admin: Admin, topic: string): Promise<number> {
  return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
}

/** A run's times from its start: every record visible in the output, and every input offset committed. */
interface Run {
  readonly visible: number;
  readonly committed: number;
}

async function run(address: string, admin: Admin, mode: Mode, round: number): Promise<Run> {
  const group = `bench-${mode}-${round}`;
  const out = `out-${mode}-${round}`;
  const keys = mode === 'simple' ? "'mode' = 'simple', 'commit.interval' = '1s'" : "'mode' = 'transactional', 'checkpoint.interval' = '1s'";
  const sql = `CREATE STREAM trades (trade_id INTEGER, symbol STRING, price DECIMAL(10,2), quantity INTEGER, trade_time TIMESTAMP)
    WITH ('trades.type' = 'kafka_source', 'trades.bootstrap.servers' = '${address}', 'trades.topic' = 'trades',
          'trades.group.id' = '${group}', 'trades.auto.offset.reset' = 'earliest');
  CREATE STREAM out_sql AS SELECT trade_id, symbol, price, quantity, trade_time FROM trades WHERE quantity > 0
    WITH (${keys}, 'out_sql.type' = 'kafka_sink', 'out_sql.bootstrap.servers' = '${address}', 'out_sql.topic' = '${out}');`;
  const app = loadApp(sql, { file: undefined, variables: () => undefined });
  const pipeline = await startApp(app, { file: undefined, baseDir: '.', variables: () => undefined, log: () => undefined, print: () => undefined });
  const started = performance.now();
  const done = pipeline.run();
  const pause = (): Promise<unknown> => new Promise((resolve) => setTimeout(resolve, 20));
  while ((await endOffsetSum(admin, out)) < RECORDS) await pause();
  const visible = (performance.now() - started) / 1000;
  while ((await committedSum(admin, group)) < RECORDS) await pause();
  const committed = (performance.now() - started) / 1000;
  pipeline.stop(true);
  const [outcome] = await done;
  if (outcome?.error !== undefined) throw outcome.error;
  return { visible, committed };
}

async function main(): Promise<void> {
  await withBenchBroker(PARTITIONS, async ({ address, kafka, admin }) => {
    await admin.createTopics({ topics: [{ topic: 'trades', numPartitions: PARTITIONS }] });
    await fillInput(kafka);
    const runs: Record<Mode, Run[]> = { simple: [], transactional: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order: Mode[] = round % 2 === 0 ? ['simple', 'transactional'] : ['transactional', 'simple'];
      for (const mode of order) runs[mode].push(await run(address, admin, mode, round));
    }
    const best = (mode: Mode, time: keyof Run = 'visible'): number => Math.min(...runs[mode].map((r) => r[time]));
    const rate = (seconds: number): string => `${Math.round(RECORDS / seconds / 1000)} K records/s`;
    const all = (mode: Mode, time: keyof Run): string => runs[mode].map((r) => r[time].toFixed(2)).join(', ');
    console.log(`${RECORDS} records, ${PARTITIONS} partitions, ${ROUNDS} rounds; each run timed until every record is visible in its output topic and until its group's offsets are committed at the end`);
    console.log('| mode | visible: best | all runs (s) | committed: best | all runs (s) |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const mode of ['simple', 'transactional'] as const) {
      console.log(`| ${mode} | ${best(mode).toFixed(2)} s (${rate(best(mode))}) | ${all(mode, 'visible')} | ${best(mode, 'committed').toFixed(2)} s | ${all(mode, 'committed')} |`);
    }
    console.log(`exactly-once overhead: ${((best('transactional') / best('simple') - 1) * 100).toFixed(1)}% (every record visible, best against best); ${((best('transactional', 'committed') / best('simple', 'committed') - 1) * 100).toFixed(1)}% (every offset committed)`);
    for (const mode of ['simple', 'transactional'] as const) {
      const committed = await committedSum(admin, `bench-${mode}-0`);
      if (committed !== RECORDS) throw new Error(`group bench-${mode}-0 committed ${committed} offsets, expected ${RECORDS}`);
    }
    recordResult({
      kind: 'measured',
      table: `Exactly-once against at-least-once on Kafka, ${PARTITIONS} partitions, 1 s checkpoint / commit interval`,
      caseName: `transactional mode (exactly-once), best of ${ROUNDS}`,
      rows: RECORDS,
      oursSeconds: best('transactional'),
      peerName: `simple mode (at-least-once), best of ${ROUNDS}`,
      peerSeconds: best('simple'),
      check: `each group's committed offsets reach all ${RECORDS.toLocaleString('en-US')} input records`,
      minRatio: Number((1 / (1 + MAX_OVERHEAD)).toFixed(2)),
    });
  });
}

await main();
