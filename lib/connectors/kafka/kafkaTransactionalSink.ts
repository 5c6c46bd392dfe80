import type { Kafka } from 'kafkajs';
import type { CheckpointStore, StoredCheckpoint } from '../../runtime/checkpoint/checkpointStore.js';
import { FerrisError } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';
import type { StateValue } from '../../types/stateCodec.js';
import type { Row } from '../../types/value.js';
import type { TransactionalSink } from '../transactionalSink.js';
import type { CheckpointingContext, ConnectorContext, ConnectorMetrics } from '../types.js';
import { kafkaClient } from './kafkaClient.js';
import { readChangelogRecord } from './kafkaChangelog.js';
import { KafkaSink, messageEncoding, type KafkaSinkConfig, type MessageEncoding } from './kafkaSink.js';
import { classifyFencing } from './producerFencing.js';
import { openSinkProducer, type SinkProducer, type SinkTransaction } from './sinkProducer.js';

/** The least transaction timeout asked of the broker (kafkajs's default). */
const TRANSACTION_TIMEOUT_MS = 60_000;

/** The Kafka names of one transactional job of an application. */
export interface TransactionalNames {
  /** Stable per app, job and partition set: a restarted instance fences the previous one with it. */
  readonly transactionalId: string;
  /** The changelog topic holding the job's checkpoints (`<app>-<job>-changelog`, compacted). */
  readonly changelog: string;
  /** The group whose committed offset on the changelog points at the latest committed checkpoint. */
  readonly checkpointGroup: string;
}

/**
 * The names of a job's transactional state. A job run as one pipeline has the partition set
 * `0` (all the partitions of its sources); a task of a scaled-out job (`ticks-3`) has its own
 * transactional id and checkpoint group, and its checkpoints share the job's changelog,
 * keyed by task. Whichever process runs a task uses the same names, so taking a task over
 * fences its previous owner.
 */
export function transactionalNames(app: string, job: string, task?: string): TransactionalNames {
  const base = `${app}-${job}`;
  if (task === undefined) return { transactionalId: `${base}-0`, changelog: `${base}-changelog`, checkpointGroup: `${base}-checkpoint` };
  return { transactionalId: `${base}-${task}`, changelog: `${base}-changelog`, checkpointGroup: `${base}-${task}-checkpoint` };
}

/** A checkpoint as the changelog holds it: with the task it belongs to, for a task of a scaled-out job. */
interface TaskCheckpoint extends StoredCheckpoint {
  readonly task?: string;
}

/** A Kafka source's checkpoint position: its group and next offsets, as `KafkaSource.checkpointPosition` gives it. */
function groupOffsets(position: StateValue): { group: string; offsets: [string, number, number][] } | undefined {
  if (position === null || typeof position !== 'object' || Array.isArray(position)) return undefined;
  const { group, offsets } = position as { group?: StateValue; offsets?: StateValue };
  if (typeof group !== 'string' || !Array.isArray(offsets)) return undefined;
  return { group, offsets: offsets as [string, number, number][] };
}

