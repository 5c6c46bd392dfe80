import { Partitioners, type IHeaders, type Producer } from 'kafkajs';
import { formatTimestamp } from '../../types/time.js';
import type { DeadLetter } from '../deadLetterFile.js';
import type { ConnectorContext, RawRecord } from '../types.js';
import { kafkaClient } from './kafkaClient.js';

/** The header names a dead-letter record carries, after the original record's own headers. */
export const DLQ_HEADERS = {
  error: 'ferris.dlq.error',
  job: 'ferris.dlq.job',
  origin: 'ferris.dlq.origin',
  partition: 'ferris.dlq.partition',
  offset: 'ferris.dlq.offset',
  at: 'ferris.dlq.at',
} as const;

const bytes = (raw: Uint8Array): Buffer => Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);

/**
 * A Kafka topic of dead letters (`failure_strategy = 'send_to_dlq'`). An unreadable record is
 * sent as it was read (its key, value and headers, bytes unchanged); a row whose evaluation
 * failed as a JSON object of its columns. Either carries the error, where it came from (topic
 * or file, partition, offset) and the job as `ferris.dlq.*` headers. Each `write` resolves
 * once the broker acknowledged the record (acks = all), so a source commits past a bad record
 * only after its dead letter is durable. The producer connects on the first write.
 */
export class DeadLetterTopic {
  private producer: Promise<Producer> | undefined;

  constructor(
    readonly topic: string,
    private readonly brokers: readonly string[],
    private readonly log: ConnectorContext['log'],
  ) {}

  /** Sends one dead letter; `record` is the original record when a source could not read it. */
  async write(letter: DeadLetter, record?: RawRecord): Promise<void> {
    const headers: IHeaders = {};
    for (const [name, raw] of Object.entries(record?.headers ?? {})) headers[name] = bytes(raw);
    headers[DLQ_HEADERS.error] = letter.error;
    headers[DLQ_HEADERS.job] = letter.job;
    if (letter.origin !== null) headers[DLQ_HEADERS.origin] = letter.origin;
    if (letter.partition !== undefined) headers[DLQ_HEADERS.partition] = String(letter.partition);
    const offset = letter.offset ?? letter.position;
    if (offset !== undefined) headers[DLQ_HEADERS.offset] = String(offset);
    headers[DLQ_HEADERS.at] = formatTimestamp(Date.now());
    const value = record !== undefined ? (record.value === null ? null : bytes(record.value)) : Buffer.from(JSON.stringify(letter.row ?? { raw: letter.raw }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
    const producer = await this.connected();
    await producer.send({ topic: this.topic, acks: -1, messages: [{ key: record?.key ? bytes(record.key) : null, value, headers }] });
  }

  /** Disconnects the producer, if it connected. */
  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    if (producer !== undefined) await (await producer).disconnect();
  }

  private connected(): Promise<Producer> {
    if (this.producer === undefined) {
      const producer = kafkaClient({ brokers: this.brokers, clientId: 'ferris-dlq' }, { log: this.log }).producer({ allowAutoTopicCreation: true, createPartitioner: Partitioners.DefaultPartitioner });
      this.producer = producer.connect().then(() => producer);
      this.producer.catch(() => (this.producer = undefined));
    }
    return this.producer;
  }
}
