/**
 * Broker throughput: a kafkajs producer (main thread) → `ferris broker` (child process) → a
 * kafkajs consumer (worker thread), with ~200-byte records, plus the broker's own CPU per
 * message read from /proc. Run: `npm run build && node dist/bench/broker.bench.js [messages]`
 * (PER_SEND and IN_FLIGHT tune the producer). Not a test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Kafka, logLevel } from 'kafkajs';

const MESSAGES = Number(process.argv[2] ?? 300_000);
const PER_SEND = Number(process.env.PER_SEND ?? 1000);
const IN_FLIGHT = Number(process.env.IN_FLIGHT ?? 4);
const PARTITIONS = 4;
const TOPIC = 'bench';
const VALUE = Buffer.alloc(200, 'x');
const TICKS_PER_SECOND = 100;

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

async function main(): Promise<void> {
  const { child, address } = await startBroker();
  const pid = child.pid as number;
  const kafka = new Kafka({ brokers: [address], clientId: 'bench', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }] });
  await admin.disconnect();

  const consumer = new Worker(fileURLToPath(import.meta.url), { workerData: { address } });
  const consumerReady = new Promise<void>((resolve) => consumer.once('message', () => resolve()));
  const allConsumed = new Promise<void>((resolve) => consumer.on('message', (m: string) => { if (m === 'done') resolve(); }));
  await consumerReady;

  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const cpuBefore = cpuSeconds(pid);
  const started = process.hrtime.bigint();
  let sent = 0;
  const sendLoop = async (): Promise<void> => {
    while (sent < MESSAGES) {
      const count = Math.min(PER_SEND, MESSAGES - sent);
      sent += count;
      await producer.send({ topic: TOPIC, acks: 1, messages: Array.from({ length: count }, (_, i) => ({ key: String(i % 64), value: VALUE })) });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, sendLoop));
  const producedAt = process.hrtime.bigint();
  await allConsumed;
  const ended = process.hrtime.bigint();
  const brokerCpu = cpuSeconds(pid) - cpuBefore;

  const seconds = Number(ended - started) / 1e9;
  const produceSeconds = Number(producedAt - started) / 1e9;
  const rate = MESSAGES / seconds;
  const result = {
    messages: MESSAGES,
    recordBytes: VALUE.length,
    produceMsgPerSec: Math.round(MESSAGES / produceSeconds),
    endToEndMsgPerSec: Math.round(rate),
    brokerCpuSeconds: Number(brokerCpu.toFixed(2)),
    brokerCores: Number((brokerCpu / seconds).toFixed(3)),
    brokerCpuMicrosPerMsg: Number(((brokerCpu * 1e6) / MESSAGES).toFixed(3)),
    brokerCoresAt100kMsgPerSec: Number(((brokerCpu / MESSAGES) * 100_000).toFixed(3)),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await producer.disconnect();
  await consumer.terminate();
  child.kill('SIGTERM');
}

/** The consumer side, in a worker thread so it does not share the producer's event loop. */
async function consume(address: string): Promise<void> {
  const kafka = new Kafka({ brokers: [address], clientId: 'bench-consumer', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: 'bench', maxWaitTimeInMs: 50, maxBytes: 50 << 20, maxBytesPerPartition: 10 << 20 });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  let consumed = 0;
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    if (!joined) parentPort?.postMessage('ready');
    joined = true;
  });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      consumed += batch.messages.length;
      if (consumed >= MESSAGES) parentPort?.postMessage('done');
    },
  });
}

(isMainThread ? main() : consume((workerData as { address: string }).address)).catch((error: unknown) => {
  process.stderr.write(`broker bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
