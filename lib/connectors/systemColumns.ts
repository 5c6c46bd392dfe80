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
 * Where each system column sits after the declared columns of a source row (add the number
 * of declared columns), in the order of `SYSTEM_COLUMNS`.
 */
export const SYSTEM_COLUMN_AT = { timestamp: 0, offset: 1, partition: 2, key: 3, topic: 4, headers: 5 } as const;

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
