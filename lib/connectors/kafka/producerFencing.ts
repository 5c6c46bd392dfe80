import { FerrisError } from '../../types/errors.js';

/** Kafka's errors of a producer whose epoch is no longer the transactional id's latest. */
const FENCED_TYPES = ['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED'];

/** Whether `error` (or one of its causes) tells that the producer's epoch was bumped past it. */
function isEpochError(error: unknown, depth = 0): boolean {
  if (depth > 8 || error === null || typeof error !== 'object') return false;
  const { type, cause } = error as { type?: unknown; cause?: unknown };
  return (typeof type === 'string' && FENCED_TYPES.includes(type)) || isEpochError(cause, depth + 1);
}

/** The transaction a fencing error hit: how long it had been open, and the timeout the coordinator aborts it after. */
export interface OpenTransaction {
  readonly transactionalId: string;
  readonly openForMs: number;
  readonly timeoutMs: number;
}

/**
 * Tells the two reasons of a bumped producer epoch apart, which Kafka reports with the same
 * error: a transaction open longer than its timeout was aborted by the coordinator (the job
 * may restart from its last checkpoint: the returned error is retriable), otherwise a newer
 * instance of the job initialised the same transactional id, and this one is a zombie that
 * must stop rather than restart and fence the newer one back (not retriable). Other errors
 * come back unchanged.
 */
export function classifyFencing(error: unknown, transaction: OpenTransaction): unknown {
  if (!isEpochError(error)) return error;
  const { transactionalId, openForMs, timeoutMs } = transaction;
  if (openForMs >= timeoutMs) {
    return new FerrisError(
      'KAFKA',
      `the transaction of ${transactionalId} was open ${openForMs} ms, longer than its timeout of ${timeoutMs} ms, and the broker aborted it: the job restarts from its last checkpoint`,
      { retriable: true, cause: error },
    );
  }
  return new FerrisError(
    'KAFKA',
    `fenced: a newer instance of this job initialised transactional id ${transactionalId}; this instance is a zombie and stops without writing more (the newer one carries on)`,
    { retriable: false, cause: error },
  );
}
