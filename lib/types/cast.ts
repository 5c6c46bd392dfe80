import { Decimal, isDecimal } from './decimal.js';
import { FerrisError } from './errors.js';
import type { SqlType, SqlTypeKind } from './sqlType.js';
import { ANY, BOOLEAN, DATE, DOUBLE, INTEGER, INTERVAL, NULL_TYPE, STRING, TIMESTAMP, decimalType, formatType } from './sqlType.js';
import { MS_PER_DAY } from './calendar.js';
import { parseDuration } from './duration.js';
import { formatDate, formatTimestamp, parseDate, parseTimestamp } from './isoTime.js';
import type { StructValue, Value } from './value.js';
import { DEFAULT_FORMAT, parseText, toText } from './valueText.js';
import { dateRangeReason, fitsInteger, integerBits, integerRangeReason, intervalRangeReason, timestampRangeReason } from './valueRange.js';

/*
 * CAST semantics:
 * - anything → STRING: decimals keep their scale, TIMESTAMP is ISO-8601 UTC with ms, DATE is
 *   YYYY-MM-DD, INTERVAL its ms, booleans true/false, ARRAY/MAP/STRUCT their JSON text.
 * - STRING → anything: the text rules of `parseText` (JSON text for ARRAY/MAP/STRUCT; a DATE
 *   also accepts a timestamp text and keeps its day); `''` is an error, not NULL.
 * - numbers: → DECIMAL(p,s) rounds HALF_UP to s and overflows beyond p digits; DOUBLE → DECIMAL
 *   goes through the double's shortest text; DECIMAL → INTEGER rounds HALF_UP; DOUBLE →
 *   INTEGER rounds half to even, like PostgreSQL; a value beyond the target's width (TINYINT 8,
 *   SMALLINT 16, INTEGER 32, BIGINT and expression results 64 bits) is an error.
 * - BOOLEAN ↔ numbers: true is 1, false 0; a number is true when it is not zero.
 * - TIMESTAMP ↔ numbers: epoch ms (fractions floored) within the TIMESTAMP range of
 *   `valueRange.ts` (DATE and INTERVAL likewise); DATE ↔ TIMESTAMP: midnight UTC / the
 *   UTC day; DATE ↔ INTEGER: days since 1970-01-01; INTERVAL ↔ INTEGER: ms.
 * - ARRAY, MAP, STRUCT cast element-wise (STRUCT fields by name, missing ones NULL).
 */

