import type { IntervalLiteral, NumberLiteral, TypedLiteral } from '../sql/ast.js';
import { Decimal } from '../types/decimal.js';
import { FerrisError } from '../types/errors.js';
import { DATE, DOUBLE, INTEGER, INTERVAL, MAX_DECIMAL_PRECISION, TIMESTAMP, type SqlType } from '../types/sqlType.js';
import { parseDate, parseTimestamp } from '../types/time.js';
import type { Value } from '../types/value.js';

/** A literal's value with its SQL type. */
export interface TypedValue {
  readonly value: Value;
  readonly type: SqlType;
}

/**
 * Reads a number as written: `42` is INTEGER (a bigint beyond 2^53), `150.25` is
 * DECIMAL(5,2) exactly, `1e-3` (exponent) is DOUBLE.
 */
export function numberLiteral(literal: NumberLiteral): TypedValue {
  const text = literal.text;
  if (/[eE]/.test(text)) return { value: Number(text), type: DOUBLE };
  if (!text.includes('.')) {
    const n = Number(text);
    return { value: Number.isSafeInteger(n) ? n : BigInt(text), type: INTEGER };
  }
  const decimal = Decimal.parse(text);
  const precision = Math.max(decimal.precision, decimal.scale, 1);
  if (precision > MAX_DECIMAL_PRECISION) {
    throw new FerrisError('SQL_TYPE', `the number ${text} has more than ${MAX_DECIMAL_PRECISION} digits`, {
      location: literal.loc,
    });
  }
  return { value: decimal, type: { kind: 'DECIMAL', precision, scale: decimal.scale } };
}

/** A duration in milliseconds; MONTH/YEAR have no fixed length and are refused here. */
export function intervalMillis(literal: IntervalLiteral): number {
  if (literal.millis === null) {
    throw new FerrisError(
      'NOT_SUPPORTED',
      `not supported yet: an interval of ${literal.value} ${literal.unit} (months and years have no fixed length; use DAYS)`,
      { location: literal.loc },
    );
  }
  return literal.millis;
}

/** An INTERVAL literal as a typed value (milliseconds). */
export function intervalLiteral(literal: IntervalLiteral): TypedValue {
  return { value: intervalMillis(literal), type: INTERVAL };
}

/** `TIMESTAMP '...'` (UTC when no zone is given) and `DATE '...'`. */
export function typedLiteral(literal: TypedLiteral): TypedValue {
  try {
    return literal.dataType === 'TIMESTAMP'
      ? { value: parseTimestamp(literal.value), type: TIMESTAMP }
      : { value: parseDate(literal.value), type: DATE };
  } catch (cause) {
    throw new FerrisError('SQL_TYPE', `invalid ${literal.dataType} literal '${literal.value}'`, {
      location: literal.loc,
      cause,
    });
  }
}
