import type { Row } from '../lib/types/value.js';

/**
 * Receives a row whose evaluation threw (e.g. a decimal overflow): the runtime counts it, logs
 * it with its position and routes it by `failure_strategy`. Rethrowing fails the job.
 */
export type RowErrorHandler = (row: Row, error: unknown) => void;

/** The default handler: a row error fails the stream. */
export const failOnRowError: RowErrorHandler = (_row, error) => {
  throw error;
};
