import type { Schema } from '../types/schema.js';
import { SYSTEM_COLUMNS } from '../types/schema.js';
import type { Row, Value } from '../types/value.js';

/** How many system columns follow the declared columns of every source row. */
export const SYSTEM_COLUMN_COUNT = SYSTEM_COLUMNS.length;

/** The width of a full source row: declared columns plus system columns. */
export function fullRowWidth(schema: Schema): number {
  return schema.fields.length + SYSTEM_COLUMN_COUNT;
}

/**
 * Writes the system column values into a full-width row, from index `at` (the number of
 * declared columns) on, in the order of `SYSTEM_COLUMNS` (as {@link appendSystemColumns}).
 */
export function setSystemColumns(
  row: Value[],
  at: number,
  timestamp: number,
  offset: number,
  partition: number,
  key: string | null,
  topic: string | null,
  headers: Map<string, Value> | null = null,
): Row {
  row[at] = timestamp;
  row[at + 1] = offset;
  row[at + 2] = partition;
  row[at + 3] = key;
  row[at + 4] = topic;
  row[at + 5] = headers;
  return row;
}

/**
 * Appends the system column values to a row holding the declared columns, in the order of
 * `SYSTEM_COLUMNS`: `_timestamp`, `_offset`, `_partition`, `_key`, `_topic`, `_headers`.
 */
export function appendSystemColumns(
  row: Value[],
  timestamp: number,
  offset: number,
  partition: number,
  key: string | null,
  topic: string | null,
  headers: Map<string, Value> | null = null,
): Row {
  row.push(timestamp, offset, partition, key, topic, headers);
  return row;
}