/** Shows a value in an error message (short). */
function showValue(v: Value): string {
  let text: string;
  if (typeof v === 'string') text = `'${v}'`;
  else if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean' || isDecimal(v)) text = String(v);
  else text = toText(v, ANY, DEFAULT_FORMAT);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** The error of a cast that cannot be done for this value or these types. */
export function castError(v: Value, from: SqlType, to: SqlType, reason?: string, cause?: unknown): FerrisError {
  const message = `cannot cast ${showValue(v)} from ${formatType(from)} to ${formatType(to)}${reason ? `: ${reason}` : ''}`;
  return new FerrisError('EVALUATION', message, cause === undefined ? {} : { cause });
}

/** The SQL type a runtime value has when its static type is unknown (ANY). */
export function runtimeType(v: Value): SqlType {
  if (v === null) return NULL_TYPE;
  switch (typeof v) {
    case 'string':
      return STRING;
    case 'boolean':
      return BOOLEAN;
    case 'bigint':
      return INTEGER;
    case 'number':
      return Number.isInteger(v) ? INTEGER : DOUBLE;
    default:
      break;
  }
  if (isDecimal(v)) return decimalType(Math.max(v.precision, v.scale), v.scale);
  if (Array.isArray(v)) return { kind: 'ARRAY', element: ANY };
  if (v instanceof Map) return { kind: 'MAP', key: STRING, value: ANY };
  return { kind: 'STRUCT', fields: Object.keys(v).map((name) => ({ name, type: ANY, nullable: true })) };
}

/** Kinds a numeric-like value can be cast between. */
const NUMERIC_KINDS: ReadonlySet<SqlTypeKind> = new Set(['INTEGER', 'DOUBLE', 'DECIMAL']);

/** Every kind a cast target may have, for error messages. */
const TARGET_KINDS: readonly SqlType[] = [
  BOOLEAN,
  INTEGER,
  DOUBLE,
  decimalType(38, 0),
  STRING,
  TIMESTAMP,
  DATE,
  INTERVAL,
];

/** Whether the planner may accept `CAST(x AS to)` for `x` of type `from`. */
export function castable(from: SqlType, to: SqlType): boolean {
  if (from.kind === 'NULL' || from.kind === 'ANY' || to.kind === 'ANY' || to.kind === 'STRING') return true;
  if (from.kind === 'STRING') return to.kind !== 'NULL';
  switch (to.kind) {
    case 'ARRAY':
      return from.kind === 'ARRAY' && castable(from.element, to.element);
    case 'MAP':
      return from.kind === 'MAP' && castable(from.value, to.value);
    case 'STRUCT':
      if (from.kind !== 'STRUCT') return false;
      return to.fields.every((t) => {
        const f = from.fields.find((s) => s.name === t.name);
        return f === undefined || castable(f.type, t.type);
      });
    case 'NULL':
      return false;
    default:
      break;
  }
  if (from.kind === to.kind) return true;
  const fromNumeric = NUMERIC_KINDS.has(from.kind);
  const toNumeric = NUMERIC_KINDS.has(to.kind);
  if (fromNumeric && toNumeric) return true;
  if ((from.kind === 'BOOLEAN' && toNumeric) || (fromNumeric && to.kind === 'BOOLEAN')) return true;
  if ((from.kind === 'TIMESTAMP' && toNumeric) || (fromNumeric && to.kind === 'TIMESTAMP')) return true;
  if ((from.kind === 'DATE' && to.kind === 'TIMESTAMP') || (from.kind === 'TIMESTAMP' && to.kind === 'DATE')) return true;
  if ((from.kind === 'DATE' && to.kind === 'INTEGER') || (from.kind === 'INTEGER' && to.kind === 'DATE')) return true;
  return (from.kind === 'INTERVAL' && to.kind === 'INTEGER') || (from.kind === 'INTEGER' && to.kind === 'INTERVAL');
}

/** Rounds half to even (PostgreSQL's double → integer rounding). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** An integer as a value of the INTEGER type `to` (number when safe), checking its width's range. */
function integerOfWidth(n: number | bigint, v: Value, from: SqlType, to: SqlType): number | bigint {
  if (!fitsInteger(n, integerBits(to))) throw castError(v, from, to, integerRangeReason(String(n), to));
  if (typeof n === 'number') return n;
  return n >= -BigInt(Number.MAX_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/** A finite double as a value of the INTEGER type `to`, rounding half to even. */
function integerFromDouble(x: number, v: Value, from: SqlType, to: SqlType): number | bigint {
  if (!Number.isFinite(x)) throw castError(v, from, to, 'not a finite number');
  const r = roundHalfEven(x);
  return integerOfWidth(Number.isSafeInteger(r) ? r + 0 : BigInt(r), v, from, to);
}

/** Checks a number cast to TIMESTAMP, DATE or INTERVAL against the type's range. */
function temporalInRange(n: number, v: Value, from: SqlType, to: SqlType): number {
  const rangeOf = to.kind === 'TIMESTAMP' ? timestampRangeReason : to.kind === 'DATE' ? dateRangeReason : intervalRangeReason;
  const reason = rangeOf(n, String(n));
  if (reason !== undefined) throw castError(v, from, to, reason);
  return n;
}

/** A numeric value (number, bigint or Decimal) as a double. */
function numberOf(v: Value, from: SqlType, to: SqlType): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (isDecimal(v)) return v.toNumber();
  throw castError(v, from, to, 'not a number');
}

/** A numeric value as an exact Decimal before rescaling. */
function decimalOf(v: Value, from: SqlType, to: SqlType): Decimal {
  if (isDecimal(v)) return v;
  if (typeof v === 'bigint') return Decimal.fromInteger(v);
  if (typeof v === 'boolean') return Decimal.fromInteger(v ? 1 : 0);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw castError(v, from, to, 'not a finite number');
    return Decimal.fromNumber(v);
  }
  throw castError(v, from, to, 'not a number');
}

/** Parses a string to the target type, turning text errors into cast errors. */
function castFromString(text: string, from: SqlType, to: SqlType): Value {
  if (to.kind === 'NULL') throw castError(text, from, to);
  if (text.trim().length === 0) throw castError(text, from, to, 'empty text');
  try {
    if (to.kind === 'DATE') return castStringToDate(text);
    if (to.kind === 'INTERVAL') return /^\s*-?\d+\s*$/.test(text) ? Number(text) : parseDuration(text);
    return parseText(text, to);
  } catch (e) {
    if (e instanceof FerrisError && e.code === 'BAD_RECORD') throw castError(text, from, to, e.message, e);
    throw e;
  }
}

/** A DATE from `YYYY-MM-DD`, or from a timestamp text (its UTC day). */
function castStringToDate(text: string): number {
  try {
    return parseDate(text);
  } catch (dateError) {
    try {
      return Math.floor(parseTimestamp(text) / MS_PER_DAY);
    } catch {
      throw dateError;
    }
  }
}

/** Casts a value to STRING. */
function castToString(v: Value, from: SqlType): string {
  if (typeof v === 'string') return v;
  switch (from.kind) {
    case 'TIMESTAMP':
      return formatTimestamp(numberOf(v, from, STRING));
    case 'DATE':
      return formatDate(numberOf(v, from, STRING));
    default:
      return toText(v, from, DEFAULT_FORMAT);
  }
}

/** Casts a non-null value whose static type is known (not ANY) to a different type. */
function castKnown(v: Value, from: SqlType, to: SqlType): Value {
  if (to.kind === 'STRING') return castToString(v, from);
  if (from.kind === 'STRING') return castFromString(v as string, from, to);
  if (!castable(from, to)) {
    const targets = TARGET_KINDS.filter((t) => castable(from, t)).map(formatType);
    throw castError(v, from, to, `${formatType(from)} can be cast to ${targets.join(', ')}`);
  }
  switch (to.kind) {
    case 'INTEGER':
      if (typeof v === 'bigint') return integerOfWidth(v, v, from, to);
      if (isDecimal(v)) return integerOfWidth(v.rescale(0).toBigInt(), v, from, to);
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (from.kind === 'TIMESTAMP' || from.kind === 'DATE' || from.kind === 'INTERVAL') {
        return integerOfWidth(Math.floor(numberOf(v, from, to)), v, from, to);
      }
      return integerFromDouble(numberOf(v, from, to), v, from, to);
    case 'DOUBLE':
      return numberOf(v, from, to);
    case 'DECIMAL':
      return decimalOf(v, from, to).rescale(to.scale).checkPrecision(to.precision);
    case 'BOOLEAN':
      if (isDecimal(v)) return !v.isZero();
      if (typeof v === 'bigint') return v !== 0n;
      return numberOf(v, from, to) !== 0;
    case 'TIMESTAMP':
      if (from.kind === 'DATE') return numberOf(v, from, to) * MS_PER_DAY;
      return temporalInRange(Math.floor(numberOf(v, from, to)), v, from, to);
    case 'DATE':
      if (from.kind === 'TIMESTAMP') return Math.floor(numberOf(v, from, to) / MS_PER_DAY);
      return temporalInRange(numberOf(v, from, to), v, from, to);
    case 'INTERVAL':
      return temporalInRange(numberOf(v, from, to), v, from, to);
    case 'ARRAY': {
      const element = (from as { readonly element: SqlType }).element;
      return (v as Value[]).map((item) => castValue(item, element, to.element));
    }
    case 'MAP': {
      const valueType = (from as { readonly value: SqlType }).value;
      const out = new Map<string, Value>();
      for (const [key, item] of v as Map<string, Value>) out.set(key, castValue(item, valueType, to.value));
      return out;
    }
    case 'STRUCT': {
      const source = v as StructValue;
      const fromFields = (from as { readonly fields: readonly { name: string; type: SqlType }[] }).fields;
      const out: Record<string, Value> = {};
      for (const f of to.fields) {
        const sourceField = fromFields.find((s) => s.name === f.name);
        out[f.name] = sourceField === undefined ? null : castValue(source[f.name] ?? null, sourceField.type, f.type);
      }
      return out;
    }
    default:
      throw castError(v, from, to);
  }
}

/**
 * `CAST(v AS to)` for a value of static type `from` (ANY: the runtime value decides). NULL
 * stays NULL. Throws `EVALUATION` naming the value and both types when the value does not
 * convert, `DECIMAL_OVERFLOW` beyond a DECIMAL's precision.
 */
export function castValue(v: Value, from: SqlType, to: SqlType): Value {
  if (v === null || to.kind === 'ANY') return v;
  const source = from.kind === 'ANY' ? runtimeType(v) : from;
  if (source.kind === 'INTEGER' && to.kind === 'INTEGER') return integerOfWidth(v as number | bigint, v, source, to);
  if (source.kind === to.kind && source.kind !== 'DECIMAL' && source.kind !== 'ARRAY' && source.kind !== 'MAP' && source.kind !== 'STRUCT') {
    return v;
  }
  return castKnown(v, source, to);
}
