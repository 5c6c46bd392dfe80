import type { Batch, Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { didYouMean } from '../../types/didYouMean.js';
import { FerrisError, notSupported } from '../../types/errors.js';
import { schemaOf, type Schema } from '../../types/schema.js';
import { formatType } from '../../types/sqlType.js';
import type { StateValue } from '../../types/stateCodec.js';
import type { CheckpointableSource } from '../checkpointableSource.js';
import type { Row, Value } from '../../types/value.js';
import { inferJsonFields } from '../file/schemaInference.js';
import { appendSystemColumns } from '../systemColumns.js';
import type { BadRecord, ConnectorContext, PartitionProgress, ReadPosition } from '../types.js';
import { ORIGIN_HEADER, readRepartitionRecord } from './scale/repartitionRecords.js';
import { disconnectWithin } from './boundedDisconnect.js';
import { watchConsumerLiveness } from './consumerLiveness.js';
import { KafkaBadRecords } from './kafkaBadRecords.js';
import { kafkaClient, type KafkaClientConfig } from './kafkaClient.js';
import type { ValueSchemaConfig } from './formats/valueSchemaConfig.js';
import { sampleTopicValues } from './kafkaSample.js';
import { kafkaValueDecoder, openKafkaValueDecoder, type KafkaFormat, type KafkaValueDecoder } from './kafkaValueDecoder.js';

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
  /** How undeclared JSON columns are inferred: from up to `records` values, waiting at most `timeoutMs` for a first one. */
  readonly schemaSample: { readonly records: number; readonly timeoutMs: number };
  /** Where the Avro or Protobuf schema comes from (undefined for the other formats). */
  readonly valueSchema: ValueSchemaConfig | undefined;
  /** Rows per batch handed to the pipeline (at most). */
  readonly batchSize: number;
  /** Batches read ahead of the pipeline before the source pauses its partitions. */
  readonly maxBufferedBatches: number;
  readonly sessionTimeoutMs: number;
  /** How often the consumer heartbeats to its group (below `sessionTimeoutMs`). */
  readonly heartbeatIntervalMs: number;
  /** How fetches are sized (Kafka's `fetch.min.bytes`, `fetch.max.wait.ms`, `fetch.max.bytes`, `max.partition.fetch.bytes`). */
  readonly fetch: { readonly minBytes: number; readonly maxWaitMs: number; readonly maxBytes: number; readonly maxBytesPerPartition: number };
  /** `liveness.timeout.ms`: how long the consumer may go without a fetch before the source fails as stalled (0: not watched). */
  readonly livenessTimeoutMs: number;
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
  /** Repartition markers read up to the batch's end, passed on once its rows were. */
  readonly progress?: PartitionProgress[];
}

/** What a source needs to read one partition as a task of a scaled-out job: the columns and decoder its job opened once. */
export interface KafkaSourceShape {
  readonly schema: Schema;
  /** The most partitions of a topic the job reads (of the source topic, for a repartition task too). */
  readonly partitions: number | undefined;
  readonly decode: KafkaValueDecoder;
}

/** The one partition a task's source reads; `repartitioned`: a repartition topic's (copied records carry their origin, markers their progress). */
export interface TaskPartition {
  readonly topic: string;
  readonly partition: number;
  readonly repartitioned: boolean;
}

/** What {@link KafkaSource.takeProgress} gives after a batch without markers (every batch of a source topic). */
const NO_PROGRESS: readonly PartitionProgress[] = [];

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
/** The topics a source reads (resolving its pattern) and the most partitions of any; each must exist. */
async function topicsRead(kafka: Kafka, config: KafkaSourceConfig): Promise<{ topics: readonly string[]; partitions: number | undefined }> {
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
    if (topics.length === 0) return { topics, partitions: undefined };
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
    return { topics, partitions: Math.max(...metadata.map((t) => t.partitions.length)) };
  } finally {
    await admin.disconnect();
  }
}

/**
 * The columns of undeclared JSON records, inferred from a sample of the topics as the file
 * source infers them from the first records of its files; logged, so the user sees what was
 * chosen. Topics without a record within the sample timeout are an error asking for columns.
 */
