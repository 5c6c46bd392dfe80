import { CompressionTypes, type Message, type ProducerRecord, type RecordMetadata } from 'kafkajs';
import { FerrisError } from '../../types/errors.js';
import { schemaOf, type Schema } from '../../types/schema.js';
import type { Row, Value } from '../../types/value.js';
import type { FormatOptions } from '../../types/valueText.js';
import { JsonRowEncoder } from '../output/jsonRowEncoder.js';
import type { ConnectorContext, ConnectorMetrics, Sink } from '../types.js';
import { CoalescingSender, messageBytes } from './coalescingSender.js';
import type { KafkaClientConfig } from './kafkaClient.js';
import { PartitionedSender, type MessageQueue } from './partitionedSender.js';
import { openSinkProducer } from './sinkProducer.js';
import { topicPartitioner, type PartitionOf } from './topicPartitioner.js';
import { openSchemaEncoder } from './formats/valueFormats.js';
import type { ValueSchemaConfig } from './formats/valueSchemaConfig.js';
import type { COMPRESSIONS, KAFKA_SINK_FORMATS } from './kafkaDescriptors.js';

/** A `compression.type` of the sink. */
export type Compression = (typeof COMPRESSIONS)[number];

/** The kafkajs codec of each compression (snappy, lz4 and zstd registered by the client, see kafkaCodecs.ts). */
const CODECS: Readonly<Record<Compression, CompressionTypes>> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

/** The settings of a Kafka sink, after its properties are read. */
export interface KafkaSinkConfig extends FormatOptions {
  readonly client: KafkaClientConfig;
  readonly topic: string;
  readonly format: (typeof KAFKA_SINK_FORMATS)[number];
  /** Where the Avro or Protobuf schema comes from (undefined for JSON). */
  readonly valueSchema: ValueSchemaConfig | undefined;
  readonly compression: Compression;
  /** Broker acknowledgements awaited per send: -1 (all in-sync replicas), 1 (the leader) or 0 (none). */
  readonly acks: -1 | 0 | 1;
  /** Kafka's `batch.size`: the bytes of messages (keys and values) gathered before a send. */
  readonly batchBytes: number;
  /** Kafka's `linger.ms`: the longest a gathered message waits for `batchBytes` (0: every write is sent at once). */
  readonly lingerMs: number;
  /** How often the producer retries a failed send. */
  readonly retries: number;
  /** The output column whose TIMESTAMP is each message's timestamp, when there is one. */
  readonly timestampField: string | undefined;
  /** `transaction.timeout.ms`, when set: how long the broker lets a transaction of `'mode' = 'transactional'` stay open. */
  readonly transactionTimeoutMs: number | undefined;
  /** `producer.thread`: whether the producer runs on the process's producer threads (`ThreadProducer`) rather than the job's. */
  readonly producerThread: boolean;
  /** `producer.threads`: how many producer threads the sink's messages are spread over, by partition. */
  readonly producerThreads: number;
}

/** Where the parts of a message come from in an output row. */
interface MessageLayout {
  readonly keyOf: (row: Row) => string | null;
  /** The `_headers` column, or -1. */
  readonly headers: number;
  /** The event-time column, or -1 (the broker stamps the message). */
  readonly timestamp: number;
  /** The columns written into the value, when some are left out (`_headers`); undefined: all of them. */
  readonly valueColumns: readonly number[] | undefined;
}

function layoutOf(schema: Schema, config: KafkaSinkConfig, keyOf: (row: Row) => string | null): MessageLayout {
  const names = schema.fields.map((f) => f.name.toLowerCase());
  const headers = names.indexOf('_headers');
  const timestamp = config.timestampField === undefined ? -1 : names.indexOf(config.timestampField.toLowerCase());
  const valueColumns = headers < 0 ? undefined : schema.fields.flatMap((_, i) => (i === headers ? [] : [i]));
  return { keyOf, headers, timestamp, valueColumns };
}

function headerRecord(value: Value): Record<string, string> | undefined {
  if (!(value instanceof Map) || value.size === 0) return undefined;
  const headers: Record<string, string> = {};
  for (const [name, text] of value) if (text !== null) headers[name] = String(text);
  return headers;
}

/** Encodes the value columns of a row as a message value. */
type ValueEncoder = (values: Row) => Buffer | string;

/** The value encoder of the sink's format: JSON text, or Avro / Protobuf through their schema. */
async function valueEncoder(config: KafkaSinkConfig, valueSchema: Schema, ctx: ConnectorContext): Promise<ValueEncoder> {
  if (config.format === 'json') {
    const json = new JsonRowEncoder(valueSchema, config);
    return (values) => json.encode(values);
  }
  if (config.valueSchema === undefined) throw new FerrisError('CONFIG', `kafka_sink with format = '${config.format}' needs its schema`);
  return openSchemaEncoder(config.format, config.valueSchema, valueSchema, config.topic, ctx);
}

/** How a sink's rows become messages: which columns are key, headers and timestamp, and the value encoder. */
export interface MessageEncoding {
  readonly layout: MessageLayout;
  readonly encode: ValueEncoder;
}

