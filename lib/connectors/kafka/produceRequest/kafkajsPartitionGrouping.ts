import type { Message, PartitionMetadata } from 'kafkajs';
import { seedKafkajsModule } from '../kafkajsModuleSeed.js';

/** What kafkajs's producer gives `groupMessagesPerPartition` (`src/producer/groupMessagesPerPartition.js`). */
interface GroupingArgs {
  readonly topic: string;
  readonly partitionMetadata: readonly PartitionMetadata[];
  readonly messages: readonly Message[];
  readonly partitioner: (args: { topic: string; partitionMetadata: readonly PartitionMetadata[]; message: Message }) => number;
}

/**
 * A send's messages by partition, each partition's in the order sent: what kafkajs's
 * `groupMessagesPerPartition` returns, in one pass. kafkajs's copies a partition's array for
 * every message it adds, so a send of n messages to p partitions copies about n²/2p elements
 * (2,000 messages to 2 partitions: a million), 14% of a producer thread's time at 100 K
 * messages/s.
 */
export function groupMessagesPerPartition({ topic, partitionMetadata, messages, partitioner }: GroupingArgs): Record<number, Message[]> {
  const grouped: Record<number, Message[]> = {};
  if (partitionMetadata.length === 0) return grouped;
  for (const message of messages) (grouped[partitioner({ topic, partitionMetadata, message })] ??= []).push(message);
  return grouped;
}

/**
 * Puts {@link groupMessagesPerPartition} in Node's module cache where kafkajs's producer will
 * `require` its own, so that kafkajs, loaded after this in the same thread, uses ours. Only for
 * the kafkajs release it was checked against, and only before kafkajs's producer is loaded
 * (kafkajs keeps the function it required): the Kafka sinks' producer thread calls this first
 * thing, before it imports kafkajs. Returns whether ours is the one kafkajs uses.
 */
export function seedKafkajsPartitionGrouping(): boolean {
  return seedKafkajsModule('kafkajs/src/producer/groupMessagesPerPartition.js', groupMessagesPerPartition);
}
