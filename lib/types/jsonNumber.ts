import { Decimal } from './decimal.js';
import { FerrisError } from './errors.js';
import { JsonNumberText } from './exactJson.js';
import type { SqlType } from './sqlType.js';
import { DOUBLE, INTEGER, MAX_DECIMAL_PRECISION, decimalType, formatType } from './sqlType.js';
import { dateRangeReason, doubleRangeReason, fitsInteger, integerBits, integerRangeReason, intervalRangeReason, timestampRangeReason } from './valueRange.js';
import type { Value } from './value.js';

/*
 * JSON numbers (from `parseExactJson`: a double when it is exact, else its text) as values of a
 * column type, keeping every digit and checking the type's range. Plain numbers take the fast
 * path; only kept texts and doubles beyond 2^53 take a Decimal.
 */

/** A JSON number as `parseExactJson` gives it. */
export type JsonNumber = number | JsonNumberText;

/** The text of a JSON number, for error messages. */
function shown(json: JsonNumber): string {
  return typeof json === 'number' ? String(json) : json.text;
}

/** The error of a JSON number that cannot be read as this type. */
function badNumber(json: JsonNumber, type: SqlType, reason: string): FerrisError {
  return new FerrisError('BAD_RECORD', `cannot read JSON number ${shown(json)} as ${formatType(type)}: ${reason}`);
}

/** The exact value of a JSON number as a decimal; null when it has more than 38 digits. */
function exactDecimal(json: JsonNumber): Decimal | null {
  try {
    return typeof json === 'number' ? Decimal.fromNumber(json) : Decimal.parse(json.text);
  } catch (error) {
    if (error instanceof FerrisError && error.code === 'DECIMAL_OVERFLOW') return null;
    throw error;
  }
}

/**
 * The integer a JSON number denotes (a number when safe, else a bigint); a fraction is an
 * error, and so is a number with more than 38 digits (out of every integer range).
 */
function exactInteger(json: JsonNumber, type: SqlType, rangeReason: () => string): number | bigint {
  if (typeof json === 'number' && Number.isSafeInteger(json)) return json;
  const d = exactDecimal(json);
  if (d === null) throw badNumber(json, type, rangeReason());
  if (!d.floor().equals(d)) throw badNumber(json, type, 'not a whole number');
  const big = d.toBigInt();
  return big >= -BigInt(Number.MAX_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** A JSON number as a value of an INTEGER type of any width, checking its range. */
export function integerFromJsonNumber(json: JsonNumber, type: SqlType): number | bigint {
  const reason = (): string => integerRangeReason(shown(json), type);
  const v = exactInteger(json, type, reason);
  if (!fitsInteger(v, integerBits(type))) throw badNumber(json, type, reason());
  return v;
}

/** A JSON number as DECIMAL(p,s): every digit of its text, rounded HALF_UP to s, at most p digits. */
export function decimalFromJsonNumber(json: JsonNumber, type: { readonly precision: number; readonly scale: number }): Decimal {
  const d = exactDecimal(json);
  if (d === null) throw badNumber(json, decimalType(type.precision, type.scale), `more than ${MAX_DECIMAL_PRECISION} digits`);
  return d.rescale(type.scale).checkPrecision(type.precision);
}

/** A JSON number as a DOUBLE (the nearest double), beyond the double's range an error. */
export function doubleFromJsonNumber(json: JsonNumber): number {
  if (typeof json === 'number') return json;
  const x = json.value;
  const reason = doubleRangeReason(x, json.text);
  if (reason !== undefined) throw badNumber(json, DOUBLE, reason);
  return x;
}

/** A JSON number as epoch ms (TIMESTAMP), days (DATE) or ms (INTERVAL), checking its range. */
export function temporalFromJsonNumber(json: JsonNumber, type: SqlType): number {
  const rangeOf = type.kind === 'TIMESTAMP' ? timestampRangeReason : type.kind === 'DATE' ? dateRangeReason : intervalRangeReason;
  const outOfRange = (): string => rangeOf(Infinity, shown(json)) ?? '';
  const n = Number(exactInteger(json, type, outOfRange));
  const reason = rangeOf(n, shown(json));
  if (reason !== undefined) throw badNumber(json, type, reason);
  return n;
}

/**
 * Infers a schema-less JSON number (DESIGN.md §4): an integer within 64 bits is INTEGER, any
 * other number of at most 38 digits DECIMAL(38, s) with every digit, a longer one DOUBLE;
 * beyond the double's range it is an error.
 */
export function inferJsonNumber(json: JsonNumber): { value: Value; type: SqlType } {
  if (typeof json === 'number' && Number.isSafeInteger(json)) return { value: json, type: INTEGER };
  const d = exactDecimal(json);
  if (d !== null) {
    if (d.scale === 0 && fitsInteger(d.toBigInt(), 64)) return { value: integerFromJsonNumber(json, INTEGER), type: INTEGER };
    return { value: d, type: decimalType(MAX_DECIMAL_PRECISION, d.scale) };
  }
  return { value: doubleFromJsonNumber(json), type: DOUBLE };
}
