import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { waitFor } from '../broker/helpers.js';
import { runTool, toolAvailable } from '../broker/external.js';

/*
 * Real `ferris run` processes against a broker over TCP (run `npm run build` first), and
 * read_committed reads of their output, for the exactly-once and scale-out specs.
 */

const ferris = join(import.meta.dirname, '../../bin/ferris.js');

/** Whether kcat (librdkafka) is installed, to read outputs a second way. */
export const kcat = toolAvailable('kcat', ['-V']);

/** A `ferris run` child process. */
export interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<number | NodeJS.Signals>;
  /** Resolves once the job logged that it started. */
  readonly started: Promise<void>;
  stderr(): string;
}

/** Starts `ferris run app.sql` in `dir`, logging at info level to a buffer. */
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

/** The end offset of each partition of `topic`, by partition. */
export async function endOffsets(kafka: Kafka, topic: string): Promise<number[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition).map((p) => Number(p.high));
  } finally {
    await admin.disconnect();
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

/** The same read through librdkafka (kcat), read_committed, to the end of the topic (run asynchronously: the broker runs in this process). */
export async function readWithKcat(address: string, topic: string): Promise<string[]> {
  const run = await runTool('kcat', ['-b', address, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%s\\n', '-X', 'isolation.level=read_committed']);
  if (run.code !== 0) throw new Error(`kcat failed (${run.code}): ${run.stderr}`);
  return run.stdout.split('\n').filter((line) => line !== '').sort();
}
