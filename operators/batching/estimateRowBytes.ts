import { Decimal } from '../../lib/types/decimal.js';
import type { Row, StructValue, Value } from '../../lib/types/value.js';

/*
 * A cheap estimate of the heap a row holds, for the memory_based batch strategy. It follows
 * V8's layout roughly (pointer-sized slots, boxed doubles, one byte per character of text)
 * and costs one pass over the row's values with no allocation. It is an estimate: strings
 * shared between rows are counted in every row.
 */

/** Fixed cost of a row: the array object and its backing store header. */
const ROW_OVERHEAD_BYTES = 24;
/** One slot of an array, a map entry or an object field (a pointer). */
const SLOT_BYTES = 8;
/** A boxed double. */
const NUMBER_BYTES = 8;
/** A string's header; its characters come on top, one byte each. */
const STRING_HEADER_BYTES = 16;
/** A bigint (header and up to two 64-bit digits). */
const BIGINT_BYTES = 24;
/** A Decimal object: header and three fields. */
const DECIMAL_BYTES = 32;
/** A nested array, Map or object header. */
const CONTAINER_BYTES = 32;

/** The estimated bytes of one value, not counting the slot that points at it. */
function estimateValueBytes(value: Value): number {
  switch (typeof value) {
    case 'number':
      return NUMBER_BYTES;
    case 'string':
      return STRING_HEADER_BYTES + value.length;
    case 'bigint':
      return BIGINT_BYTES;
    case 'boolean':
      return 0;
    default:
      return estimateObjectBytes(value);
  }
}

/** The estimated bytes of null or an object value (decimal, array, map, struct). */
function estimateObjectBytes(value: Value): number {
  if (value === null) return 0;
  if (value instanceof Decimal) return value.big === null ? DECIMAL_BYTES : DECIMAL_BYTES + BIGINT_BYTES;
  if (Array.isArray(value)) {
    let bytes = CONTAINER_BYTES;
    for (let i = 0; i < value.length; i++) bytes += SLOT_BYTES + estimateValueBytes(value[i]!);
    return bytes;
  }
  if (value instanceof Map) {
    let bytes = CONTAINER_BYTES;
    for (const [key, entry] of value) bytes += 2 * SLOT_BYTES + STRING_HEADER_BYTES + key.length + estimateValueBytes(entry);
    return bytes;
  }
  const struct = value as StructValue;
  let bytes = CONTAINER_BYTES;
  for (const field in struct) bytes += SLOT_BYTES + estimateValueBytes(struct[field]!);
  return bytes;
}

/**
 * The estimated heap bytes of a row: a fixed overhead, a slot per column and the size of
 * each value (numbers 8, text 16 + its length, decimals 32, nested values recursively).
 */
export function estimateRowBytes(row: Row): number {
  let bytes = ROW_OVERHEAD_BYTES + SLOT_BYTES * row.length;
  for (let i = 0; i < row.length; i++) bytes += estimateValueBytes(row[i]!);
  return bytes;
}
