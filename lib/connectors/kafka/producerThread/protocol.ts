import type { Offsets, ProducerRecord, RecordMetadata } from 'kafkajs';
import type { KafkaClientConfig } from '../kafkaClient.js';

/*
 * What the sink's producer thread and the job's thread say to each other (structured clone over
 * the worker's port). The job asks; the thread answers each request by its id, in order, and
 * forwards kafkajs's log lines.
 */

/** How the thread's kafkajs producer is made (what `kafka.producer()` takes, minus the partitioner: always Kafka's murmur2). */
export interface ThreadProducerOptions {
  readonly transactionalId?: string;
  readonly idempotent?: boolean;
  readonly maxInFlightRequests?: number;
  readonly retries: number;
  readonly transactionTimeout?: number;
}

/** A request of the job's thread, to the producer `producer` of the thread (`create` makes it). */
export type ProducerRequest = { readonly id: number; readonly producer: number } & (
  | { readonly op: 'create'; readonly client: KafkaClientConfig; readonly options: ThreadProducerOptions }
  | { readonly op: 'connect' | 'begin' | 'commit' | 'abort' | 'disconnect' }
  | { readonly op: 'send' | 'transactionSend'; readonly record: ProducerRecord }
  | { readonly op: 'sendOffsets'; readonly offsets: Offsets & { consumerGroupId: string } }
);

/** An error as it crosses the port: what the job's error handling reads of kafkajs's errors (name, type, code, retriable, cause). */
export interface ThreadError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly type?: string;
  readonly code?: string | number;
  readonly retriable?: boolean;
  readonly cause?: ThreadError;
}

/** An answer of the thread: to request `id`, with whether its producer has a transaction open after it; or a log line of producer `producer`. */
export type ProducerReply =
  | { readonly kind: 'reply'; readonly id: number; readonly active: boolean; readonly metadata?: RecordMetadata[]; readonly error?: ThreadError }
  | { readonly kind: 'log'; readonly producer: number; readonly level: 'error' | 'warn' | 'info' | 'debug'; readonly message: string; readonly fields: Record<string, string | number | boolean | null> };

/** `error` (and its causes, up to 8 deep) as plain data. */
export function threadError(error: unknown, depth = 0): ThreadError {
  if (error === null || typeof error !== 'object') return { name: 'Error', message: String(error) };
  const { name, message, stack, type, code, retriable, cause } = error as Record<string, unknown>;
  return {
    name: typeof name === 'string' ? name : 'Error',
    message: typeof message === 'string' ? message : String(error),
    ...(typeof stack === 'string' && { stack }),
    ...(typeof type === 'string' && { type }),
    ...((typeof code === 'string' || typeof code === 'number') && { code }),
    ...(typeof retriable === 'boolean' && { retriable }),
    ...(cause !== undefined && cause !== null && depth < 8 && { cause: threadError(cause, depth + 1) }),
  };
}

/** An Error again, with the name and properties the thread saw (so `isRetriable` and `classifyFencing` read it as the original). */
export function errorOf(data: ThreadError): Error {
  const error = new Error(data.message, data.cause === undefined ? undefined : { cause: errorOf(data.cause) });
  error.name = data.name;
  if (data.stack !== undefined) error.stack = data.stack;
  Object.assign(error, { ...(data.type !== undefined && { type: data.type }), ...(data.code !== undefined && { code: data.code }), ...(data.retriable !== undefined && { retriable: data.retriable }) });
  return error;
}

/** Log fields as plain values (anything else as its text), so that they cross the port. */
export function plainFields(fields: Record<string, unknown>): Record<string, string | number | boolean | null> {
  const plain: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(fields)) {
    plain[key] = value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
  }
  return plain;
}
