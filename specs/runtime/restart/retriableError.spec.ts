import { KafkaJSConnectionError, KafkaJSGroupCoordinatorNotFound, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { isRetriable } from '../../../lib/runtime/restart/retriableError.js';
import { FerrisError } from '../../../lib/types/errors.js';

/** A kafkajs protocol error as kafkajs builds it from a broker's error code. */
const protocolError = (type: string, code: number, retriable: boolean): KafkaJSProtocolError =>
  new KafkaJSProtocolError(Object.assign(new Error(type), { type, code, retriable }));

const networkError = (code: string): Error => Object.assign(new Error(`read ${code}`), { code });

describe('isRetriable', () => {
  it('retries network failures: Node socket errors, kafkajs connection errors and what kafkajs gave up on after its retries', () => {
    expect(isRetriable(networkError('ECONNRESET'))).toBe(true);
    expect(isRetriable(networkError('ECONNREFUSED'))).toBe(true);
    expect(isRetriable(new KafkaJSConnectionError('Connection error: read ECONNRESET'))).toBe(true);
    expect(isRetriable(new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection timeout'), { retryCount: 8, retryTime: 2000 }))).toBe(true);
    // kafkajs marks it non-retriable once its own lookups failed; the coordinator may well be back later.
    expect(isRetriable(new (KafkaJSGroupCoordinatorNotFound as unknown as new (message: string) => Error)('Failed to find group coordinator'))).toBe(true);
    expect(isRetriable(protocolError('NOT_COORDINATOR', 16, true))).toBe(true);
  });

  it('does not retry what no retry fixes: bad config or SQL, bad records, internal errors, a fenced producer', () => {
    expect(isRetriable(new FerrisError('CONFIG', "invalid value 'x' for 'mode'"))).toBe(false);
    expect(isRetriable(new FerrisError('SQL_BIND', "unknown column 'y'"))).toBe(false);
    expect(isRetriable(new FerrisError('BAD_RECORD', 'bad JSON'))).toBe(false);
    // A configuration error stays one even when a network error came with it.
    expect(isRetriable(new FerrisError('CONFIG', 'the topic does not exist', { cause: networkError('ECONNRESET') }))).toBe(false);
    expect(isRetriable(protocolError('INVALID_PRODUCER_EPOCH', 47, false))).toBe(false);
    expect(isRetriable(new FerrisError('KAFKA', 'fenced', { retriable: false, cause: protocolError('INVALID_PRODUCER_EPOCH', 47, false) }))).toBe(false);
    expect(isRetriable(new Error('something else'))).toBe(false);
    expect(isRetriable('a string')).toBe(false);
    expect(isRetriable(undefined)).toBe(false);
  });

  it('follows the causes of I/O and Kafka errors, and takes their own word', () => {
    expect(isRetriable(new FerrisError('IO', 'cannot write', { cause: networkError('EPIPE') }))).toBe(true);
    expect(isRetriable(new FerrisError('KAFKA', 'transaction timed out', { retriable: true }))).toBe(true);
    expect(isRetriable(new FerrisError('IO', 'disk full'))).toBe(false);
    expect(isRetriable(new Error('wrapped', { cause: new KafkaJSConnectionError('Connection error') }))).toBe(true);
  });
});
