import type { Message } from 'kafkajs';
import type { ConnectorContext } from '../types.js';
import { kafkaClient, type KafkaClientConfig } from './kafkaClient.js';

/** The partition of a message of one topic. */
export type PartitionOf = (message: Message) => number;

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/**
 * Kafka's murmur2 hash (the Java client's `Utils.murmur2`) of a key's UTF-8 bytes, as a signed
 * 32-bit integer. An ASCII key is hashed from its characters, without a buffer.
 */
export function murmur2(key: string | Buffer): number {
  const bytes = typeof key !== 'string' ? key : isAscii(key) ? undefined : Buffer.from(key, 'utf8');
  const text = key as string;
  const at = bytes === undefined ? (i: number): number => text.charCodeAt(i) : (i: number): number => bytes[i]!;
  const length = bytes === undefined ? text.length : bytes.length;
  let h = (SEED ^ length) | 0;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = at(i) | (at(i + 1) << 8) | (at(i + 2) << 16) | (at(i + 3) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length & 3;
  if (tail > 0) {
    if (tail === 3) h ^= at(whole + 2) << 16;
    if (tail >= 2) h ^= at(whole + 1) << 8;
    h ^= at(whole);
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * Kafka's default partitioner over `partitions` partitions, of which those in `available`
 * have a leader: a keyed message goes to murmur2 of its key, positive, modulo the partition
 * count (where the Java client and kafkajs put it); a keyless one to the available partitions
 * in turn, from a random start.
 */
export function defaultPartitioner(partitions: number, available: readonly number[]): PartitionOf {
  let next = Math.floor(Math.random() * 0x7fffffff);
  return (message) => {
    const key = message.key;
    if (key !== null && key !== undefined) return (murmur2(key) & 0x7fffffff) % partitions;
    return available.length === 0 ? (next++ & 0x7fffffff) % partitions : available[(next++ & 0x7fffffff) % available.length]!;
  };
}

/**
 * Kafka's default partitioner for `topic` ({@link defaultPartitioner}), as the sink's producers
 * would apply it, on the topic's partitions as the metadata gives them at open. It is undefined
 * when the topic does not exist yet: the producer creates it with its first send and picks the
 * partitions itself. A topic given partitions later keeps its messages on the first ones until
 * the sink is opened again, as a producer that has not refreshed its metadata would.
 */
export async function topicPartitioner(client: KafkaClientConfig, topic: string, ctx: Pick<ConnectorContext, 'log'>): Promise<PartitionOf | undefined> {
  const admin = kafkaClient(client, ctx).admin();
  await admin.connect();
  try {
    // Asked first: the metadata of a missing topic is retried as an error for seconds.
    if (!(await admin.listTopics()).includes(topic)) return undefined;
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const partitions = topics[0]?.partitions ?? [];
    if (partitions.length === 0) return undefined;
    return defaultPartitioner(
      partitions.length,
      partitions.filter((p) => p.leader >= 0).map((p) => p.partitionId),
    );
  } finally {
    await admin.disconnect();
  }
}
