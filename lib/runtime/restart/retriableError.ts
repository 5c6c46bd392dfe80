import { FerrisError, type ErrorCode } from '../../types/errors.js';

/** Codes of errors that no retry can fix: the SQL, the configuration, the data or a bug. */
const NEVER_RETRIABLE: readonly ErrorCode[] = ['SQL_SYNTAX', 'SQL_BIND', 'SQL_TYPE', 'NOT_SUPPORTED', 'CONFIG', 'BAD_RECORD', 'DECIMAL_OVERFLOW', 'EVALUATION', 'INTERNAL'];

/**
 * kafkajs errors it marks non-retriable (it gave up after its own retries) whose cause is the
 * network or a broker that is not there yet: a later attempt may well succeed.
 */
const TRANSIENT_KAFKAJS_ERRORS = ['KafkaJSGroupCoordinatorNotFound', 'KafkaJSBrokerNotFound', 'KafkaJSConnectionError', 'KafkaJSConnectionClosedError', 'KafkaJSRequestTimeoutError', 'KafkaJSMetadataNotLoaded'];

/** Node's codes of network errors that a later attempt may not meet. */
const TRANSIENT_NETWORK_CODES = ['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EAI_AGAIN'];

/**
 * Whether a job that failed with `error` may succeed when it restarts. A {@link FerrisError}
 * says so itself (`retriable`); one of an I/O or Kafka code is also retriable when its cause
 * is, while SQL, configuration, data and internal errors never are. A kafkajs error is
 * retriable when it says so, or when it gave up retrying one that is (kafkajs wraps the last
 * error of its retries in a non-retriable one), or when it is one of the network's
 * ({@link TRANSIENT_KAFKAJS_ERRORS}). Node's transient network errors are retriable.
 */
export function isRetriable(error: unknown, depth = 0): boolean {
  if (depth > 8 || error === null || typeof error !== 'object') return false;
  const cause = (error as { cause?: unknown }).cause;
  if (error instanceof FerrisError) {
    if (NEVER_RETRIABLE.includes(error.code)) return false;
    return error.retriable || isRetriable(cause, depth + 1);
  }
  const { name, retriable, code } = error as { name?: unknown; retriable?: unknown; code?: unknown };
  if (typeof name === 'string' && name.startsWith('KafkaJS')) return retriable === true || TRANSIENT_KAFKAJS_ERRORS.includes(name) || isRetriable(cause, depth + 1);
  if (typeof code === 'string' && TRANSIENT_NETWORK_CODES.includes(code)) return true;
  return isRetriable(cause, depth + 1);
}
