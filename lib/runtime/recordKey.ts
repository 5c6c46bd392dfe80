import { isDecimal } from '../types/decimal.js';
import type { Row, Value } from '../types/value.js';

function keyText(value: Value): string {
  if (value === null) return '';
  if (isDecimal(value) || typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * The record key of an output row, as the original wrote it to Kafka: the value of a single key
 * column as text, compound keys joined with `|` (`US|Widget`); null when the row has no key
 * columns or its single key is NULL.
 */
export function recordKey(row: Row, keyColumns: readonly number[]): string | null {
  if (keyColumns.length === 0) return null;
  if (keyColumns.length === 1) {
    const value = row[keyColumns[0]!]!;
    return value === null ? null : keyText(value);
  }
  return keyColumns.map((i) => keyText(row[i]!)).join('|');
}
