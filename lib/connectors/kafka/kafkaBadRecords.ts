import type { KafkaMessage } from 'kafkajs';
import type { Value } from '../../types/value.js';
import { abortableSleep } from '../abortableSleep.js';
import type { BadRecord, ConnectorContext, RawRecord } from '../types.js';
import type { KafkaFormat, KafkaValueDecoder } from './kafkaValueDecoder.js';

/** What became of a record the decoder refused. */
export type UnreadableOutcome =
  /** Read after all (a retry succeeded). */
  | { readonly values: Value[] }
  /** `fail_batch`: drop its batch, then report it with {@link KafkaBadRecords.report}. */
  | { readonly dropBatch: BadRecord }
  /** Reported and skipped (logged, or sent to the dead-letter queue and acknowledged). */
  | 'skipped'
  /** The job stopped while it waited to retry: the record stays unread. */
  | 'stopped';

/** The headers of a message as bytes (the last value of a repeated header). */
function rawHeaders(headers: KafkaMessage['headers']): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const name in headers ?? {}) {
    const raw = headers![name];
    const last = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (last !== undefined) out[name] = typeof last === 'string' ? Buffer.from(last) : last;
  }
  return out;
}

/**
 * A Kafka source's records its decoder refuses, handled by the source's failure strategy:
 * `retry_with_backoff` decodes the record again (fetching its registry schema again) after
 * `retry_backoff`, doubling, up to `max_retries` times, and reports it only if it still fails
 * (the router then fails the job); `fail_batch` has the source drop the record's batch;
 * otherwise the record is reported at once and the report awaited (a dead-letter topic
 * acknowledges it before the source goes on, so its offset is committed only after that).
 */
export class KafkaBadRecords {
  constructor(
    private readonly ctx: ConnectorContext,
    private readonly decode: KafkaValueDecoder,
    private readonly format: KafkaFormat,
  ) {}

  /** Handles a record that `decode` refused with `error`. */
  async unreadable(message: KafkaMessage, error: Error, topic: string, partition: number): Promise<UnreadableOutcome> {
    const policy = this.ctx.badRecordPolicy;
    let last = error;
    if (policy?.strategy === 'retry_with_backoff') {
      for (let attempt = 0; attempt < policy.maxRetries; attempt++) {
        await abortableSleep(policy.retryBackoffMs * 2 ** attempt, this.ctx.signal);
        if (this.ctx.signal.aborted) return 'stopped';
        await this.decode.prepare?.([message.value]);
        try {
          return { values: this.decode(message.value) };
        } catch (again) {
          last = again instanceof Error ? again : new Error(String(again));
        }
      }
    }
    const bad = this.badRecord(message, last, topic, partition);
    if (policy?.strategy === 'fail_batch') return { dropBatch: bad };
    await this.ctx.onBadRecord(bad);
    return 'skipped';
  }

  /** Reports a record whose batch was dropped, with the number of other records dropped with it. */
  async report(bad: BadRecord, droppedWith: number): Promise<void> {
    await this.ctx.onBadRecord({ ...bad, droppedWith });
  }

  private badRecord(message: KafkaMessage, error: Error, topic: string, partition: number): BadRecord {
    const text = this.format === 'json' || this.format === 'string' ? 'utf8' : 'base64';
    const record: RawRecord = { key: message.key ?? null, value: message.value, headers: rawHeaders(message.headers) };
    return { raw: message.value?.toString(text) ?? '', origin: `${topic}[${partition}]`, position: Number(message.offset), partition, record, error };
  }
}
