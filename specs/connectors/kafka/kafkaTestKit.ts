import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { kafkaSourceConfig } from '../../../lib/connectors/kafka/kafkaSourceFactory.js';
import { KafkaSource } from '../../../lib/connectors/kafka/kafkaSource.js';
import type { ConnectorContext } from '../../../lib/connectors/types.js';
import type { Schema } from '../../../lib/types/schema.js';
import { loadApp, startApp } from '../../../lib/runtime/app.js';
import type { FailureListener } from '../../../lib/runtime/failureRouter.js';
import type { Logger } from '../../../lib/runtime/logger.js';
import type { Pipeline, JobOutcome } from '../../../lib/runtime/pipeline.js';

/** A fresh temporary directory for one spec. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ferris-kafka-'));
}

/** The JSON lines of a file, or none while it does not exist. */
export function jsonLines(file: string): Record<string, unknown>[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** An application started in this process, running until `stop`. */
export interface RunningApp {
  readonly pipeline: Pipeline;
  /** Drains the jobs (as SIGTERM does) and waits until they ended. */
  stop(): Promise<JobOutcome[]>;
  readonly done: Promise<JobOutcome[]>;
}

/** Starts the SQL of an application in this process. */
export async function runApp(sql: string, baseDir: string, options: { log?: Logger; failures?: FailureListener } = {}): Promise<RunningApp> {
  const log: Logger = options.log ?? (() => undefined);
  const app = loadApp(sql, { file: undefined, variables: () => undefined });
  const pipeline = await startApp(app, { file: undefined, baseDir, variables: () => undefined, log, print: () => undefined, ...(options.failures ? { failures: options.failures } : {}) });
  const done = pipeline.run();
  return {
    pipeline,
    done,
    stop: async () => {
      pipeline.stop(true);
      return done;
    },
  };
}

/** Creates topics with the given partition counts. */
export async function createTopics(kafka: Kafka, topics: Record<string, number>): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: Object.entries(topics).map(([topic, numPartitions]) => ({ topic, numPartitions })), waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/** Produces messages to a topic and disconnects. */
export async function produce(kafka: Kafka, topic: string, messages: { key?: string; value: string | null; partition?: number; headers?: Record<string, string>; timestamp?: string }[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages });
  } finally {
    await producer.disconnect();
  }
}

/**
 * Produces `count` records numbered from `from`, in sends of 100, record `n` to partition
 * `n % partitions` with the value `value(n)`: each send is one record batch per partition.
 */
export async function produceNumbered(kafka: Kafka, topic: string, from: number, count: number, partitions: number, value: (n: number) => string): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (let start = from; start < from + count; start += 100) {
      const length = Math.min(100, from + count - start);
      await producer.send({ topic, messages: Array.from({ length }, (_, i) => ({ value: value(start + i), partition: (start + i) % partitions })) });
    }
  } finally {
    await producer.disconnect();
  }
}

/** A Kafka source opened on its own (no job), and how to end it. */
export interface OpenedSource {
  readonly source: KafkaSource;
  /** Aborts the source's signal and closes it. */
  close(): Promise<void>;
}

/**
 * Opens a `KafkaSource` reading `topic` from the earliest offset in `group`, with the source
 * keys given (unprefixed, as in `'<name>.<key>'`) and `columns` declared, outside any job.
 */
export async function openSource(address: string, topic: string, group: string, columns: Schema, keys: Record<string, string>): Promise<OpenedSource> {
  const abort = new AbortController();
  const ctx: ConnectorContext = { baseDir: '.', onBadRecord: () => undefined, log: () => undefined, signal: abort.signal };
  const props = new Map([['bootstrap.servers', address], ['topic', topic], ['group.id', group], ['auto.offset.reset', 'earliest'], ...Object.entries(keys)]);
  const source = await KafkaSource.open(kafkaSourceConfig(props), columns, ctx);
  return {
    source,
    close: async () => {
      abort.abort();
      await source.close();
    },
  };
}

/** The committed offset of each partition of `topic` under `groupId` (-1 when none). */
export async function committedOffsets(kafka: Kafka, groupId: string, topic: string): Promise<number[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return entry!.partitions.sort((a, b) => a.partition - b.partition).map((p) => Number(p.offset));
  } finally {
    await admin.disconnect();
  }
}
