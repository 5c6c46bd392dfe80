/**
 * Broker throughput with ~200-byte records and the broker's own CPU per message (from /proc):
 * 1. kafkajs producers (worker threads) → `ferris broker` (child process) → a kafkajs consumer
 *    (worker thread);
 * 2. the same volume through bare wire clients (pre-encoded Produce requests, Fetch until the
 *    end), which shows what the broker sustains when the clients are not the bottleneck.
 * Run: `npm run build && node dist/bench/broker.bench.js [messages]`; the environment variables
 * PRODUCERS, PER_SEND and IN_FLIGHT tune the kafkajs producers. Not a test.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Kafka, logLevel } from 'kafkajs';
import { crc32c } from '../lib/broker/records/crc32c.js';
import { startBrokerProcess } from './brokerProcess.js';
import { BatchLayout } from '../lib/broker/records/batch.js';
import { FrameSplitter } from '../lib/broker/net/frames.js';

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
  const { child, address } = await startBrokerProcess(PARTITIONS);
  const pid = child.pid as number;
  const admin = new Kafka({ brokers: [address], clientId: 'bench', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }, { topic: RAW_TOPIC, numPartitions: PARTITIONS }] });
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

  report('kafkajs', Number(ended - started) / 1e9, Number(producedAt - started) / 1e9, brokerCpu);
  await Promise.all([consumer, ...producers].map((w) => w.worker.terminate()));

  const rawCpuBefore = cpuSeconds(pid);
  const rawStarted = process.hrtime.bigint();
  const port = Number(address.slice(address.lastIndexOf(':') + 1));
  await rawProduce(port);
  const rawProducedAt = process.hrtime.bigint();
  await rawFetchAll(port);
  const rawEnded = process.hrtime.bigint();
  report('wire', Number(rawEnded - rawStarted) / 1e9, Number(rawProducedAt - rawStarted) / 1e9, cpuSeconds(pid) - rawCpuBefore);
  child.kill('SIGTERM');
}

function report(clients: string, seconds: number, produceSeconds: number, brokerCpu: number): void {
  process.stdout.write(`${JSON.stringify({
    clients,
    messages: MESSAGES,
    recordBytes: RECORD_BYTES,
    produceMsgPerSec: Math.round(MESSAGES / produceSeconds),
    endToEndMsgPerSec: Math.round(MESSAGES / seconds),
    brokerCpuSeconds: Number(brokerCpu.toFixed(2)),
    brokerCores: Number((brokerCpu / seconds).toFixed(3)),
    brokerCpuMicrosPerMsg: Number(((brokerCpu * 1e6) / MESSAGES).toFixed(3)),
    brokerCoresAt100kMsgPerSec: Number(((brokerCpu / MESSAGES) * 100_000).toFixed(3)),
  })}\n`);
}

const RAW_TOPIC = 'bench-wire';
const RAW_BATCH = 1000;

/** An uncompressed record batch of `count` records with 200-byte values (non-idempotent, so it can be re-sent). */
function recordBatch(count: number): Buffer {
  const value = Buffer.alloc(RECORD_BYTES, 'x');
  const records: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const delta = zigzag(i);
    const body = Buffer.concat([Buffer.from([0, 0]), delta, Buffer.from([1]), zigzag(value.length), value, Buffer.from([0])]);
    records.push(zigzag(body.length), body);
  }
  const payload = Buffer.concat(records);
  const batch = Buffer.alloc(BatchLayout.HEADER_SIZE + payload.length);
  batch.writeInt32BE(batch.length - BatchLayout.LOG_OVERHEAD, BatchLayout.LENGTH);
  batch.writeInt8(2, BatchLayout.MAGIC);
  batch.writeInt32BE(count - 1, BatchLayout.LAST_OFFSET_DELTA);
  batch.writeBigInt64BE(BigInt(Date.now()), BatchLayout.BASE_TIMESTAMP);
  batch.writeBigInt64BE(BigInt(Date.now()), BatchLayout.MAX_TIMESTAMP);
  batch.writeBigInt64BE(-1n, BatchLayout.PRODUCER_ID);
  batch.writeInt16BE(-1, BatchLayout.PRODUCER_EPOCH);
  batch.writeInt32BE(-1, BatchLayout.BASE_SEQUENCE);
  batch.writeInt32BE(count, BatchLayout.RECORD_COUNT);
  payload.copy(batch, BatchLayout.HEADER_SIZE);
  batch.writeUInt32BE(crc32c(batch, BatchLayout.ATTRIBUTES), BatchLayout.CRC);
  return batch;
}

