import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Admin, Kafka } from 'kafkajs';
import { waitFor } from '../broker/helpers.js';
import { DEBIAN_PYTHON, IN_CI, runTool, toolAvailable } from '../broker/external.js';

/*
 * What the specs running `ferris run` against a Kafka broker share: the process, the jobs'
 * SQL, the committed offsets of their groups and the read_committed outputs, read by kafkajs
 * and by librdkafka clients (kcat, python3-confluent-kafka) when they are installed.
 */

const ferris = join(import.meta.dirname, '../../bin/ferris.js');
const CONFLUENT_READER = fileURLToPath(new URL('../broker/clients/confluent_read_committed.py', import.meta.url));

/** A `ferris run` process. */
export interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<number | NodeJS.Signals>;
  /** Resolves once the job logged `job started`. */
  readonly started: Promise<void>;
  stderr(): string;
}

/** Spawns `ferris run app.sql` in `dir` (info logs on stderr). */
export function ferrisRun(dir: string): Running {
  const child = spawn(process.execPath, [ferris, 'run', 'app.sql', '--no-progress'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, FERRIS_LOG_LEVEL: 'info' } });
  let stderr = '';
  let onStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (onStarted = resolve));
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.includes('job started')) onStarted();
  });
  const exited = new Promise<number | NodeJS.Signals>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal!)));
  return { child, exited, started, stderr: () => stderr };
}

/** Something that logs: a `ferris run` or `ferris server` process. */
export interface Logging {
  stderr(): string;
}

/** The partitions a process's scaled-out job holds after its latest assignment of `topic`, from its log. */
export function heldPartitions(process: Logging, topic: string): string[] {
  const lines = process.stderr().split('\n').filter((line) => line.includes('assignment applied') && line.includes(`held=${topic}-`));
  const last = lines[lines.length - 1];
  return last === undefined ? [] : (/held=(\S+)/.exec(last)?.[1] ?? '').split(',');
}

