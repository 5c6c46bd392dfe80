import { Partitioners, type Message } from 'kafkajs';
import type { ConnectorContext } from '../types.js';
import { kafkaClient, type KafkaClientConfig } from './kafkaClient.js';

/** The partition of a message of one topic. */
export type PartitionOf = (message: Message) => number;

/**
 * Kafka's default partitioner for `topic`, as the sink's producers would apply it: murmur2 of
 * the key, and keyless messages in turn over the partitions that have a leader. It runs on
 * the topic's partitions as the metadata gives them at open. It is undefined when the topic
 * does not exist yet: the producer creates it with its first send and picks the partitions
 * itself. A topic given partitions later keeps its messages on the first ones until the sink
 * is opened again, as a producer that has not refreshed its metadata would.
 */
export async function topicPartitioner(client: KafkaClientConfig, topic: string, ctx: Pick<ConnectorContext, 'log'>): Promise<PartitionOf | undefined> {
  const admin = kafkaClient(client, ctx).admin();
  await admin.connect();
  try {
    // Asked first: the metadata of a missing topic is retried as an error for seconds.
    if (!(await admin.listTopics()).includes(topic)) return undefined;
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const partitionMetadata = topics[0]?.partitions ?? [];
    if (partitionMetadata.length === 0) return undefined;
    const partition = Partitioners.DefaultPartitioner();
    return (message) => partition({ topic, partitionMetadata, message });
  } finally {
    await admin.disconnect();
  }
}
