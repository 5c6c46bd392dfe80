/**
 * Scale-out on a consumer group: the same `'mode' = 'transactional'` job (a filter and
 * projection from a kafka_source to a kafka_sink, one task per partition,
 * `checkpoint.interval` = 250 ms so that the committed offsets, sampled to measure progress,
 * move in small steps) run by one `ferris run` process, then by two processes of the same SQL and
 * group sharing the 4 partitions, on `ferris broker` in a child process. Each run gets its own
 * group and output topic over its own copy of the input, filled before the processes start.
 * The group's committed offsets are sampled every 50 ms; the throughput is the steady one,
 * from 20% of the input committed (and no sooner than 1 s after every process holds its share
 * of the partitions: the first process reads them all until the second joins) to 80% (the last
 * checkpoint falls outside it); a run's time is the input size at that rate. Rounds
 * alternate the order. On this 2-core machine the broker's child process competes with the
 * job processes. Run: `npm run build && node dist/bench/scaleOut.bench.js [records] [rounds]`.
 * Not a test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kafka, type Admin } from 'kafkajs';
import { withBenchBroker } from './brokerProcess.js';
import { rowCountArgument } from './harness.js';
import { recordResult } from './results.js';

const RECORDS = rowCountArgument(500_000);
const ROUNDS = Number(process.argv[3] ?? 2);
const PARTITIONS = 4;
const SYMBOLS = ['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA', 'META'];
const ferris = fileURLToPath(new URL('../../bin/ferris.js', import.meta.url));

interface JobProcess {
  readonly child: ChildProcess;
  /** How many partitions of the input the process holds after its latest assignment. */
  held(): number;
  readonly exited: Promise<void>;
}

function startJob(dir: string, input: string): JobProcess {
  const child = spawn(process.execPath, [ferris, 'run', 'app.sql', '--no-progress'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, FERRIS_LOG_LEVEL: 'info' } });
  let held = 0;
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    log += chunk.toString();
    const lines = log.split('\n');
    log = lines.pop() ?? '';
    for (const line of lines) {
      const match = /assignment applied.* held=(\S+)/.exec(line);
      if (match?.[1] !== undefined) held = match[1].split(',').filter((p) => p.startsWith(`${input}-`)).length;
    }
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, held: () => held, exited };
}

async function produceInput(kafka: Kafka, topic: string): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  const perSend = 2000;
  const sends: Promise<unknown>[] = [];
  for (let start = 0; start < RECORDS; start += perSend) {
    const messages = [];
    for (let i = start; i < Math.min(RECORDS, start + perSend); i++) {
      const trade = { trade_id: i, symbol: SYMBOLS[i % SYMBOLS.length], price: (100 + (i % 997) / 100).toFixed(2), quantity: 10 + (i % 50), trade_time: 1_700_000_000_000 + i };
      messages.push({ key: String(i), value: JSON.stringify(trade) });
    }
    sends.push(producer.send({ topic, messages }));
    if (sends.length >= 8) await sends.shift();
  }
  await Promise.all(sends);
  await producer.disconnect();
}

