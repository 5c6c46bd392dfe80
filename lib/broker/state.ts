import { GroupCoordinator } from './groups/groupCoordinator.js';
import { TopicRegistry, type Topic } from './log/topicRegistry.js';
import type { PartitionLog } from './log/partitionLog.js';
import type { ResolvedOptions } from './options.js';
import { DataDir } from './storage/dataDir.js';
import type { JournalEvent } from './storage/journalEvents.js';
import { TransactionCoordinator } from './txn/transactionCoordinator.js';
import { FaultInjector } from './faults.js';
import { Credentials } from './auth/credentials.js';
import { loadUsers } from './auth/users.js';

/** A topic as folded from the journal during recovery. */
interface RecoveredTopic {
  partitions: number;
  configs: readonly (readonly [string, string])[];
  readonly logStarts: Map<number, number>;
}

/**
 * Everything a broker knows, mutated synchronously by the handlers on Node's one thread:
 * topics and partition logs, groups, transactions, and the optional data directory.
 */
export class BrokerState {
  readonly topics: TopicRegistry;
  readonly groups: GroupCoordinator;
  readonly txns: TransactionCoordinator;
  readonly faults = new FaultInjector();
  /** The users every connection must authenticate as (`--users`); undefined: no authentication. */
  readonly credentials: Credentials | undefined;
  private readonly dataDir: DataDir | undefined;
  /** The port clients reach us on (the bound one when listening on port 0). */
  advertisedPort: number;

  constructor(readonly options: ResolvedOptions) {
    this.advertisedPort = options.port;
    this.credentials = options.usersFile === undefined ? undefined : new Credentials(loadUsers(options.usersFile));
    this.dataDir = options.dataDir === undefined ? undefined : DataDir.open(options.dataDir, options.log, options.maxOpenFiles);
    const dataDir = this.dataDir;
    this.topics = new TopicRegistry((log) => dataDir?.attach(log), options.retentionBytes);
    this.groups = new GroupCoordinator({
      minSessionTimeoutMs: options.groupMinSessionTimeoutMs,
      maxSessionTimeoutMs: options.groupMaxSessionTimeoutMs,
      initialRebalanceDelayMs: options.groupInitialRebalanceDelayMs,
      log: options.log,
    }, dataDir);
    this.txns = new TransactionCoordinator({ maxTimeoutMs: options.transactionMaxTimeoutMs, log: options.log }, this.topics, this.groups, dataDir);
    if (dataDir !== undefined) this.recover(dataDir);
  }

  private recover(dataDir: DataDir): void {
    const topics = new Map<string, RecoveredTopic>();
    const rest: JournalEvent[] = [];
    for (const event of dataDir.recovered) {
      if (event.e === 'topic') topics.set(event.name, { partitions: event.partitions, configs: event.configs, logStarts: topics.get(event.name)?.logStarts ?? new Map() });
      else if (event.e === 'deleteTopic') topics.delete(event.name);
      else if (event.e === 'logStart') topics.get(event.topic)?.logStarts.set(event.partition, event.offset);
      else rest.push(event);
    }
    dataDir.removeStrayTopics(new Set(topics.keys()));
    for (const [name, t] of topics) {
      const topic = this.topics.create(name, t.partitions, new Map(t.configs));
      for (const [partition, offset] of t.logStarts) topic.partitions[partition]?.deleteBefore(offset);
    }
    for (const event of rest) {
      this.groups.replay(event);
      this.txns.replay(event);
    }
    this.txns.resumeAfterRecovery();
    dataDir.rewrite([...this.topicSnapshot(), ...this.groups.snapshot(), ...this.txns.snapshot()]);
    this.options.log(`recovered ${topics.size} topic(s) from ${this.options.dataDir}`);
  }

  private topicSnapshot(): JournalEvent[] {
    const events: JournalEvent[] = [];
    for (const topic of this.topics.all()) {
      events.push({ e: 'topic', name: topic.name, partitions: topic.partitions.length, configs: [...topic.configs] });
      for (const p of topic.partitions) if (p.logStartOffset > 0) events.push({ e: 'logStart', topic: topic.name, partition: p.partition, offset: p.logStartOffset });
    }
    return events;
  }

  /**
   * Why adding `adding` partitions (on top of `pending` ones not created yet) would exceed
   * `--max-partitions`, or undefined when it would not.
   */
  partitionLimitExceeded(adding: number, pending = 0): string | undefined {
    const total = this.topics.partitionCount + pending + adding;
    if (total <= this.options.maxPartitions) return undefined;
    return `${adding} more partition(s) would bring the broker to ${total}, more than --max-partitions ${this.options.maxPartitions}`;
  }

  /** Creates a topic and journals it. */
  createTopic(name: string, partitions: number, configs: ReadonlyMap<string, string>): Topic {
    this.dataDir?.record({ e: 'topic', name, partitions, configs: [...configs] });
    const topic = this.topics.create(name, partitions, configs);
    this.options.log(`created topic ${name} with ${partitions} partition(s)`);
    return topic;
  }

  /** Grows a topic to `count` partitions and journals it. */
  growTopic(topic: Topic, count: number): void {
    this.dataDir?.record({ e: 'topic', name: topic.name, partitions: count, configs: [...topic.configs] });
    this.topics.grow(topic, count);
  }

  /** Deletes a topic with its data; returns whether it existed. */
  deleteTopic(name: string): boolean {
    const topic = this.topics.get(name);
    if (topic === undefined) return false;
    this.topics.delete(name);
    this.dataDir?.record({ e: 'deleteTopic', name });
    this.dataDir?.removeTopic(name, topic.partitions);
    this.options.log(`deleted topic ${name}`);
    return true;
  }

  /** Moves a partition's log start offset and journals it. */
  deleteRecords(log: PartitionLog, offset: number): void {
    log.deleteBefore(offset);
    this.dataDir?.record({ e: 'logStart', topic: log.topic, partition: log.partition, offset: log.logStartOffset });
  }

  /** Stops timers and closes files. */
  close(): void {
    this.groups.close();
    this.txns.close();
    this.dataDir?.close();
  }
}
