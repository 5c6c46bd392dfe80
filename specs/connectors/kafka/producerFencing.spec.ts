import { KafkaJSNonRetriableError, KafkaJSProtocolError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { classifyFencing } from '../../../lib/connectors/kafka/producerFencing.js';
import { isRetriable } from '../../../lib/runtime/restart/retriableError.js';
import { FerrisError } from '../../../lib/types/errors.js';

const epochError = (): KafkaJSProtocolError =>
  new KafkaJSProtocolError(Object.assign(new Error('Producer attempted an operation with an old epoch'), { type: 'INVALID_PRODUCER_EPOCH', code: 47, retriable: false }));

describe('classifyFencing', () => {
  it('takes a bumped epoch within the transaction timeout for a newer instance: a zombie that must not restart', () => {
    const error = classifyFencing(epochError(), { transactionalId: 'app-out-0', openForMs: 120, timeoutMs: 60_000 });
    expect(error).toBeInstanceOf(FerrisError);
    expect((error as FerrisError).message).toBe(
      'fenced: a newer instance of this job initialised transactional id app-out-0; this instance is a zombie and stops without writing more (the newer one carries on)',
    );
    expect(isRetriable(error)).toBe(false);
  });

  it('takes a bumped epoch after the transaction timeout for the coordinator aborting it: the job restarts', () => {
    // As kafkajs's retrier wraps an error it does not retry: the error itself as the cause.
    const inner = epochError();
    const wrapped = new (KafkaJSNonRetriableError as unknown as new (e: Error, options: { cause: Error }) => Error)(inner, { cause: inner });
    const error = classifyFencing(wrapped, { transactionalId: 'app-out-0', openForMs: 1500, timeoutMs: 1000 });
    expect((error as FerrisError).message).toMatch(/open 1500 ms, longer than its timeout of 1000 ms, and the broker aborted it: the job restarts from its last checkpoint/);
    expect(isRetriable(error)).toBe(true);
  });

  it('finds the epoch error among the causes, and leaves other errors as they are', () => {
    const nested = new Error('send failed', { cause: epochError() });
    expect((classifyFencing(nested, { transactionalId: 't', openForMs: 0, timeoutMs: 10 }) as Error).message).toMatch(/^fenced: /);
    const other = new Error('read ECONNRESET');
    expect(classifyFencing(other, { transactionalId: 't', openForMs: 0, timeoutMs: 10 })).toBe(other);
  });
});
