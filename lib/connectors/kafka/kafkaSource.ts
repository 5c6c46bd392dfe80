import type { Batch, Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { didYouMean } from '../../types/didYouMean.js';
import { FerrisError } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';
import type { Row, Value } from '../../types/value.js';
import { appendSystemColumns } from '../systemColumns.js';
import type { ConnectorContext, ReadPosition, Source } from '../types.js';
import { kafkaClient, type KafkaClientConfig } from './kafkaClient.js';
import { kafkaSchema, kafkaValueDecoder, type KafkaFormat, type KafkaValueDecoder } from './kafkaValueDecoder.js';

/** The settings of a Kafka source, after its properties are read. */
export interface KafkaSourceConfig {
  readonly client: KafkaClientConfig;
  /** Topics by name (empty when a pattern is given). */
  readonly topics: readonly string[];
  /** Topics by regular expression (`topic.pattern`). */
  readonly pattern: RegExp | undefined;
  readonly groupId: string;
  /** Where a partition without a committed offset starts: the earliest record or the end. */
  readonly autoOffsetReset: 'earliest' | 'latest';
  readonly isolationLevel: 'read_committed' | 'read_uncommitted';
  readonly format: KafkaFormat;
  /** Rows per batch handed to the pipeline (at most). */
  readonly batchSize: number;
  /** Batches read ahead of the pipeline before the source pauses its partitions. */
  readonly maxBufferedBatches: number;
  readonly sessionTimeoutMs: number;
  /** How fetches are sized (Kafka's `fetch.min.bytes`, `fetch.max.wait.ms`, `fetch.max.bytes`, `max.partition.fetch.bytes`). */
  readonly fetch: { readonly minBytes: number; readonly maxWaitMs: number; readonly maxBytes: number; readonly maxBytesPerPartition: number };
}

/** The next offset to read of one partition: everything before it has been handed out. */
interface PartitionPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** A batch waiting to be handed out, and the position after its last record. */
interface BufferedBatch {
  readonly rows: Row[];
  readonly position: PartitionPosition;
}

const positionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/** The headers of a message as a map of text (the last value of a repeated header), or null when there are none. */
function headerMap(headers: KafkaMessage['headers']): Map<string, Value> | null {
  if (headers === undefined) return null;
  let map: Map<string, Value> | null = null;
  for (const name in headers) {
    const raw = headers[name];
    if (raw === undefined) continue;
    const last = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (last === undefined) continue;
    (map ??= new Map()).set(name, typeof last === 'string' ? last : last.toString('utf8'));
  }
  return map;
}

/**
 * The most partitions among the subscribed topics (the distinct `_partition` values), or
 * undefined when a pattern matches no topic yet. A named topic that does not exist is a
 * CONFIG error: the source does not create topics.
 */
async function partitionCount(kafka: Kafka, config: KafkaSourceConfig): Promise<number | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    const pattern = config.pattern;
    const topics = pattern === undefined ? config.topics : existing.filter((t) => pattern.test(t));
    const missing = topics.filter((t) => !existing.includes(t));
    const [first] = missing;
    if (first !== undefined) {
      const suggestion = didYouMean(first, existing);
      const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
      throw new FerrisError('CONFIG', `kafka_source: the topic '${first}' does not exist on ${config.client.brokers.join(',')}${hint}`);
    }
    if (topics.length === 0) return undefined;
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
    return Math.max(...metadata.map((t) => t.partitions.length));
  } finally {
    await admin.disconnect();
  }
}

/**
 * A source reading Kafka topics through a kafkajs consumer group, unbounded: it ends when the
 * job is drained. Each record becomes a row of the declared columns followed by the system
 * columns (`_timestamp` the record's timestamp, `_offset`, `_partition`, `_key`, `_topic`,
 * `_headers`). Controlled pull: fetched records wait in a buffer of at most
 * `maxBufferedBatches` batches; a partition whose records fill it is paused and resumed once
 * the pipeline has taken batches out. Offsets are never committed automatically: the runtime
 * takes a {@link ReadPosition} (everything handed out so far) and commits it once the sink
 * has acknowledged the rows read before it.
 */
export class KafkaSource implements Source {
  readonly bounded = false;
  private readonly buffer: BufferedBatch[] = [];
  private readonly paused = new Map<string, { topic: string; partition: number }>();
  private readonly handedOut = new Map<string, PartitionPosition>();
  private readonly committed = new Map<string, number>();
  private wake: (() => void) | undefined;
  private failure: unknown;
  private closed = false;

  private constructor(
    readonly schema: Schema,
    /** The most partitions of a subscribed topic: the `_partition` values watermarks wait for. */
    readonly partitions: number | undefined,
    private readonly config: KafkaSourceConfig,
    private readonly consumer: Consumer,
    private decode: KafkaValueDecoder,
    private readonly ctx: ConnectorContext,
  ) {}

  /** Keeps only the columns the job reads of the JSON values decoded from now on (projection pushdown). */
  readColumns(read: readonly boolean[]): void {
    this.decode = kafkaValueDecoder(this.config.format, this.schema, read);
  }

