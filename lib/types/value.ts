import type { Decimal } from './decimal.js';

/** A STRUCT value: field name → value. */
export interface StructValue {
  readonly [field: string]: Value;
}

/**
 * A SQL value at run time. The column's SqlType (known at plan time) says how to read it:
 * a TIMESTAMP is epoch ms as a number, a DATE days since epoch, an INTERVAL milliseconds,
 * an INTEGER a number (bigint beyond 2^53), a DECIMAL a {@link Decimal}.
 */
export type Value =
  | null
  | boolean
  | number
  | bigint
  | string
  | Decimal
  | Value[]
  | Map<string, Value>
  | StructValue;

/** A positional row: value i belongs to column i of the edge's schema. */
export type Row = Value[];
