import { MS_PER_DAY } from './calendar.js';
import type { IntegerBits, SqlType } from './sqlType.js';
import { formatType, integerType } from './sqlType.js';

/*
 * The ranges values are checked against when they are read (CSV, JSON, schema inference) and
 * cast, as PostgreSQL and DuckDB do: a value outside its type's range is an error, never
 * wrapped, clamped, rounded to Infinity or to 0.
 */

/** The inclusive range of each integer width, as numbers (64-bit as bigints beyond 2^53). */
const INTEGER_RANGES: Readonly<Record<IntegerBits, { readonly min: bigint; readonly max: bigint }>> = {
  8: { min: -(2n ** 7n), max: 2n ** 7n - 1n },
  16: { min: -(2n ** 15n), max: 2n ** 15n - 1n },
  32: { min: -(2n ** 31n), max: 2n ** 31n - 1n },
  64: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
};

/** The width of an integer type: its declared one, else 64 (expressions, aggregates, inference). */
export function integerBits(type: SqlType): IntegerBits {
  return type.kind === 'INTEGER' && type.bits !== undefined ? type.bits : 64;
}

/** Whether an integer value fits `bits` bits (a safe-integer number always fits 64). */
export function fitsInteger(v: number | bigint, bits: IntegerBits): boolean {
  if (typeof v === 'number' && bits === 64) return true;
  const range = INTEGER_RANGES[bits];
  return typeof v === 'number' ? v >= Number(range.min) && v <= Number(range.max) : v >= range.min && v <= range.max;
}

/** A value as shown in a message: long texts (400 digits) cut to their start and length. */
function abbreviated(shown: string): string {
  const quote = shown.startsWith("'") ? "'" : '';
  const text = quote === '' ? shown : shown.slice(1, -1);
  return text.length <= 40 ? shown : `${quote}${text.slice(0, 24)}…${quote} (${text.length} characters)`;
}

/** Why a value does not fit an integer type, naming the type and its range. */
export function integerRangeReason(shown: string, type: SqlType): string {
  const bits = integerBits(type);
  const range = INTEGER_RANGES[bits];
  const name = type.kind === 'INTEGER' ? formatType(type) : formatType(integerType(bits));
  return `${abbreviated(shown)} is out of range for ${name} (${bits}-bit): ${range.min} to ${range.max}`;
}

/**
 * The largest epoch-ms TIMESTAMP in magnitude: ±100,000,000 days around 1970 (years -271821 to
 * 275760), the range of a JavaScript Date and within PostgreSQL's and DuckDB's ±294,000 years.
 */
export const MAX_TIMESTAMP_MS = 100_000_000 * MS_PER_DAY;

/** The largest DATE in days from 1970-01-01, in magnitude (the TIMESTAMP range). */
export const MAX_DATE_DAYS = 100_000_000;

/** Why an epoch-ms value is not a TIMESTAMP, or undefined when it is one. */
export function timestampRangeReason(ms: number, shown: string): string | undefined {
  if (Number.isInteger(ms) && Math.abs(ms) <= MAX_TIMESTAMP_MS) return undefined;
  if (!Number.isInteger(ms) && Number.isFinite(ms)) return `${abbreviated(shown)} is not a whole number of epoch milliseconds`;
  return `${abbreviated(shown)} is out of the TIMESTAMP range: epoch milliseconds from -${MAX_TIMESTAMP_MS} to ${MAX_TIMESTAMP_MS} (years -271821 to 275760)`;
}

/** Why a day number is not a DATE, or undefined when it is one. */
export function dateRangeReason(days: number, shown: string): string | undefined {
  if (Number.isInteger(days) && Math.abs(days) <= MAX_DATE_DAYS) return undefined;
  if (!Number.isInteger(days) && Number.isFinite(days)) return `${abbreviated(shown)} is not a whole number of days`;
  return `${abbreviated(shown)} is out of the DATE range: days from -${MAX_DATE_DAYS} to ${MAX_DATE_DAYS} around 1970-01-01`;
}

/** Why a millisecond count is not an INTERVAL, or undefined when it is one. */
export function intervalRangeReason(ms: number, shown: string): string | undefined {
  if (Number.isSafeInteger(ms)) return undefined;
  if (!Number.isInteger(ms) && Number.isFinite(ms)) return `${abbreviated(shown)} is not a whole number of milliseconds`;
  return `${abbreviated(shown)} is out of the INTERVAL range: milliseconds within ±${Number.MAX_SAFE_INTEGER}`;
}

/**
 * Why a double read from number text is out of the DOUBLE range, or undefined: a finite text
 * that gives ±Infinity overflows, a non-zero text that gives 0 underflows (subnormal values
 * are kept, as in PostgreSQL).
 */
export function doubleRangeReason(x: number, text: string): string | undefined {
  if (x === Infinity || x === -Infinity) return `${abbreviated(text)} is out of the DOUBLE range (beyond ±1.7976931348623157e308)`;
  if (x === 0 && hasNonZeroMantissa(text)) return `${abbreviated(text)} is out of the DOUBLE range (too close to zero: below 5e-324)`;
  return undefined;
}

/** Whether number text has a non-zero digit before its exponent. */
function hasNonZeroMantissa(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 101 || c === 69) return false;
    if (c >= 49 && c <= 57) return true;
  }
  return false;
}
