import { Partitioners, type Batch, type Kafka, type Message, type Producer } from 'kafkajs';
import type { KafkaValueDecoder } from '../../connectors/kafka/kafkaValueDecoder.js';
import { markerHeaders, originHeaders } from '../../connectors/kafka/scale/repartitionRecords.js';
import { appendSystemColumns } from '../../connectors/systemColumns.js';
import type { Row, Value } from '../../types/value.js';
import type { Logger } from '../logger.js';
import type { JobMetrics } from '../jobMetrics.js';
import type { PartitionTask } from './partitionTasks.js';
import { repartitionOf } from './repartitionPartitioner.js';

/** The least transaction timeout asked of the broker (kafkajs's default). */
const TRANSACTION_TIMEOUT_MS = 60_000;

/** What the first-stage tasks of a repartitioned job share. */
export interface RepartitionStage {
  readonly kafka: Kafka;
  readonly consumer: { seek(position: { topic: string; partition: number; offset: string }): void };
  /** The group the source offsets are committed under (the source's `group.id`). */
  readonly group: string;
  /** The internal topic the records are copied to, and its partition count. */
  readonly topic: string;
  readonly partitions: number;
  /** The source columns whose values choose the repartition partition. */
  readonly keyColumns: readonly number[];
  readonly decode: KafkaValueDecoder;
  /** The event time of a source row, when the job assigns watermarks (markers are written then), for rows the filters below the watermark keep. */
  readonly eventTime: ((row: Row) => Value) | undefined;
  readonly keeps: (row: Row) => boolean;
  /** The transactional id of the task of a source partition. */
  readonly transactionalId: (topic: string, partition: number) => string;
  readonly log: Logger;
  /** The job's metrics: the first stage counts its transactions (the second stage counts the records and bytes it reads). */
  readonly metrics: JobMetrics;
}

/** The offset the group has committed on a partition (the next to read), or undefined when it has none. */
async function committedOffset(kafka: Kafka, group: string, topic: string, partition: number): Promise<number | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    const offset = Number(entry?.partitions.find((p) => p.partition === partition)?.offset ?? -1);
    return offset >= 0 ? offset : undefined;
  } finally {
    await admin.disconnect();
  }
}

/**
 * The first-stage task of one source partition of a repartitioned job (Kafka Streams'
 * repartition topic): each fetched batch is one Kafka transaction of the task's own
 * transactional producer, holding a copy of every record (key, value, timestamp and
 * headers, plus a header naming where it was read) in the repartition partition of its key
 * columns' hash, a watermark marker for this source partition in every repartition
 * partition when the batch's event time moved, and the batch's source offsets under the
 * group. Opening the task fences the partition's previous owner (its producer has the same
 * transactional id) and then seeks the partition to the offset the group has committed,
 * which is exact once no previous owner can commit. Records that cannot be decoded are
 * copied too (to partition 0): the second stage's failure strategy meets them.
 */
export class RepartitionWriter implements PartitionTask {
  readonly done: Promise<void>;
  private failTask: (error: unknown) => void = () => undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private stopped = false;
  /** The largest event time a marker carried. */
  private marked = -Infinity;
  private floor: number;

  private constructor(
    private readonly stage: RepartitionStage,
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly partition: number,
    committed: number | undefined,
  ) {
    this.floor = committed ?? -1;
    this.done = new Promise<void>((_resolve, reject) => (this.failTask = reject));
  }

  /** Connects the task's producer (fencing the previous owner) and seeks the partition to the group's committed offset. */
  static async open(stage: RepartitionStage, topic: string, partition: number): Promise<RepartitionWriter> {
    const producer = stage.kafka.producer({
      transactionalId: stage.transactionalId(topic, partition),
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      transactionTimeout: TRANSACTION_TIMEOUT_MS,
    });
    await producer.connect();
    // InitProducerId goes with the first transaction: fence now, before the committed offset is read.
    await (await producer.transaction()).abort();
    const committed = await committedOffset(stage.kafka, stage.group, topic, partition);
    if (committed !== undefined) stage.consumer.seek({ topic, partition, offset: String(committed) });
    return new RepartitionWriter(stage, producer, topic, partition, committed);
  }

  /** Copies a batch to the repartition topic in one transaction with its offsets (see the class). */
  take(batch: Batch, isStale: () => boolean, resolveOffset: (offset: string) => void): Promise<void> {
    const work = this.inFlight.then(() => this.copy(batch, isStale, resolveOffset));
    this.inFlight = work.catch(() => undefined);
    return work.catch((error: unknown) => this.failTask(error));
  }

  private async copy(batch: Batch, isStale: () => boolean, resolveOffset: (offset: string) => void): Promise<void> {
    if (this.stopped || isStale() || batch.messages.length === 0) return;
    const { stage, topic, partition } = this;
    const messages: Message[] = [];
    let last = -1;
    let eventTime = -Infinity;
    for (const message of batch.messages) {
      const offset = Number(message.offset);
      if (offset < this.floor) continue;
      last = offset;
      let row: Row | undefined;
      try {
        const key = message.key === null || message.key === undefined ? null : message.key.toString('utf8');
        row = appendSystemColumns(stage.decode(message.value), Number(message.timestamp), offset, partition, key, topic);
      } catch {
        row = undefined;
      }
      if (row !== undefined && stage.eventTime !== undefined && stage.keeps(row)) {
        const ts = stage.eventTime(row);
        if (typeof ts === 'number' && ts > eventTime) eventTime = ts;
      }
      messages.push({
        key: message.key,
        value: message.value,
        timestamp: message.timestamp,
        headers: originHeaders(message.headers, topic, partition, offset),
        partition: repartitionOf(row, stage.keyColumns, stage.partitions),
      });
    }
    if (last < 0) return;
    if (eventTime > this.marked) {
      for (let p = 0; p < stage.partitions; p++) messages.push({ key: null, value: null, headers: markerHeaders(partition, eventTime), partition: p });
    }
    const transaction = await this.producer.transaction();
    try {
      await transaction.send({ topic: stage.topic, acks: -1, messages });
      await transaction.sendOffsets({ consumerGroupId: stage.group, topics: [{ topic, partitions: [{ partition, offset: String(last + 1) }] }] });
      await transaction.commit();
    } catch (error) {
      if (transaction.isActive()) await transaction.abort().catch(() => undefined);
      throw error;
    }
    if (eventTime > this.marked) this.marked = eventTime;
    this.floor = last + 1;
    stage.metrics.transactions.commits++;
    resolveOffset(String(last));
  }

  /** Nothing to do: every batch was committed whole, and the consumer fetches the partition again from the group's offset, which is this task's. */
  rejoined(): void {}

  /** Waits for the batch being copied, then disconnects the producer. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.inFlight;
    await this.producer.disconnect();
  }
}
