import { doubleOf } from '../functions/runtimeValues.js';
import type { Decimal } from '../types/decimal.js';
import type { SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';

/** Reads a non-null numeric value as a double. */
export type DoubleReader = (v: Value) => number;

const readDouble: DoubleReader = (v) => v as number;
const readInteger: DoubleReader = (v) => (typeof v === 'number' ? v : Number(v as bigint));
const readDecimal: DoubleReader = (v) => (v as Decimal).toNumber();

/**
 * The reader for values of a numeric `type` (INTEGER, DOUBLE, DECIMAL), picked at bind time;
 * values typed ANY are checked at run time and fail with FerrisError('EVALUATION') naming
 * `fn` and the 1-based `position` when they are not numbers.
 */
export function doubleReader(type: SqlType, fn: string, position: number): DoubleReader {
  switch (type.kind) {
    case 'DOUBLE':
      return readDouble;
    case 'INTEGER':
      return readInteger;
    case 'DECIMAL':
      return readDecimal;
    default:
      return (v) => doubleOf(v, fn, position);
  }
}
