import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { afterAll, beforeAll } from 'vitest';
import { startBroker, type RunningBroker } from '../../lib/broker/index.js';
import type { BrokerOptions } from '../../lib/broker/index.js';

/** Starts an in-memory broker on a free port with logging silenced. */
export function testBroker(options: BrokerOptions = {}): Promise<RunningBroker> {
  return startBroker({ port: 0, log: () => {}, groupMinSessionTimeoutMs: 500, ...options });
}

/**
 * One test broker for the enclosing `describe` block: started before its tests, closed after
 * them. Returns the broker's getter, for use inside the tests.
 */
export function sharedTestBroker(options: BrokerOptions = {}): () => RunningBroker {
  let broker: RunningBroker | undefined;
  beforeAll(async () => {
    broker = await testBroker(options);
  });
  afterAll(async () => {
    await broker?.close();
  });
  return () => {
    if (broker === undefined) throw new Error('the shared test broker is used before its beforeAll ran');
    return broker;
  };
}

/** A kafkajs client for `broker` with quick retries and no logging. */
export function kafkaFor(broker: RunningBroker, config: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    brokers: [broker.address],
    clientId: 'spec',
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 50, maxRetryTime: 500 },
    ...config,
  });
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A record as tests compare it. */
export interface SeenRecord {
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly value: string | null;
}

/** The values of {@link consumeAll}'s records, each parsed as a JSON object. */
export async function consumeJson(kafka: Kafka, topic: string, count: number, settleMs = 300, timeoutMs = 15_000): Promise<Record<string, unknown>[]> {
  return (await consumeAll(kafka, topic, count, 'read_committed', settleMs, timeoutMs)).map((r) => JSON.parse(r.value!) as Record<string, unknown>);
}

/**
 * Reads a topic from the beginning with a fresh kafkajs consumer group until `count` records
 * arrived (then waits `settleMs` more, so that extra records would show), then disconnects;
 * fails after `timeoutMs` without `count` records.
 */
export async function consumeAll(
  kafka: Kafka,
  topic: string,
  count: number,
  isolation: 'read_committed' | 'read_uncommitted' = 'read_committed',
  settleMs = 300,
  timeoutMs = 15_000,
): Promise<SeenRecord[]> {
  const consumer = kafka.consumer({
    groupId: `reader-${Math.random().toString(36).slice(2)}`,
    maxWaitTimeInMs: 100,
    readUncommitted: isolation === 'read_uncommitted',
  });
  const seen: SeenRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      seen.push({ partition, offset: Number(message.offset), key: message.key?.toString() ?? null, value: message.value?.toString() ?? null });
    },
  });
  try {
    await waitFor(`${count} records from ${topic}`, () => (seen.length >= count ? true : undefined), timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, settleMs));
  } finally {
    await consumer.disconnect();
  }
  return seen;
}