function zigzag(n: number): Buffer {
  let v = n >= 0 ? n * 2 : -n * 2 - 1;
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
}

function str(s: string): Buffer {
  const b = Buffer.alloc(2 + Buffer.byteLength(s));
  b.writeInt16BE(b.length - 2);
  b.write(s, 2);
  return b;
}

function int(bits: 8 | 16 | 32 | 64, v: number): Buffer {
  const b = Buffer.alloc(bits / 8);
  if (bits === 8) b.writeInt8(v);
  else if (bits === 16) b.writeInt16BE(v);
  else if (bits === 32) b.writeInt32BE(v);
  else b.writeBigInt64BE(BigInt(v));
  return b;
}

/** A request frame: size, header v1 (api key, version, correlation id, client id), body. */
function frame(apiKey: number, version: number, correlationId: number, body: Buffer[]): Buffer {
  const payload = Buffer.concat([int(16, apiKey), int(16, version), int(32, correlationId), str('wire'), ...body]);
  return Buffer.concat([int(32, payload.length), payload]);
}

/** Sends requests over one socket with `window` in flight; resolves with every response body. */
async function exchange(port: number, requests: Iterable<Buffer>, window: number, onResponse: (body: Buffer) => boolean): Promise<void> {
  const socket: Socket = await new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  socket.setNoDelay(true);
  const iterator = requests[Symbol.iterator]();
  let inFlight = 0;
  const frames = new FrameSplitter(2 ** 31 - 1);
  await new Promise<void>((resolve) => {
    const fill = (): void => {
      while (inFlight < window) {
        const next = iterator.next();
        if (next.done === true) break;
        inFlight++;
        socket.write(next.value);
      }
      if (inFlight === 0) resolve();
    };
    socket.on('data', (d: Buffer) => {
      for (const response of frames.push(d)) {
        inFlight--;
        if (!onResponse(response.subarray(4))) {
          resolve();
          return;
        }
      }
      fill();
    });
    fill();
  });
  socket.destroy();
}

/** Produce v7 requests (acks=1) of RAW_BATCH records each, 8 in flight, round-robin over the partitions. */
async function rawProduce(port: number): Promise<void> {
  const batch = recordBatch(RAW_BATCH);
  const requests = function* (): Generator<Buffer> {
    for (let i = 0; i * RAW_BATCH < MESSAGES; i++) {
      const partition = [int(32, i % PARTITIONS), int(32, batch.length), batch];
      yield frame(0, 7, i, [int(16, -1), int(16, 1), int(32, 30_000), int(32, 1), str(RAW_TOPIC), int(32, 1), ...partition]);
    }
  };
  await exchange(port, requests(), 8, () => true);
}

/** Fetch v4 (read_uncommitted) over every partition until MESSAGES records came back. */
async function rawFetchAll(port: number): Promise<void> {
  const offsets = new Array<number>(PARTITIONS).fill(0);
  let received = 0;
  let correlation = 0;
  const request = (): Buffer => frame(1, 4, correlation++, [
    int(32, -1), int(32, 100), int(32, 1), int(32, 64 << 20), int(8, 0), int(32, 1), str(RAW_TOPIC), int(32, PARTITIONS),
    ...offsets.flatMap((offset, p) => [int(32, p), int(64, offset), int(32, 16 << 20)]),
  ]);
  const requests = function* (): Generator<Buffer> {
    while (received < MESSAGES) yield request();
  };
  await exchange(port, requests(), 1, (body) => {
    let at = 4 + 4 + 2 + body.readInt16BE(8) + 4;
    for (let p = 0; p < PARTITIONS; p++) {
      const partition = body.readInt32BE(at);
      at += 4 + 2 + 8 + 8 + 4;
      const aborted = body.readInt32BE(at - 4);
      if (aborted > 0) at += aborted * 16;
      const size = body.readInt32BE(at);
      at += 4;
      const end = at + Math.max(0, size);
      while (at + BatchLayout.HEADER_SIZE <= end) {
        const batchSize = body.readInt32BE(at + BatchLayout.LENGTH) + BatchLayout.LOG_OVERHEAD;
        if (at + batchSize > end) break;
        received += body.readInt32BE(at + BatchLayout.RECORD_COUNT);
        offsets[partition] = Number(body.readBigInt64BE(at)) + body.readInt32BE(at + BatchLayout.LAST_OFFSET_DELTA) + 1;
        at += batchSize;
      }
      at = end;
    }
    return received < MESSAGES;
  });
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
      await producer.send({ topic: TOPIC, acks: 1, messages: Array.from({ length: n }, () => ({ value })) });
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
