import { PartitionLog } from './partitionLog.js';

/** A topic: its partitions and the configs given at creation. */
export interface Topic {
  readonly name: string;
  readonly partitions: PartitionLog[];
  readonly configs: ReadonlyMap<string, string>;
}

/** Called when partitions come into existence, so storage can attach to them. */
export type PartitionCreated = (log: PartitionLog) => void;

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

/** Whether `name` is a legal Kafka topic name. */
export function isValidTopicName(name: string): boolean {
  return TOPIC_NAME.test(name) && name !== '.' && name !== '..';
}

/** The topic config that caps a partition's bytes. */
export const RETENTION_BYTES = 'retention.bytes';

/** All topics of the broker, by name. */
export class TopicRegistry {
  private readonly topics = new Map<string, Topic>();
  private partitions = 0;

  /** `defaultRetentionBytes` applies to topics without a `retention.bytes` config (-1: unlimited). */
  constructor(
    private readonly onPartitionCreated: PartitionCreated,
    private readonly defaultRetentionBytes = -1,
  ) {}

  /** The topic called `name`, if it exists. */
  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  /** One partition, if both topic and partition exist. */
  partition(name: string, index: number): PartitionLog | undefined {
    return this.topics.get(name)?.partitions[index];
  }

  /** Partitions over all topics. */
  get partitionCount(): number {
    return this.partitions;
  }

  /** Every topic, in creation order. */
  all(): IterableIterator<Topic> {
    return this.topics.values();
  }

  /** Creates a topic; the caller has checked the name is free and valid. */
  create(name: string, partitionCount: number, configs: ReadonlyMap<string, string>): Topic {
    const topic: Topic = { name, partitions: [], configs };
    this.topics.set(name, topic);
    this.grow(topic, partitionCount);
    return topic;
  }

  /** Adds partitions until the topic has `count`. */
  grow(topic: Topic, count: number): void {
    const configured = topic.configs.get(RETENTION_BYTES);
    const retention = configured === undefined ? this.defaultRetentionBytes : Number(configured);
    for (let i = topic.partitions.length; i < count; i++) {
      const log = new PartitionLog(topic.name, i, retention);
      topic.partitions.push(log);
      this.partitions++;
      this.onPartitionCreated(log);
    }
  }

  /** Removes a topic and wakes fetches waiting on it; returns whether it existed. */
  delete(name: string): boolean {
    const topic = this.topics.get(name);
    if (topic === undefined) return false;
    this.topics.delete(name);
    this.partitions -= topic.partitions.length;
    for (const p of topic.partitions) p.notify();
    return true;
  }
}
