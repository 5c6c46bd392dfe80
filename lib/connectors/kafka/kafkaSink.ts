import { CompressionTypes, Partitioners, type Message, type Producer, type ProducerRecord, type RecordMetadata } from 'kafkajs';
import type { Schema } from '../../types/schema.js';
import { schemaOf } from '../../types/schema.js';
import type { Row, Value } from '../../types/value.js';
import type { FormatOptions } from '../../types/valueText.js';
import { JsonRowEncoder } from '../output/jsonRowEncoder.js';
import type { ConnectorContext, Sink } from '../types.js';
import { kafkaClient, type KafkaClientConfig } from './kafkaClient.js';

/** The settings of a Kafka sink, after its properties are read. */
export interface KafkaSinkConfig extends FormatOptions {
  readonly client: KafkaClientConfig;
  readonly topic: string;
  readonly compression: 'none' | 'gzip';
  /** Broker acknowledgements awaited per send: -1 (all in-sync replicas), 1 (the leader) or 0 (none). */
  readonly acks: -1 | 0 | 1;
  /** The output column whose TIMESTAMP is each message's timestamp, when there is one. */
  readonly timestampField: string | undefined;
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

/** What a Kafka sink sends through: a producer, or the open transaction of a transactional one. */
export interface MessageSender {
  send(record: ProducerRecord): Promise<RecordMetadata[]>;
  disconnect(): Promise<void>;
}

/**
 * A sink producing each row as one message of a topic: the value is the row as a JSON object
 * (without `_headers`), the key the row's key columns (GROUP BY or PRIMARY KEY, compound keys
 * joined with `|`), the headers those of a `_headers` column, the timestamp the row's event
 * time. `write` resolves once the broker acknowledged the messages (as `acks` asks), so a
 * written batch is durable and `flush` has nothing left to wait for.
 */
export class KafkaSink implements Sink {
  private readonly encoder: JsonRowEncoder;
  private connected = true;

  private constructor(
    private readonly config: KafkaSinkConfig,
    private readonly producer: MessageSender,
    private readonly layout: MessageLayout,
    schema: Schema,
  ) {
    const valueSchema = layout.valueColumns === undefined ? schema : schemaOf(layout.valueColumns.map((i) => schema.fields[i]!));
    this.encoder = new JsonRowEncoder(valueSchema, config);
  }

  /** Connects the producer; the topic must exist or the broker must create it on first use. */
  static async open(config: KafkaSinkConfig, schema: Schema, ctx: ConnectorContext): Promise<KafkaSink> {
    // The murmur2 partitioner of the Java client: a key lands on the partition other Kafka clients pick for it.
    const producer = kafkaClient(config.client, ctx).producer({ allowAutoTopicCreation: true, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    return KafkaSink.over(config, schema, ctx, producer);
  }

  /** A sink sending through `sender` (already connected). */
  static over(config: KafkaSinkConfig, schema: Schema, ctx: ConnectorContext, sender: MessageSender | Producer): KafkaSink {
    return new KafkaSink(config, sender, layoutOf(schema, config, ctx.recordKey ?? (() => null)), schema);
  }

  /** Sends the rows as messages; resolves once the broker acknowledged them. */
  async write(rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    const messages = new Array<Message>(rows.length);
    for (let i = 0; i < rows.length; i++) messages[i] = this.message(rows[i]!);
    await this.producer.send({
      topic: this.config.topic,
      messages,
      acks: this.config.acks,
      compression: this.config.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
    });
  }

  /** Every write was acknowledged when it resolved: nothing is pending. */
  async flush(): Promise<void> {}

  /** Disconnects the producer. */
  async close(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }

  private message(row: Row): Message {
    const { keyOf, headers, timestamp, valueColumns } = this.layout;
    const value = this.encoder.encode(valueColumns === undefined ? row : valueColumns.map((i) => row[i]!));
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