async function inferredSchema(kafka: Kafka, config: KafkaSourceConfig, topics: readonly string[], ctx: ConnectorContext): Promise<Schema> {
  const values = topics.length === 0 ? [] : await sampleTopicValues(kafka, { topics, records: config.schemaSample.records, timeoutMs: config.schemaSample.timeoutMs, readUncommitted: config.isolationLevel === 'read_uncommitted' });
  const fields = inferJsonFields(values);
  if (fields === undefined) {
    const what = topics.length === 0 ? 'no topic matches its pattern yet' : `no JSON object record arrived on ${topics.join(', ')} within ${config.schemaSample.timeoutMs} ms`;
    throw new FerrisError('CONFIG', `kafka_source: cannot infer the columns of undeclared JSON records: ${what}; declare them: CREATE STREAM name (col TYPE, ...) WITH (...)`);
  }
  const schema = schemaOf(fields);
  ctx.log('info', 'kafka_source: columns inferred from a sample of the topic', { topics: topics.join(','), sampled: values.length, columns: fields.map((f) => `${f.name} ${formatType(f.type)}`).join(', ') });
  return schema;
}

/**
 * A source reading Kafka topics through a kafkajs consumer group, unbounded: it ends when the
 * job is drained. Each record becomes a row of the declared columns followed by the system
 * columns (`_timestamp` the record's timestamp, `_offset`, `_partition`, `_key`, `_topic`,
 * `_headers`). Controlled pull: fetched records wait in a buffer of
 * `maxBufferedBatches` batches (plus the fetch that filled it); then every partition is paused,
 * and resumed once the pipeline has taken half of them out. Offsets are never committed automatically: the runtime
 * takes a {@link ReadPosition} (everything handed out so far) and commits it once the sink
 * has acknowledged the rows read before it. In a transactional job its checkpoint position is
 * the offsets after every batch emitted; the sink commits them under the group in the
 * transaction of the checkpoint, so a restarted consumer resumes there by itself.
 */
export class KafkaSource implements CheckpointableSource {
  readonly bounded = false;
  /** The position after each partition's last batch handed to the pipeline (set as the batch is yielded). */
  private readonly emitted = new Map<string, PartitionPosition>();
  private readonly buffer: BufferedBatch[] = [];
  private readonly paused = new Map<string, { topic: string; partition: number }>();
  /** The partitions the source reads (the group's assignment, or a task's one): paused together when the buffer is full. */
  private readonly assigned = new Map<string, { topic: string; partition: number }>();
  private readonly handedOut = new Map<string, PartitionPosition>();
  private readonly committed = new Map<string, number>();
  private readonly badRecords: KafkaBadRecords;
  private wake: (() => void) | undefined;
  private failure: unknown;
  private closed = false;
  /** Ends the watch of the consumer's liveness (the source's own consumer only). */
  private unwatch: () => void = () => undefined;
  /** Per partition, the first offset to take: records below it were fetched before a seek (a task's restore). */
  private readonly floors = new Map<string, number>();
  /** The repartition markers of the batch handed out last. */
  private progress: PartitionProgress[] | undefined;

  private constructor(
    readonly schema: Schema,
    /** The most partitions of a subscribed topic: the `_partition` values watermarks wait for. */
    readonly partitions: number | undefined,
    private readonly config: KafkaSourceConfig,
    private readonly consumer: Consumer,
    private decode: KafkaValueDecoder,
    private readonly ctx: ConnectorContext,
    /** Set for a task's source: it reads this partition of a consumer shared by the job's tasks, which it does not own. */
    private readonly task?: TaskPartition,
  ) {
    this.badRecords = new KafkaBadRecords(ctx, decode, config.format);
    if (task !== undefined) this.assigned.set(positionKey(task.topic, task.partition), { topic: task.topic, partition: task.partition });
  }

  /**
   * The columns and decoder of a source (resolving its topics, inferring undeclared JSON
   * columns), opened once for all the tasks of a scaled-out job.
   */
  static async shape(config: KafkaSourceConfig, declared: Schema | undefined, ctx: ConnectorContext): Promise<KafkaSourceShape> {
    const kafka = kafkaClient(config.client, ctx);
    const { topics, partitions } = await topicsRead(kafka, config);
    const columns = declared === undefined && config.format === 'json' ? await inferredSchema(kafka, config, topics, ctx) : declared;
    const { schema, decode } = await openKafkaValueDecoder(config.format, config.valueSchema, columns, topics, ctx);
    return { schema, partitions, decode };
  }