/** Creates the changelog topic (one partition, compacted) unless it exists. */
async function ensureChangelog(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if ((await admin.listTopics()).includes(topic)) return;
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/**
 * The Kafka sink of `'mode' = 'transactional'` (exactly-once), after Flink's two-phase commit
 * sink and Kafka Streams' exactly-once: each epoch is one Kafka transaction of a producer with
 * a stable `transactional.id` (connecting it fences the previous instance and aborts what that
 * one left open). The epoch's rows are sent inside the transaction; at the barrier the job's
 * checkpoint is sent to the changelog topic and the source offsets are added with
 * `sendOffsets` under their groups, all in the same transaction (this sink is the job's
 * {@link CheckpointStore}); `commit` then makes output, state and offsets visible together. A
 * read_committed reader sees each epoch's output once or not at all. The offset of the
 * checkpoint's changelog record is committed under the checkpoint group in the transaction
 * too, so a restart finds the latest committed checkpoint without reading the whole changelog.
 */
export class KafkaTransactionalSink implements TransactionalSink, CheckpointStore {
  readonly location: string;
  private transaction: SinkTransaction | undefined;
  /** When the open transaction began (Date.now()). */
  private openedAt = 0;
  private readonly output: KafkaSink;

  private constructor(
    private readonly kafka: Kafka,
    private readonly producer: SinkProducer,
    private readonly names: TransactionalNames,
    private readonly job: string,
    private readonly task: string | undefined,
    config: KafkaSinkConfig,
    encoding: MessageEncoding,
    private readonly metrics: ConnectorMetrics | undefined,
    private readonly transactionTimeoutMs: number,
  ) {
    this.location = `kafka topic ${names.changelog}`;
    this.output = KafkaSink.over(config, encoding, { send: (record) => this.fenced(this.open().send(record)), disconnect: () => producer.disconnect() }, metrics);
  }

  /** Connects the transactional producer (fencing the previous instance of the job) and makes sure the changelog topic exists. */
  static async open(config: KafkaSinkConfig, schema: Schema, ctx: ConnectorContext, checkpointing: Pick<CheckpointingContext, 'app' | 'intervalMs' | 'task'>): Promise<KafkaTransactionalSink> {
    if (config.acks !== -1) throw new FerrisError('CONFIG', `kafka_sink: 'mode' = 'transactional' writes with acks = all (a transaction needs every in-sync replica), not ${config.acks}`);
    const job = ctx.jobName ?? 'job';
    const names = transactionalNames(checkpointing.app, job, checkpointing.task);
    const encoding = await messageEncoding(config, schema, ctx);
    const kafka = kafkaClient(config.client, ctx);
    await ensureChangelog(kafka, names.changelog);
    // A transaction stays open for about one checkpoint interval; the broker aborts one open longer than this.
    const transactionTimeout = config.transactionTimeoutMs ?? Math.max(TRANSACTION_TIMEOUT_MS, 2 * checkpointing.intervalMs);
    const producer = await openSinkProducer(
      config.client,
      { transactionalId: names.transactionalId, idempotent: true, maxInFlightRequests: 1, retries: config.retries, transactionTimeout },
      config.producerThread,
      ctx,
      // A scaled-out job's tasks, each with its own producer, spread over the producer threads.
      { threads: config.producerThreads },
    );
    // kafkajs sends the transactional InitProducerId (which bumps the epoch, fencing the previous
    // instance and aborting what it left open) with the first transaction: fence now, before the
    // checkpoint is read, so no zombie can commit a later one.
    await (await producer.transaction()).abort();
    ctx.log('info', 'transactional producer connected; a previous instance of the job is fenced', { transactional_id: names.transactionalId, changelog: names.changelog });
    return new KafkaTransactionalSink(kafka, producer, names, job, checkpointing.task, config, encoding, ctx.metrics, transactionTimeout);
  }

  /** Begins the Kafka transaction of `epoch`. */
  async begin(_epoch: number): Promise<void> {
    // Before the broker hears of it (at the first send): the age measured here is never less than the broker's.
    this.openedAt = Date.now();
    this.transaction = await this.fenced(this.producer.transaction());
  }

  /** Queues rows to be sent inside the open transaction. */
  write(rows: readonly Row[]): Promise<void> {
    return this.output.write(rows);
  }

  /** Resolves once every row written was sent in the open transaction and acknowledged. */
  flush(): Promise<void> {
    return this.output.flush();
  }

  /** Waits until every row of the epoch was sent in its transaction and acknowledged, before the checkpoint joins it. */
  async preCommit(_epoch: number): Promise<void> {
    this.open();
    await this.output.flush();
  }

  /** Adds checkpoint `checkpoint` to the open transaction: its changelog record, its source offsets and the checkpoint group's offset. */
  async save(checkpoint: StoredCheckpoint): Promise<void> {
    const transaction = this.open();
    const record: TaskCheckpoint = this.task === undefined ? checkpoint : { ...checkpoint, task: this.task };
    const key = this.task === undefined ? this.job : `${this.job}/${this.task}`;
    const [written] = await this.fenced(transaction.send({ topic: this.names.changelog, acks: -1, messages: [{ key, value: JSON.stringify(record), partition: 0 }] }));
    const offset = written?.baseOffset ?? written?.offset;
    if (offset === undefined) throw new FerrisError('IO', `kafka: no offset for the checkpoint record sent to ${this.names.changelog}`);
    await this.fenced(
      transaction.sendOffsets({
        consumerGroupId: this.names.checkpointGroup,
        topics: [{ topic: this.names.changelog, partitions: [{ partition: 0, offset: String(offset) }] }],
      }),
    );
    for (const position of Object.values(checkpoint.sources)) {
      const source = groupOffsets(position);
      if (source === undefined || source.offsets.length === 0) continue;
      const byTopic = new Map<string, { partition: number; offset: string }[]>();
      for (const [topic, partition, next] of source.offsets) {
        let partitions = byTopic.get(topic);
        if (partitions === undefined) byTopic.set(topic, (partitions = []));
        partitions.push({ partition, offset: String(next) });
      }
      await this.fenced(transaction.sendOffsets({ consumerGroupId: source.group, topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) }));
    }
  }

  /** Commits the open transaction: the epoch's output, its checkpoint and offsets become visible together (counted in the job's transactions). */
  async commit(_epoch: number): Promise<void> {
    const transaction = this.open();
    this.transaction = undefined;
    await this.fenced(transaction.commit());
    if (this.metrics !== undefined) this.metrics.transactions.commits++;
  }

  /** Drops the rows not sent yet, then aborts the open transaction (counted in the job's transactions). */
  async abort(_epoch: number): Promise<void> {
    await this.output.discardPending();
    const transaction = this.transaction;
    this.transaction = undefined;
    if (!transaction?.isActive()) return;
    await transaction.abort();
    if (this.metrics !== undefined) this.metrics.transactions.aborts++;
  }

  /** The latest committed checkpoint: the changelog record the checkpoint group's committed offset points at. */
  async load(): Promise<StoredCheckpoint | undefined> {
    const text = await readChangelogRecord(this.kafka, this.names.changelog, this.names.checkpointGroup);
    if (text === undefined) return undefined;
    let stored: TaskCheckpoint;
    try {
      stored = JSON.parse(text) as TaskCheckpoint;
    } catch (error) {
      throw new FerrisError('IO', `cannot parse the checkpoint in ${this.location}: ${(error as Error).message}`, { cause: error });
    }
    if (stored.task !== this.task) {
      const shape = (task: string | undefined): string => (task === undefined ? 'the whole job (one pipeline over every partition)' : `task ${task}`);
      throw new FerrisError('CONFIG', `the checkpoint in ${this.location} is of ${shape(stored.task)}, this sink checkpoints ${shape(this.task)}: it cannot be restored; run with a new 'group.id' (or delete the changelog topic and the group's offsets)`);
    }
    return stored;
  }

  /** Disconnects the producer (an open transaction is left to the broker, which aborts it once the next instance fences this one). */
  async close(): Promise<void> {
    this.transaction = undefined;
    await this.output.close();
  }

  /** `operation`, failing with a fenced producer's error told apart by {@link classifyFencing} (a zombie, or a timed-out transaction). */
  private async fenced<T>(operation: Promise<T>): Promise<T> {
    try {
      return await operation;
    } catch (error) {
      throw classifyFencing(error, { transactionalId: this.names.transactionalId, openForMs: Date.now() - this.openedAt, timeoutMs: this.transactionTimeoutMs });
    }
  }

  private open(): SinkTransaction {
    if (this.transaction === undefined) throw new FerrisError('INTERNAL', `kafka_sink ${this.names.transactionalId}: no open transaction`);
    return this.transaction;
  }
}