/** The message encoding of a sink's rows, opening its value format (reading or registering its schema). */
export async function messageEncoding(config: KafkaSinkConfig, schema: Schema, ctx: ConnectorContext): Promise<MessageEncoding> {
  const layout = layoutOf(schema, config, ctx.recordKey ?? (() => null));
  const valueSchema = layout.valueColumns === undefined ? schema : schemaOf(layout.valueColumns.map((i) => schema.fields[i]!));
  return { layout, encode: await valueEncoder(config, valueSchema, ctx) };
}

/** What a Kafka sink sends through: a producer, or the open transaction of a transactional one. */
export interface MessageSender {
  send(record: ProducerRecord): Promise<RecordMetadata[]>;
  disconnect(): Promise<void>;
}

/**
 * A sink producing each row as one message of a topic: the value is the row (without
 * `_headers`) as a JSON object, an Avro record or a Protobuf message, the key the row's key columns (GROUP BY or PRIMARY KEY, compound keys
 * joined with `|`), the headers those of a `_headers` column, the timestamp the row's event
 * time. Messages leave through a {@link CoalescingSender} per producer: `write` resolves once
 * its messages are queued, the batches written while a send is in flight leave together in
 * the next one (with `linger.ms` > 0 they wait for `batch.size` bytes or `linger.ms`, as
 * Kafka's producer batches), and `flush` resolves once the broker acknowledged every message
 * written (as `acks` asks). With several producers (`producer.threads`) the sink picks each
 * message's partition and spreads them by partition ({@link PartitionedSender}).
 */
export class KafkaSink implements Sink {
  private connected = true;
  private readonly queue: MessageQueue;

  private constructor(
    private readonly config: KafkaSinkConfig,
    private readonly producers: readonly MessageSender[],
    partitionOf: PartitionOf | undefined,
    private readonly layout: MessageLayout,
    private readonly encode: ValueEncoder,
    private readonly metrics: ConnectorMetrics | undefined,
  ) {
    const batching = { batchBytes: config.batchBytes, lingerMs: config.lingerMs };
    const lanes = producers.map((producer) => new CoalescingSender((messages) => this.send(producer, messages), batching));
    this.queue = lanes.length === 1 || partitionOf === undefined ? lanes[0]! : new PartitionedSender(lanes, partitionOf);
  }

  /**
   * Opens the value format (reading or registering its schema), then connects the producers:
   * one per producer thread (`producer.threads`) when the topic exists, else one (the topic
   * must then exist or the broker create it on first use).
   */
  static async open(config: KafkaSinkConfig, schema: Schema, ctx: ConnectorContext): Promise<KafkaSink> {
    const encoding = await messageEncoding(config, schema, ctx);
    const threads = config.producerThread ? config.producerThreads : 1;
    const partitionOf = threads > 1 ? await topicPartitioner(config.client, config.topic, ctx) : undefined;
    const lanes = partitionOf === undefined ? 1 : threads;
    const producers = await Promise.all(
      Array.from({ length: lanes }, (_, lane) => openSinkProducer(config.client, { retries: config.retries }, config.producerThread, ctx, { threads, lane })),
    );
    return new KafkaSink(config, producers, partitionOf, encoding.layout, encoding.encode, ctx.metrics);
  }

  /** A sink sending through `sender` (already connected), with the encoding {@link messageEncoding} opened; the bytes sent count in `metrics`. */
  static over(config: KafkaSinkConfig, encoding: MessageEncoding, sender: MessageSender, metrics?: ConnectorMetrics): KafkaSink {
    return new KafkaSink(config, [sender], undefined, encoding.layout, encoding.encode, metrics);
  }

  /** Encodes the rows as messages and queues them to be sent; rejects when an earlier send failed. */
  async write(rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    const messages = new Array<Message>(rows.length);
    for (let i = 0; i < rows.length; i++) messages[i] = this.message(rows[i]!);
    await this.queue.add(messages);
  }

  /** Resolves once the broker acknowledged every message written. */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  /** Resolves once the broker acknowledged every message written before the call, while later writes go on. */
  acknowledged(): Promise<void> {
    return this.queue.acknowledged();
  }

  /** Drops the messages not sent yet (after a flush there are none) and waits for the send in flight to settle. */
  discardPending(): Promise<void> {
    return this.queue.discard();
  }

  /** Drops what was not sent ({@link discardPending}) and disconnects the producers. */
  async close(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.queue.discard();
    await Promise.all(this.producers.map((producer) => producer.disconnect()));
  }

  /** One send of queued messages through `producer`; once the broker acknowledged it, their keys' and values' bytes count. */
  private async send(producer: MessageSender, messages: Message[]): Promise<void> {
    await producer.send({
      topic: this.config.topic,
      messages,
      acks: this.config.acks,
      compression: CODECS[this.config.compression],
    });
    if (this.metrics === undefined) return;
    let bytes = 0;
    for (const message of messages) bytes += messageBytes(message);
    this.metrics.bytesOut += bytes;
  }

  private message(row: Row): Message {
    const { keyOf, headers, timestamp, valueColumns } = this.layout;
    const value = this.encode(valueColumns === undefined ? row : valueColumns.map((i) => row[i]!));
    const message: Message = { key: keyOf(row), value };
    if (headers >= 0) {
      const record = headerRecord(row[headers]!);
      if (record !== undefined) message.headers = record;
    }
    if (timestamp >= 0) {
      const time = row[timestamp];
      if (typeof time === 'number') message.timestamp = String(time);
    }
    return message;
  }
}