/** Waits as `waitFor` does (up to 60 s); a timeout shows what each process logged. */
export async function waitLogged<T>(what: string, processes: readonly Logging[], check: () => T | undefined | Promise<T | undefined>): Promise<T> {
  try {
    return await waitFor(what, check, 60_000);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${processes.map((p, i) => `--- process ${i}:\n${p.stderr()}`).join('\n')}`);
  }
}

/** The end offset of each partition of `topic`. */
export async function endOffsets(kafka: Kafka, topic: string): Promise<number[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition).map((p) => Number(p.high));
  } finally {
    await admin.disconnect();
  }
}

/** One admin client kept connected to poll a group's committed offsets cheaply. */
export class GroupWatch {
  private constructor(private readonly admin: Admin) {}

  static async open(kafka: Kafka): Promise<GroupWatch> {
    const admin = kafka.admin();
    await admin.connect();
    return new GroupWatch(admin);
  }

  /** The sum over the partitions of `topic` of the offsets committed under `group` (none: 0). */
  async committed(group: string, topic: string): Promise<number> {
    const [entry] = await this.admin.fetchOffsets({ groupId: group, topics: [topic] });
    return entry!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  }

  /** The sum of the end offsets of `topic`. */
  async end(topic: string): Promise<number> {
    return (await this.admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  }

  close(): Promise<void> {
    return this.admin.disconnect();
  }
}

/** Every committed message value of `topic`, sorted: read with read_committed until nothing new came for a while. */
export async function readCommitted(kafka: Kafka, topic: string): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: `reader-${Math.random().toString(36).slice(2)}`, maxWaitTimeInMs: 100 });
  const seen: string[] = [];
  let last = Date.now();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push(message.value!.toString());
      last = Date.now();
    },
  });
  try {
    await waitFor(`${topic} read to its end`, () => (Date.now() - last > 1500 ? true : undefined), 30_000);
  } finally {
    await consumer.disconnect();
  }
  return seen.sort();
}

/** The librdkafka readers installed here: kcat and python3-confluent-kafka (Debian's python). */
export const LIBRDKAFKA_READERS = {
  kcat: toolAvailable('kcat', ['-V']),
  confluent: toolAvailable(DEBIAN_PYTHON, ['-c', 'import confluent_kafka']),
};

/**
 * The read_committed values of `topic` (sorted) as each installed librdkafka client reads
 * them: kcat and python3-confluent-kafka, spawned asynchronously (the broker runs in this
 * process, so its event loop must stay free).
 */
export async function readWithLibrdkafka(address: string, topic: string): Promise<Record<string, string[]>> {
  if (IN_CI && !(LIBRDKAFKA_READERS.kcat && LIBRDKAFKA_READERS.confluent)) {
    throw new Error('CI needs kcat and python3-confluent-kafka (apt-get install -y kcat python3-confluent-kafka) to read the outputs with librdkafka');
  }
  const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '').sort();
  const read: Record<string, string[]> = {};
  if (LIBRDKAFKA_READERS.kcat) {
    const run = await runTool('kcat', ['-b', address, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%s\\n', '-X', 'isolation.level=read_committed']);
    if (run.code !== 0) throw new Error(`kcat failed (${run.code}): ${run.stderr}`);
    read.kcat = lines(run.stdout);
  }
  if (LIBRDKAFKA_READERS.confluent) {
    const run = await runTool(DEBIAN_PYTHON, [CONFLUENT_READER, address, topic], '', 45_000);
    if (run.code !== 0) throw new Error(`python3-confluent-kafka failed (${run.code}): ${run.stderr}`);
    read.confluent = lines(run.stdout);
  }
  return read;
}

/** Where one run of a job reads and writes, and the keys it adds. */
export interface JobTarget {
  readonly address: string;
  readonly input: string;
  readonly group: string;
  readonly out: string;
  /** More `'key' = 'value'` pairs of the job's WITH, e.g. restart or sink settings. */
  readonly jobKeys?: Readonly<Record<string, string>>;
  /** The source's `session.timeout.ms` (default 1000: a killed member leaves the group fast). */
  readonly sessionTimeoutMs?: number;
}

/** The SQL of one run of a job. */
export type JobSql = (target: JobTarget) => string;

const keys = (entries: Readonly<Record<string, string>> = {}): string => Object.entries(entries).map(([k, v]) => `, '${k}' = '${v}'`).join('');

/** A stateless transactional job: `{n}` records to `{n, twice}`, skipping multiples of 5. */
export const STATELESS: JobSql = ({ address, input, group, out, jobKeys, sessionTimeoutMs = 1000 }) =>
  `CREATE STREAM nums (n INTEGER) WITH ('nums.type' = 'kafka_source', 'nums.bootstrap.servers' = '${address}', 'nums.topic' = '${input}',
     'nums.group.id' = '${group}', 'nums.auto.offset.reset' = 'earliest', 'nums.session.timeout.ms' = '${sessionTimeoutMs}', 'nums.batch.size' = '100');
   CREATE STREAM doubled AS SELECT n, n * 2 AS twice FROM nums WHERE n % 5 <> 0
   WITH ('mode' = 'transactional', 'checkpoint.interval' = '100ms', 'doubled.type' = 'kafka_sink', 'doubled.bootstrap.servers' = '${address}', 'doubled.topic' = '${out}'${keys(jobKeys)});\n`;

/** A windowed transactional GROUP BY: `{k, ts, v}` records to one row per key and one-second window. */
export const WINDOWED: JobSql = ({ address, input, group, out, jobKeys, sessionTimeoutMs = 1000 }) =>
  `CREATE STREAM ticks (k STRING, ts TIMESTAMP, v INTEGER) WITH ('ticks.type' = 'kafka_source', 'ticks.bootstrap.servers' = '${address}', 'ticks.topic' = '${input}',
     'ticks.group.id' = '${group}', 'ticks.auto.offset.reset' = 'earliest', 'ticks.session.timeout.ms' = '${sessionTimeoutMs}', 'ticks.batch.size' = '100');
   CREATE STREAM per_second AS SELECT k, TUMBLE_START(ts, INTERVAL '1' SECOND) AS w, COUNT(*) AS c, SUM(v) AS s
   FROM ticks GROUP BY k, TUMBLE(ts, INTERVAL '1' SECOND)
   WITH ('event.time.field' = 'ts', 'mode' = 'transactional', 'checkpoint.interval' = '100ms',
     'per_second.type' = 'kafka_sink', 'per_second.bootstrap.servers' = '${address}', 'per_second.topic' = '${out}'${keys(jobKeys)});\n`;

/** `count` input records of the stateless job from `first` on, over 2 partitions. */
export function statelessRecords(first: number, count: number): { value: string; partition: number }[] {
  return Array.from({ length: count }, (_, i) => ({ value: JSON.stringify({ n: first + i }), partition: (first + i) % 2 }));
}

/** `count` input records of the windowed job from the `first`-th on: 5 keys, 10 ms apart, over 2 partitions. */
export function windowedRecords(first: number, count: number): { value: string; partition: number }[] {
  const t0 = Date.UTC(2026, 0, 1);
  return Array.from({ length: count }, (_, j) => {
    const i = first + j;
    return { value: JSON.stringify({ k: `k${i % 5}`, ts: t0 + i * 10, v: i % 7 }), partition: i % 2 };
  });
}

/**
 * Runs the job of `dir` until its offsets under `group` reach the end of `input`, then stops
 * it with SIGTERM; fails unless it exits 0 within 30 s of the signal. Returns its stderr.
 */
export async function runToEnd(kafka: Kafka, dir: string, group: string, input: string): Promise<string> {
  const run = ferrisRun(dir);
  const watch = await GroupWatch.open(kafka);
  try {
    // A restarted job may find its offsets at the end already (the killed run committed them):
    // wait until it runs, so that the SIGTERM below reaches its handler, not a starting process.
    await Promise.race([run.started, run.exited.then((how) => Promise.reject(new Error(`ferris ended before it started (${how}): ${run.stderr()}`)))]);
    const end = await watch.end(input);
    await waitFor(`offsets of ${group} at the end (${end})`, async () => ((await watch.committed(group, input)) === end ? true : undefined), 60_000);
  } finally {
    await watch.close();
  }
  const signalled = Date.now();
  run.child.kill('SIGTERM');
  const how = await run.exited;
  if (how !== 0) throw new Error(`ferris exited with ${how} after SIGTERM: ${run.stderr()}`);
  if (Date.now() - signalled > 30_000) throw new Error(`ferris took ${Date.now() - signalled} ms to stop after SIGTERM`);
  return run.stderr();
}
