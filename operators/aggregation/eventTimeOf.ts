import { FerrisError } from '../../lib/types/errors.js';
import type { Row, Value } from '../../lib/types/value.js';
import type { RowErrorHandler } from '../rowErrors.js';

/**
 * Reads a row's event time (epoch ms) with a compiled expression; a NULL or non-finite time
 * goes to `onRowError` and gives undefined (the row is skipped, not silently placed).
 */
export function eventTimeOf(row: Row, eventTime: (row: Row) => Value, onRowError: RowErrorHandler): number | undefined {
  const ts = eventTime(row);
  if (typeof ts === 'number' && Number.isFinite(ts)) return ts;
  onRowError(row, new FerrisError('BAD_RECORD', `the row has no usable event time (got ${ts === null ? 'NULL' : String(ts)})`));
  return undefined;
}

/** The start of the fixed window of `size` ms (aligned to the epoch) that holds `ts`. */
export function windowStart(ts: number, size: number): number {
  return ts - (((ts % size) + size) % size);
}