  /** Connects, joins the group, subscribes and starts fetching. */
  static async open(config: KafkaSourceConfig, declared: Schema | undefined, ctx: ConnectorContext): Promise<KafkaSource> {
    const schema = kafkaSchema(config.format, declared);
    const kafka = kafkaClient(config.client, ctx);
    const partitions = await partitionCount(kafka, config);
    const consumer = kafka.consumer({
      groupId: config.groupId,
      readUncommitted: config.isolationLevel === 'read_uncommitted',
      sessionTimeout: config.sessionTimeoutMs,
      heartbeatInterval: Math.max(100, Math.floor(config.sessionTimeoutMs / 10)),
      minBytes: config.fetch.minBytes,
      maxWaitTimeInMs: config.fetch.maxWaitMs,
      maxBytes: config.fetch.maxBytes,
      maxBytesPerPartition: config.fetch.maxBytesPerPartition,
      allowAutoTopicCreation: false,
    });
    const source = new KafkaSource(schema, partitions, config, consumer, kafkaValueDecoder(config.format, schema), ctx);
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: config.pattern ? [config.pattern] : [...config.topics], fromBeginning: config.autoOffsetReset === 'earliest' });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) source.fail(payload.error);
      });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, isStale, resolveOffset }) => source.take(batch, isStale, resolveOffset),
      });
    } catch (error) {
      await consumer.disconnect();
      throw error;
    }
    return source;
  }

  /** Hands out buffered batches as the pipeline asks; ends when the job is drained. */
  async *batches(): AsyncGenerator<Row[]> {
    const signal = this.ctx.signal;
    const onAbort = (): void => this.wakeReader();
    signal.addEventListener('abort', onAbort);
    try {
      for (;;) {
        if (this.failure !== undefined) throw this.failure;
        if (signal.aborted) return;
        const next = this.buffer.shift();
        if (next === undefined) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        if (this.buffer.length < this.config.maxBufferedBatches) this.resumeAll();
        yield next.rows;
        // Asked for the next batch: the pipeline has taken this one in.
        const { topic, partition } = next.position;
        this.handedOut.set(positionKey(topic, partition), next.position);
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** How many batches wait in the buffer now (fetched, not yet handed out). */
  get buffered(): number {
    return this.buffer.length;
  }

  /** The position after every batch the pipeline has taken in (asked past), per partition. */
  readPosition(): ReadPosition {
    return [...this.handedOut.values()];
  }

  /**
   * Commits a position taken by {@link readPosition} under the group (the partitions that moved
   * since the last commit). A failed commit (the
   * partition moved to another member in a rebalance) is logged: its records are read again,
   * at least once.
   */
  async commitPosition(position: ReadPosition): Promise<void> {
    const positions = (position as readonly PartitionPosition[]).filter((p) => p.offset > (this.committed.get(positionKey(p.topic, p.partition)) ?? -1));
    if (positions.length === 0 || this.closed) return;
    try {
      await this.consumer.commitOffsets(positions.map((p) => ({ topic: p.topic, partition: p.partition, offset: String(p.offset) })));
      for (const p of positions) this.committed.set(positionKey(p.topic, p.partition), p.offset);
    } catch (error) {
      this.ctx.log('warn', 'kafka offsets not committed: their records will be read again', {
        group: this.config.groupId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** Leaves the group and disconnects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wakeReader();
    await this.consumer.disconnect();
  }

  /**
   * Decodes a fetched batch into row batches until the buffer is full; then the partition is
   * paused, and its records not taken are fetched again once it resumes (only the taken ones
   * are resolved).
   */
  private take(batch: Batch, isStale: () => boolean, resolveOffset: (offset: string) => void): void {
    if (this.closed || isStale()) return;
    const { topic, partition } = batch;
    const { batchSize, maxBufferedBatches } = this.config;
    let rows: Row[] = [];
    let next = -1;
    let full = false;
    for (const message of batch.messages) {
      if (rows.length === 0 && this.buffer.length >= maxBufferedBatches) {
        full = true;
        break;
      }
      const offset = Number(message.offset);
      next = offset + 1;
      let values: Value[];
      try {
        values = this.decode(message.value);
      } catch (error) {
        this.ctx.onBadRecord({ raw: message.value?.toString('utf8') ?? '', origin: `${topic}[${partition}]`, position: offset, error: error as Error });
        continue;
      }
      const key = message.key === null || message.key === undefined ? null : message.key.toString('utf8');
      rows.push(appendSystemColumns(values, Number(message.timestamp), offset, partition, key, topic, headerMap(message.headers)));
      if (rows.length >= batchSize) {
        this.buffer.push({ rows, position: { topic, partition, offset: next } });
        rows = [];
      }
    }
    if (!full && batch.messages.length > 0) next = Number(batch.lastOffset()) + 1;
    if (next >= 0) {
      if (rows.length > 0 || !full) this.buffer.push({ rows, position: { topic, partition, offset: next } });
      resolveOffset(String(next - 1));
    }
    if (full) {
      this.paused.set(positionKey(topic, partition), { topic, partition });
      this.consumer.pause([{ topic, partitions: [partition] }]);
    }
    this.wakeReader();
  }

  private resumeAll(): void {
    if (this.paused.size === 0) return;
    const partitions = [...this.paused.values()];
    this.paused.clear();
    this.consumer.resume(partitions.map(({ topic, partition }) => ({ topic, partitions: [partition] })));
  }

  private fail(error: unknown): void {
    this.failure = error;
    this.wakeReader();
  }

  private wakeReader(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
