/**
 * Broker throughput: kafkajs producers (worker threads) → `ferris broker` (child process) → a
 * kafkajs consumer (worker thread), with ~200-byte records, plus the broker's own CPU per message
 * read from /proc. Run: `npm run build && node dist/bench/broker.bench.js [messages]`; the
 * environment variables PRODUCERS, PER_SEND and IN_FLIGHT tune the producer side. Not a test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Kafka, logLevel } from 'kafkajs';

const MESSAGES = Number(process.argv[2] ?? 300_000);
const PRODUCERS = Number(process.env.PRODUCERS ?? 2);
const PER_SEND = Number(process.env.PER_SEND ?? 1000);
const IN_FLIGHT = Number(process.env.IN_FLIGHT ?? 4);
const PARTITIONS = 4;
const TOPIC = 'bench';
const RECORD_BYTES = 200;
const TICKS_PER_SECOND = 100;

/** What a worker thread does. */
type Role = { readonly role: 'consumer'; readonly address: string } | { readonly role: 'producer'; readonly address: string; readonly count: number };

function startBroker(): Promise<{ child: ChildProcess; address: string }> {
  const main = fileURLToPath(new URL('../lib/broker/main.js', import.meta.url));
  const child = spawn(process.execPath, [main, '--port', '0', '--default-partitions', String(PARTITIONS)], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      const match = /listening on (\S+:\d+)/.exec(stderr);
      if (match?.[1] !== undefined) resolve({ child, address: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`broker exited with ${code}: ${stderr}`)));
  });
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Starts a worker with a role; resolves on its first message ("ready"), then `done` on "done". */
function startWorker(role: Role): { ready: Promise<void>; done: Promise<void>; worker: Worker } {
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: role, argv: process.argv.slice(2) });
  const ready = new Promise<void>((resolve) => worker.once('message', () => resolve()));
  const done = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: string) => {
      if (m === 'done') resolve();
    });
    worker.on('error', reject);
  });
  return { ready, done, worker };
}

async function main(): Promise<void> {
  const { child, address } = await startBroker();
  const pid = child.pid as number;
  const admin = new Kafka({ brokers: [address], clientId: 'bench', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }] });
  await admin.disconnect();

  const consumer = startWorker({ role: 'consumer', address });
  await consumer.ready;
  const share = Math.ceil(MESSAGES / PRODUCERS);
  const producers = Array.from({ length: PRODUCERS }, (_, i) => startWorker({ role: 'producer', address, count: Math.min(share, MESSAGES - i * share) }));
  await Promise.all(producers.map((p) => p.ready));

  const cpuBefore = cpuSeconds(pid);
  const started = process.hrtime.bigint();
  for (const p of producers) p.worker.postMessage('go');
  await Promise.all(producers.map((p) => p.done));
  const producedAt = process.hrtime.bigint();
  await consumer.done;
  const ended = process.hrtime.bigint();
  const brokerCpu = cpuSeconds(pid) - cpuBefore;

  const seconds = Number(ended - started) / 1e9;
  process.stdout.write(`${JSON.stringify({
    messages: MESSAGES,
    recordBytes: RECORD_BYTES,
    producers: PRODUCERS,
    produceMsgPerSec: Math.round(MESSAGES / (Number(producedAt - started) / 1e9)),
    endToEndMsgPerSec: Math.round(MESSAGES / seconds),
    brokerCpuSeconds: Number(brokerCpu.toFixed(2)),
    brokerCores: Number((brokerCpu / seconds).toFixed(3)),
    brokerCpuMicrosPerMsg: Number(((brokerCpu * 1e6) / MESSAGES).toFixed(3)),
    brokerCoresAt100kMsgPerSec: Number(((brokerCpu / MESSAGES) * 100_000).toFixed(3)),
  })}\n`);
  await Promise.all([consumer, ...producers].map((w) => w.worker.terminate()));
  child.kill('SIGTERM');
}

/** Producer worker: waits for "go", sends `count` records in batches of PER_SEND with IN_FLIGHT sends at a time. */
async function produce(address: string, count: number): Promise<void> {
  const kafka = new Kafka({ brokers: [address], clientId: 'bench-producer', logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const value = Buffer.alloc(RECORD_BYTES, 'x');
  const go = new Promise<void>((resolve) => parentPort?.once('message', () => resolve()));
  parentPort?.postMessage('ready');
  await go;
  let sent = 0;
  const loop = async (): Promise<void> => {
    while (sent < count) {
      const n = Math.min(PER_SEND, count - sent);
      sent += n;
      await producer.send({ topic: TOPIC, acks: 1, messages: Array.from({ length: n }, (_, i) => ({ key: String(i % 64), value })) });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, loop));
  parentPort?.postMessage('done');
  await producer.disconnect();
}

/** Consumer worker: reports "ready" once it joined the group, "done" after MESSAGES records. */
async function consume(address: string): Promise<void> {
  const kafka = new Kafka({ brokers: [address], clientId: 'bench-consumer', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: 'bench', maxWaitTimeInMs: 50, maxBytes: 50 << 20, maxBytesPerPartition: 10 << 20 });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  let consumed = 0;
  consumer.on(consumer.events.GROUP_JOIN, () => parentPort?.postMessage('ready'));
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      consumed += batch.messages.length;
      if (consumed >= MESSAGES) parentPort?.postMessage('done');
    },
  });
}

function run(): Promise<void> {
  if (isMainThread) return main();
  const role = workerData as Role;
  return role.role === 'consumer' ? consume(role.address) : produce(role.address, role.count);
}

run().catch((error: unknown) => {
  process.stderr.write(`broker bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