async function committedSum(admin: Admin, group: string, topic: string): Promise<number> {
  const [entry] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  return (entry?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One timed run with `processes` job processes: the seconds the whole input takes at its steady rate. */
async function run(address: string, kafka: Kafka, admin: Admin, processes: number, round: number): Promise<number> {
  const name = `p${processes}-r${round}`;
  const input = `trades-${name}`;
  const group = `bench-${name}`;
  await admin.createTopics({ topics: [{ topic: input, numPartitions: PARTITIONS }, { topic: `out-${name}`, numPartitions: PARTITIONS }] });
  await produceInput(kafka, input);
  const dir = mkdtempSync(join(tmpdir(), 'ferris-scale-'));
  writeFileSync(
    join(dir, 'app.sql'),
    `CREATE STREAM trades (trade_id INTEGER, symbol STRING, price DECIMAL(10,2), quantity INTEGER, trade_time TIMESTAMP)
      WITH ('trades.type' = 'kafka_source', 'trades.bootstrap.servers' = '${address}', 'trades.topic' = '${input}',
            'trades.group.id' = '${group}', 'trades.auto.offset.reset' = 'earliest', 'trades.session.timeout.ms' = '6000');
    CREATE STREAM out_sql AS SELECT trade_id, symbol, price, quantity, trade_time FROM trades WHERE quantity > 0
      WITH ('mode' = 'transactional', 'checkpoint.interval' = '250ms', 'out_sql.type' = 'kafka_sink', 'out_sql.bootstrap.servers' = '${address}', 'out_sql.topic' = 'out-${name}');\n`,
  );
  const jobs = Array.from({ length: processes }, () => startJob(dir, input));
  const samples: { at: number; committed: number }[] = [];
  const deadline = Date.now() + 120_000;
  /** When every process first held its share of the partitions (the first process reads all of them until the others join). */
  let sharedAt: number | undefined;
  for (;;) {
    const committed = await committedSum(admin, group, input);
    const at = performance.now();
    samples.push({ at, committed });
    if (sharedAt === undefined && jobs.every((job) => job.held() === PARTITIONS / processes)) sharedAt = at;
    if (committed >= RECORDS) break;
    if (Date.now() > deadline) throw new Error(`${processes} processes did not commit the input within 120 s`);
    await sleep(50);
  }
  for (const job of jobs) job.child.kill('SIGTERM');
  await Promise.all(jobs.map((job) => job.exited));
  if (sharedAt === undefined) throw new Error(`the ${processes} processes never shared the partitions evenly`);
  // The steady part: from 20% of the input, and no sooner than 1 s after the partitions were shared (the rebalance's restores are over), to 80%.
  const settled = sharedAt + 1000;
  const from = samples.find((s) => s.committed >= 0.2 * RECORDS && s.at >= settled);
  const to = samples.find((s) => s.committed >= 0.8 * RECORDS)!;
  if (from === undefined || to.at <= from.at) throw new Error(`${processes} processes: 80% of the input was committed before the partitions were shared for 1 s; use more records`);
  return RECORDS / ((to.committed - from.committed) / ((to.at - from.at) / 1000));
}

async function main(): Promise<void> {
  await withBenchBroker(PARTITIONS, async ({ address, kafka, admin }) => {
    const times: Record<1 | 2, number[]> = { 1: [], 2: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order: (1 | 2)[] = round % 2 === 0 ? [1, 2] : [2, 1];
      for (const processes of order) times[processes].push(await run(address, kafka, admin, processes, round));
    }
    const best = (processes: 1 | 2): number => Math.min(...times[processes]);
    const rate = (seconds: number): string => `${Math.round(RECORDS / seconds / 1000)} K records/s`;
    console.log(`${RECORDS} records, ${PARTITIONS} partitions, ${ROUNDS} rounds; each run's rate measured between 20% and 80% of the input committed`);
    for (const processes of [1, 2] as const) {
      console.log(`| ${processes} process${processes === 1 ? '' : 'es'} | best ${best(processes).toFixed(2)} s (${rate(best(processes))}) | all ${times[processes].map((t) => t.toFixed(2)).join(', ')} s |`);
    }
    console.log(`two processes against one: ${(best(1) / best(2)).toFixed(2)}× (best against best)`);
    recordResult({
      kind: 'measured',
      table: `Scale-out: 'mode' = 'transactional' (checkpoint.interval 250 ms) on ${PARTITIONS} partitions, ferris broker in a child process, 2 cores`,
      caseName: 'filter + projection, two ferris run processes in one group',
      rows: RECORDS,
      oursSeconds: best(2),
      peerName: 'one ferris run process',
      peerSeconds: best(1),
      check: `every run's group offsets committed at the end of its ${RECORDS.toLocaleString('en-US')} records; steady rate between 20% and 80%`,
      minRatio: 1.7,
    });
  });
}

await main();