  /**
   * The source of one task of a scaled-out job: it reads one partition of `consumer` (shared
   * by the job's tasks and run by them, see `PartitionTasks`), which hands it that
   * partition's batches through {@link take}. Closing it leaves the consumer running.
   */
  static forTask(shape: KafkaSourceShape, config: KafkaSourceConfig, consumer: Consumer, task: TaskPartition, ctx: ConnectorContext): KafkaSource {
    return new KafkaSource(shape.schema, shape.partitions, config, consumer, shape.decode, ctx, task);
  }

  /** Keeps only the columns the job reads of the JSON values decoded from now on (projection pushdown; Avro and Protobuf decode whole records). */
  readColumns(read: readonly boolean[]): void {
    if (this.config.format === 'json') this.decode = kafkaValueDecoder('json', this.schema, read);
  }

  /** Connects, joins the group, subscribes and starts fetching. */
  static async open(config: KafkaSourceConfig, declared: Schema | undefined, ctx: ConnectorContext): Promise<KafkaSource> {
    if (ctx.checkpointing?.store === 'files') {
      throw notSupported("'checkpoint.dir' with a kafka_source (its offsets are committed with the checkpoint only in a Kafka transaction: use 'mode' = 'transactional')");
    }
    const { schema, partitions, decode } = await KafkaSource.shape(config, declared, ctx);
    const consumer = kafkaClient(config.client, ctx).consumer({
      groupId: config.groupId,
      readUncommitted: config.isolationLevel === 'read_uncommitted',
      sessionTimeout: config.sessionTimeoutMs,
      heartbeatInterval: config.heartbeatIntervalMs,
      minBytes: config.fetch.minBytes,
      maxWaitTimeInMs: config.fetch.maxWaitMs,
      maxBytes: config.fetch.maxBytes,
      maxBytesPerPartition: config.fetch.maxBytesPerPartition,
      allowAutoTopicCreation: false,
    });
    const source = new KafkaSource(schema, partitions, config, consumer, decode, ctx);
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: config.pattern ? [config.pattern] : [...config.topics], fromBeginning: config.autoOffsetReset === 'earliest' });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) source.fail(payload.error);
      });
      let joins = 0;
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        source.assign(payload.memberAssignment);
        if (++joins > 1) source.rejoined();
      });
      source.unwatch = watchConsumerLiveness(consumer, { group: config.groupId, timeoutMs: config.livenessTimeoutMs, log: ctx.log, onStall: (error) => source.fail(error) });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, isStale, resolveOffset }) => {
          try {
            await decode.prepare?.(batch.messages.map((m) => m.value));
            await source.take(batch, isStale, resolveOffset);
          } catch (error) {
            // A record the failure strategy refuses (fail, retries exhausted, a dead letter not written) fails the job.
            source.fail(error);
          }
        },
      });
    } catch (error) {
      source.unwatch();
      await disconnectWithin(consumer, `the consumer of group '${config.groupId}'`, ctx.log);
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
        // Resumed at half full, not at one below full: a fetch is taken whole (thousands of records a
        // partition), so resuming for one free batch would pause again at once, a fetch at a time.
        if (this.buffer.length <= Math.floor(this.config.maxBufferedBatches / 2)) this.resumeAll();
        this.emitted.set(positionKey(next.position.topic, next.position.partition), next.position);
        this.progress = next.progress;
        yield next.rows;
        // Asked for the next batch: the pipeline has taken this one in.
        const { topic, partition } = next.position;
        this.handedOut.set(positionKey(topic, partition), next.position);
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** The consumer group. */
  get group(): string {
    return this.config.groupId;
  }

  /** The group and the next offset of every partition after the batches handed out: `{ group, offsets: [[topic, partition, offset]] }`. */
  checkpointPosition(): StateValue {
    return { group: this.config.groupId, offsets: [...this.emitted.values()].map((p) => [p.topic, p.partition, p.offset]) };
  }

  /**
   * Nothing to move: the offsets of a checkpoint were committed under the group in the same
   * transaction as the checkpoint, and the consumer resumes from the group's offsets. Checks
   * the checkpoint was taken under this source's group.
   */
  seek(position: StateValue): void {
    const group = position !== null && typeof position === 'object' && !Array.isArray(position) ? position.group : undefined;
    if (group !== this.config.groupId) {
      throw new FerrisError('CONFIG', `kafka_source: the checkpoint was taken reading under group '${String(group)}', this source reads under '${this.config.groupId}'`);
    }
    if (this.task !== undefined) this.seekTask(position as { offsets?: StateValue });
  }

  /**
   * A task's source goes to its checkpoint's offset itself: the shared consumer fetched its
   * partition from the group's offset when it was assigned, which may predate the checkpoint
   * committed by the partition's previous owner just before the task fenced it.
   */
  private seekTask(position: { offsets?: StateValue }): void {
    const { topic, partition } = this.task!;
    const offsets = Array.isArray(position.offsets) ? (position.offsets as [string, number, number][]) : [];
    const own = offsets.find(([t, p]) => t === topic && p === partition);
    if (own === undefined) return;
    const offset = own[2];
    this.emitted.set(positionKey(topic, partition), { topic, partition, offset });
    this.floors.set(positionKey(topic, partition), offset);
    this.consumer.seek({ topic, partition, offset: String(offset) });
  }

  /** The repartition markers of the batch handed out last (once). */
  takeProgress(): readonly PartitionProgress[] {
    const progress = this.progress ?? NO_PROGRESS;
    this.progress = undefined;
    return progress;
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

  /**
   * Leaves the group and disconnects, waiting at most `DISCONNECT_TIMEOUT_MS` (a stalled
   * consumer may never finish); a task's source only stops taking batches: the job's tasks
   * share the consumer.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wakeReader();
    this.unwatch();
    if (this.task === undefined) await disconnectWithin(this.consumer, `the consumer of group '${this.config.groupId}'`, this.ctx.log);
  }

  /** Adds a fetched batch's bytes to the job's metrics, and sets its partition's lag (undefined: unchanged). */
  private countBatch(topic: string, partition: number, bytes: number, lag: number | undefined): void {
    const metrics = this.ctx.metrics;
    if (metrics === undefined) return;
    metrics.bytesIn += bytes;
    if (lag === undefined) return;
    let partitions = metrics.consumerLag.get(topic);
    if (partitions === undefined) metrics.consumerLag.set(topic, (partitions = new Map()));
    partitions.set(partition, Math.max(0, lag));
  }

  /**
   * Decodes a fetched batch, whole, into row batches of `batch.size` records; once the buffer
   * holds `max.buffered.batches` every partition the source reads is paused, until the pipeline
   * has taken half of them out. A batch is never cut: kafkajs has already decoded it, and the
   * records not taken would be fetched and decoded again (a fetch of four partitions at 1 MiB
   * each is about 40 batches, and cutting fetches made 1.5 records fetched per record read).
   * So the buffer holds at most `max.buffered.batches` plus the fetch that was being handed
   * over when it filled. A record the decoder refuses goes to the failure
   * strategy ({@link KafkaBadRecords}); under `fail_batch` its whole row batch is dropped. The
   * row batches go to the buffer together at the end, after every bad record's report was
   * acknowledged. The bytes of the records read (keys and values) and the partition's lag (the
   * batch's high watermark minus the next offset) go to the job's metrics once per batch.
   * Records below the offset a task's source sought to are skipped; a task's source over a
   * repartition topic gives its copied records the system columns of their origin and keeps
   * its markers' progress with the row batch they end.
   */
  async take(batch: Batch, isStale: () => boolean, resolveOffset: (offset: string) => void): Promise<void> {
    if (this.closed || isStale()) return;
    const { topic, partition } = batch;
    const floor = this.floors.get(positionKey(topic, partition)) ?? -1;
    // Fetched before the seek to a task's checkpoint: fetched again from there.
    if (batch.messages.length > 0 && Number(batch.lastOffset()) < floor) return;
    const repartitioned = this.task?.repartitioned === true;
    let progress: PartitionProgress[] | undefined;
    const { batchSize, maxBufferedBatches } = this.config;
    const taken: BufferedBatch[] = [];
    let rows: Row[] = [];
    /** Records of the row batch being filled, read or not. */
    let inBatch = 0;
    let dropping: BadRecord | undefined;
    let next = -1;
    let bytes = 0;
    for (const message of batch.messages) {
      const offset = Number(message.offset);
      if (offset < floor) continue;
      next = offset + 1;
      const origin = repartitioned ? readRepartitionRecord(message, topic) : undefined;
      if (origin?.kind === 'marker') {
        (progress ??= []).push({ partition: origin.partition, eventTime: origin.eventTime });
        continue;
      }
      inBatch++;
      bytes += (message.value?.length ?? 0) + (message.key?.length ?? 0);
      let values: Value[] | undefined;
      if (dropping === undefined) {
        try {
          values = this.decode(message.value);
        } catch (error) {
          const outcome = await this.badRecords.unreadable(message, error instanceof Error ? error : new Error(String(error)), topic, partition);
          if (outcome === 'stopped' || this.closed || isStale()) return;
          if (outcome !== 'skipped' && 'values' in outcome) values = outcome.values;
          else if (outcome !== 'skipped') {
            dropping = outcome.dropBatch;
            rows = [];
          }
        }
      }
      if (values !== undefined) {
        const key = message.key === null || message.key === undefined ? null : message.key.toString('utf8');
        if (origin === undefined) rows.push(appendSystemColumns(values, Number(message.timestamp), offset, partition, key, topic, headerMap(message.headers)));
        else {
          const headers = headerMap(message.headers);
          headers?.delete(ORIGIN_HEADER);
          rows.push(appendSystemColumns(values, Number(message.timestamp), origin.offset, origin.partition, key, origin.topic, headers?.size === 0 ? null : (headers ?? null)));
        }
      }
      if (inBatch >= batchSize) {
        if (dropping !== undefined) await this.badRecords.report(dropping, inBatch - 1);
        // A dropped batch goes on empty, so that its position is committed past it.
        taken.push({ rows: dropping === undefined ? rows : [], position: { topic, partition, offset: next }, ...(progress && { progress }) });
        dropping = undefined;
        rows = [];
        inBatch = 0;
        progress = undefined;
      }
    }
    if (dropping !== undefined) await this.badRecords.report(dropping, inBatch - 1);
    if (this.closed || isStale()) return;
    if (batch.messages.length > 0) next = Number(batch.lastOffset()) + 1;
    this.countBatch(topic, partition, bytes, next >= 0 ? Number(batch.highWatermark) - next : undefined);
    if (next >= 0) {
      taken.push({ rows, position: { topic, partition, offset: next }, ...(progress && { progress }) });
      resolveOffset(String(next - 1));
    }
    this.buffer.push(...taken);
    if (this.buffer.length >= maxBufferedBatches) this.pauseAll();
    this.wakeReader();
  }

  /**
   * The consumer rejoined its group (a rebalance): kafkajs would fetch again from the group's
   * committed offsets, behind what was handed out since (re-reading those records would write
   * them twice). Buffered batches not handed out are dropped and every partition handed out
   * from continues right after its last handed-out batch; fetches of the old generation are
   * stale and ignored.
   */
  rejoined(): void {
    this.buffer.length = 0;
    this.resumeAll();
    for (const { topic, partition, offset } of this.emitted.values()) {
      try {
        this.consumer.seek({ topic, partition, offset: String(offset) });
      } catch (error) {
        this.ctx.log('debug', 'kafka: no seek after the rebalance', { topic, partition, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  /** The group assigned these partitions to the consumer (on every join): the ones {@link pauseAll} pauses. */
  private assign(assignment: Readonly<Record<string, readonly number[]>>): void {
    this.assigned.clear();
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) this.assigned.set(positionKey(topic, partition), { topic, partition });
    }
  }

  /**
   * Pauses every assigned partition not paused yet (the buffer is full): all of them, not only
   * the one whose fetch filled it, or the next fetch would bring the others' records in.
   */
  private pauseAll(): void {
    const pausing = [...this.assigned].filter(([key]) => !this.paused.has(key));
    if (pausing.length === 0) return;
    for (const [key, at] of pausing) this.paused.set(key, at);
    this.consumer.pause(pausing.map(([, { topic, partition }]) => ({ topic, partitions: [partition] })));
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
