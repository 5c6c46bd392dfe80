import { Decimal, isDecimal } from './decimal.js';
import { FerrisError } from './errors.js';
import type { Field, SqlType } from './sqlType.js';
import { ANY, BOOLEAN, DOUBLE, INTEGER, MAX_DECIMAL_PRECISION, NULL_TYPE, STRING, decimalType, formatType, isNumeric } from './sqlType.js';
import { parseDuration } from './duration.js';
import { formatDate, formatTimestamp, parseDate, parseTimestamp } from './isoTime.js';
import { JsonNumberText, isJsonObject, parseExactJson, stringifyExactJson } from './exactJson.js';
import type { JsonNumber } from './jsonNumber.js';
import {
  decimalFromJsonNumber,
  doubleFromJsonNumber,
  inferJsonNumber,
  integerFromJsonNumber,
  temporalFromJsonNumber,
} from './jsonNumber.js';
import { doubleRangeReason, fitsInteger, integerBits, integerRangeReason, intervalRangeReason, timestampRangeReason } from './valueRange.js';
import type { StructValue, Value } from './value.js';

/*
 * Text and JSON ↔ values, for connectors (reading) and sinks (writing). These run once per
 * field, so the scalar paths avoid regexes and intermediate objects.
 *
 * Schema-less inference (DESIGN.md §4): `42` is INTEGER, `150.25` is DECIMAL(38,2), anything
 * else is STRING. No booleans or timestamps are guessed from text. Integers with a leading
 * zero (`007`) stay STRING so identifiers keep their digits; exponents (`1e3`) stay STRING.
 */

/** How sinks write decimals and timestamps (`'decimal.format'`, `'timestamp.format'`). */
export interface FormatOptions {
  readonly decimalFormat: 'string' | 'number';
  readonly timestampFormat: 'iso8601' | 'epoch_millis';
}

/** The default output format: decimals as strings keeping scale, timestamps ISO-8601 UTC. */
export const DEFAULT_FORMAT: FormatOptions = { decimalFormat: 'string', timestampFormat: 'iso8601' };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Scans `-?(0|[1-9][0-9]*)(\.[0-9]+)?` without a regex. Returns the number of fraction digits
 * (0 for an integer), or -1 when the text is not such a plain number.
 */
function plainNumberScale(text: string): number {
  const end = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  const first = text.charCodeAt(i);
  if (!(first >= 48 && first <= 57)) return -1;
  const intStart = i;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
  }
  if (first === 48 && i - intStart > 1) return -1;
  if (i === end) return 0;
  if (text.charCodeAt(i) !== 46) return -1;
  const fractionStart = ++i;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
  }
  return i === fractionStart ? -1 : i - fractionStart;
}

/** Digits of a plain-number text: its length without sign and point. */
function digitCount(text: string, scale: number): number {
  return text.length - (text.charCodeAt(0) === 45 ? 1 : 0) - (scale > 0 ? 1 : 0);
}

/** An integer text of `digits` digits as INTEGER (number/bigint within int64), else DECIMAL(38,0), else null. */
function integerFromText(text: string, digits: number): number | bigint | Decimal | null {
  if (digits <= 15) return Number(text) + 0;
  const big = BigInt(text);
  if (big >= -BigInt(Number.MAX_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(big);
  if (big >= INT64_MIN && big <= INT64_MAX) return big;
  if (digits <= MAX_DECIMAL_PRECISION) return Decimal.fromUnscaled(big, 0);
  return null;
}

/**
 * Reads schema-less text: `''` → null, `'42'` → 42 (a bigint beyond 2^53 within int64,
 * a Decimal up to 38 digits beyond), `'150.25'` → Decimal, anything else → the text itself.
 */
export function inferValue(text: string): Value {
  if (text.length === 0) return null;
  const scale = plainNumberScale(text);
  if (scale < 0) return text;
  const digits = digitCount(text, scale);
  if (scale === 0) return integerFromText(text, digits) ?? text;
  return digits <= MAX_DECIMAL_PRECISION && scale <= MAX_DECIMAL_PRECISION ? Decimal.parse(text) : text;
}

/**
 * The type {@link inferValue} reads text as: NULL for `''`, INTEGER, DECIMAL(38, s) with `s`
 * the fraction digits of the text (precision 38 so later rows never overflow it), or STRING.
 */
export function inferType(text: string): SqlType {
  if (text.length === 0) return NULL_TYPE;
  const scale = plainNumberScale(text);
  if (scale < 0) return STRING;
  const digits = digitCount(text, scale);
  if (scale === 0) {
    const v = integerFromText(text, digits);
    if (v === null) return STRING;
    return isDecimal(v) ? decimalType(MAX_DECIMAL_PRECISION, 0) : INTEGER;
  }
  return digits <= MAX_DECIMAL_PRECISION && scale <= MAX_DECIMAL_PRECISION
    ? decimalType(MAX_DECIMAL_PRECISION, scale)
    : STRING;
}

/** Whether a type holds a single value (not ARRAY, MAP or STRUCT). */
function isScalar(type: SqlType): boolean {
  return type.kind !== 'ARRAY' && type.kind !== 'MAP' && type.kind !== 'STRUCT' && type.kind !== 'ANY';
}

/**
 * Merges two inferred types of the same column: NULL is ignored, INTEGER and DECIMAL give
 * DECIMAL(38, max scale), DOUBLE with any number gives DOUBLE, arrays merge their elements
 * and structs their fields, other mixes of scalars give STRING, and any other mix gives ANY.
 */
export function mergeInferredTypes(a: SqlType, b: SqlType): SqlType {
  if (a.kind === 'NULL') return b;
  if (b.kind === 'NULL') return a;
  if (a.kind === 'DECIMAL' || b.kind === 'DECIMAL') {
    const other = a.kind === 'DECIMAL' ? b : a;
    if (other.kind === 'DECIMAL' || other.kind === 'INTEGER') {
      const sa = a.kind === 'DECIMAL' ? a.scale : 0;
      const sb = b.kind === 'DECIMAL' ? b.scale : 0;
      return decimalType(MAX_DECIMAL_PRECISION, Math.max(sa, sb));
    }
  }
  if ((a.kind === 'DOUBLE' && isNumeric(b)) || (b.kind === 'DOUBLE' && isNumeric(a))) return DOUBLE;
  if (a.kind === 'ARRAY' && b.kind === 'ARRAY') return { kind: 'ARRAY', element: mergeInferredTypes(a.element, b.element) };
  if (a.kind === 'STRUCT' && b.kind === 'STRUCT') return { kind: 'STRUCT', fields: mergeFields(a.fields, b.fields) };
  if (a.kind === b.kind && isScalar(a)) return a;
  if (isScalar(a) && isScalar(b)) return STRING;
  return ANY;
}

/** The union of two field lists, in order of first appearance, merging the types of shared names. */
function mergeFields(a: readonly Field[], b: readonly Field[]): Field[] {
  const merged = a.map((f) => ({ ...f }));
  for (const f of b) {
    const i = merged.findIndex((m) => m.name === f.name);
    if (i < 0) merged.push({ ...f, nullable: true });
    else merged[i] = { name: f.name, type: mergeInferredTypes(merged[i]!.type, f.type), nullable: true };
  }
  return merged;
}

/** The error of a text that does not fit its column type. */
function badText(text: string, type: SqlType, expected: string): FerrisError {
  return new FerrisError('BAD_RECORD', `invalid ${formatType(type)} text '${text}': expected ${expected}`);
}

/**
 * Parses an integer text (optional sign and surrounding spaces) without allocating on the fast
 * path, checking the range of the type's width.
 */
function parseIntegerText(text: string, type: SqlType): number | bigint {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === 32) start++;
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  let i = start;
  const signChar = text.charCodeAt(i);
  const negative = signChar === 45;
  if (negative || signChar === 43) i++;
  if (i === end) throw badText(text, type, 'an integer');
  let acc = 0;
  for (let k = i; k < end; k++) {
    const c = text.charCodeAt(k) - 48;
    if (c < 0 || c > 9) throw badText(text, type, 'an integer');
    acc = acc * 10 + c;
  }
  const big = acc <= Number.MAX_SAFE_INTEGER ? null : BigInt(text.slice(i, end));
  const v = big === null ? (negative ? -acc + 0 : acc) : negative ? -big : big;
  if (!fitsInteger(v, integerBits(type))) throw outOfRange(integerRangeReason(`'${text}'`, type));
  return v;
}

/** The error of a text whose value is outside its type's range (the reason names the text and type). */
function outOfRange(reason: string): FerrisError {
  return new FerrisError('BAD_RECORD', reason);
}

/** Checks a value read from text against its type's range (see `valueRange.ts`). */
function inRange(v: number, text: string, reasonOf: (v: number, shown: string) => string | undefined): number {
  const reason = reasonOf(v, `'${text}'`);
  if (reason !== undefined) throw outOfRange(reason);
  return v;
}

/** Accepted boolean spellings (lower case). */
const TRUE_TEXTS = new Set(['true', 't', '1', 'yes', 'y']);
const FALSE_TEXTS = new Set(['false', 'f', '0', 'no', 'n']);

/** Parses a boolean text: true/t/1/yes/y or false/f/0/no/n, case-insensitive. */
function parseBooleanText(text: string): boolean {
  const lower = text.trim().toLowerCase();
  if (TRUE_TEXTS.has(lower)) return true;
  if (FALSE_TEXTS.has(lower)) return false;
  throw badText(text, BOOLEAN, 'one of true, t, 1, yes, y, false, f, 0, no, n');
}

const DOUBLE_SYNTAX = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * Parses a DOUBLE text: a decimal number with optional exponent (beyond the double's range an
 * error, see `doubleRangeReason`), or NaN / ±Infinity.
 */
function parseDoubleText(text: string, type: SqlType): number {
  if (DOUBLE_SYNTAX.test(text)) {
    const x = Number(text);
    return x === 0 || !Number.isFinite(x) ? inRange(x, text.trim(), doubleRangeReason) : x;
  }
  const t = text.trim();
  if (t === 'NaN') return NaN;
  if (t === 'Infinity' || t === '+Infinity') return Infinity;
  if (t === '-Infinity') return -Infinity;
  throw badText(text, type, 'a number');
}

/** Whether text is an optional '-' followed by digits only. */
function isIntegerText(text: string): boolean {
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  if (i === text.length) return false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Parses JSON text of a composite column. */
function parseJsonText(text: string, type: SqlType): unknown {
  try {
    return parseExactJson(text);
  } catch (cause) {
    throw new FerrisError('BAD_RECORD', `invalid ${formatType(type)} text '${text}': expected JSON`, { cause });
  }
}

/** A decimal parsed from text or a JSON number, brought to the column's scale and checked against its precision. */
function toDecimalColumn(d: Decimal, type: { readonly precision: number; readonly scale: number }): Decimal {
  return d.rescale(type.scale).checkPrecision(type.precision);
}

/**
 * Reads a text field (e.g. CSV) as a value of the column type. `''` is null for every type but
 * STRING. INTEGER: optional sign and digits (bigint beyond 2^53). DECIMAL(p,s): decimal text
 * rounded HALF_UP to scale s, overflow beyond p digits. BOOLEAN: true/t/1/yes/y, false/f/0/no/n.
 * TIMESTAMP: ISO-8601 text (see `parseTimestamp`) or integer epoch ms. DATE: YYYY-MM-DD.
 * INTERVAL: integer ms or a duration like `5 seconds`. ARRAY/MAP/STRUCT: JSON text.
 * Throws `BAD_RECORD` naming the type.
 */
export function parseText(text: string, type: SqlType): Value {
  if (type.kind === 'STRING') return text;
  if (text.length === 0) return null;
  switch (type.kind) {
    case 'INTEGER':
      return parseIntegerText(text, type);
    case 'DECIMAL': {
      const d = Decimal.tryParse(text);
      if (d === null) throw badText(text, type, 'a decimal number');
      return toDecimalColumn(d, type);
    }
    case 'DOUBLE':
      return parseDoubleText(text, type);
    case 'BOOLEAN':
      return parseBooleanText(text);
    case 'TIMESTAMP':
      return isIntegerText(text) ? inRange(Number(text), text, timestampRangeReason) : parseTimestamp(text);
    case 'DATE':
      return parseDate(text);
    case 'INTERVAL':
      return isIntegerText(text) ? inRange(Number(text), text, intervalRangeReason) : parseDuration(text);
    case 'ARRAY':
    case 'MAP':
    case 'STRUCT':
      return fromJson(parseJsonText(text, type), type);
    case 'NULL':
      return null;
    case 'ANY':
      return inferValue(text);
  }
}

/** The error of a JSON value that does not fit its column type. */
function badJson(json: unknown, type: SqlType): FerrisError {
  let shown: string;
  try {
    shown = JSON.stringify(json) ?? String(json);
  } catch {
    shown = String(json);
  }
  if (shown.length > 80) shown = `${shown.slice(0, 80)}…`;
  return new FerrisError('BAD_RECORD', `cannot read JSON value ${shown} as ${formatType(type)}`);
}

/** Whether a parsed JSON value is a number (a double, or the text `parseExactJson` kept). */
function isJsonNumber(json: unknown): json is JsonNumber {
  return typeof json === 'number' || json instanceof JsonNumberText;
}

/**
 * Converts a `parseExactJson`ed value to a value of the type. null/undefined → null. Numbers
 * keep every digit of their text in DECIMAL and INTEGER and are checked against the type's
 * range (see `jsonNumber.ts`); strings are parsed as text of the type (see {@link parseText});
 * TIMESTAMP takes ISO text or epoch ms; ARRAY/MAP/STRUCT convert recursively (missing STRUCT
 * fields are null). Throws `BAD_RECORD` on a mismatch.
 */
export function fromJson(json: unknown, type: SqlType): Value {
  if (json === null || json === undefined) return null;
  switch (type.kind) {
    case 'STRING':
      if (typeof json === 'string') return json;
      if (typeof json === 'number' || typeof json === 'boolean') return String(json);
      return stringifyExactJson(json);
    case 'INTEGER':
      if (isJsonNumber(json)) return integerFromJsonNumber(json, type);
      if (typeof json === 'string') return parseText(json, type);
      throw badJson(json, type);
    case 'DECIMAL':
      if (isJsonNumber(json)) return decimalFromJsonNumber(json, type);
      if (typeof json === 'string') return parseText(json, type);
      throw badJson(json, type);
    case 'DOUBLE':
      if (isJsonNumber(json)) return doubleFromJsonNumber(json);
      if (typeof json === 'string') return parseText(json, type);
      throw badJson(json, type);
    case 'TIMESTAMP':
    case 'DATE':
    case 'INTERVAL':
      if (isJsonNumber(json)) return temporalFromJsonNumber(json, type);
      if (typeof json === 'string') return parseText(json, type);
      throw badJson(json, type);
    case 'BOOLEAN':
      if (typeof json === 'boolean') return json;
      if (typeof json === 'string' || typeof json === 'number') return parseText(String(json), type);
      if (json instanceof JsonNumberText) return parseText(json.text, type);
      throw badJson(json, type);
    case 'ARRAY': {
      if (!Array.isArray(json)) throw badJson(json, type);
      const out: Value[] = new Array<Value>(json.length);
      for (let i = 0; i < json.length; i++) out[i] = fromJson(json[i], type.element);
      return out;
    }
    case 'MAP': {
      if (!isJsonObject(json)) throw badJson(json, type);
      const out = new Map<string, Value>();
      for (const key of Object.keys(json)) out.set(key, fromJson(json[key], type.value));
      return out;
    }
    case 'STRUCT': {
      if (!isJsonObject(json)) throw badJson(json, type);
      const out: Record<string, Value> = {};
      for (const f of type.fields) out[f.name] = fromJson(json[f.name], f.type);
      return out;
    }
    case 'NULL':
      throw badJson(json, type);
    case 'ANY':
      return inferFromJson(json).value;
  }
}

/**
 * Reads schema-less JSON (DESIGN.md §4): integers → INTEGER, other numbers → DECIMAL(38, s)
 * with every digit of their text (numbers too large for 38 digits are DOUBLE, beyond the
 * double's range an error, see {@link inferJsonNumber}), strings → STRING,
 * booleans → BOOLEAN, arrays → ARRAY of the merged element type, objects → STRUCT.
 */
export function inferFromJson(json: unknown): { value: Value; type: SqlType } {
  if (json === null || json === undefined) return { value: null, type: NULL_TYPE };
  if (typeof json === 'string') return { value: json, type: STRING };
  if (typeof json === 'boolean') return { value: json, type: BOOLEAN };
  if (isJsonNumber(json)) return inferJsonNumber(json);
  if (Array.isArray(json)) {
    const values: Value[] = new Array<Value>(json.length);
    let element: SqlType = NULL_TYPE;
    for (let i = 0; i < json.length; i++) {
      const item = inferFromJson(json[i]);
      values[i] = item.value;
      element = mergeInferredTypes(element, item.type);
    }
    return { value: values, type: { kind: 'ARRAY', element } };
  }
  if (isJsonObject(json)) {
    const value: Record<string, Value> = {};
    const fields: Field[] = [];
    for (const key of Object.keys(json)) {
      const item = inferFromJson(json[key]);
      value[key] = item.value;
      fields.push({ name: key, type: item.type, nullable: true });
    }
    return { value, type: { kind: 'STRUCT', fields } };
  }
  throw new FerrisError('BAD_RECORD', `cannot read a JavaScript ${typeof json} as JSON`);
}

/** A double for JSON output: finite numbers as they are, NaN and ±Infinity as their names. */
function jsonDouble(n: number): number | string {
  return Number.isFinite(n) ? n : String(n);
}

/** A runtime value without a usable static type (ANY) as JSON. */
function jsonOfUntyped(v: Value, options: FormatOptions): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return jsonDouble(v);
  if (typeof v === 'bigint') return v.toString();
  if (isDecimal(v)) return options.decimalFormat === 'number' ? v.toNumber() : v.toString();
  if (Array.isArray(v)) return v.map((item) => jsonOfUntyped(item, options));
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of v) out[key] = jsonOfUntyped(item, options);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v)) out[key] = jsonOfUntyped((v as StructValue)[key]!, options);
  return out;
}

/**
 * A value as a JSON-ready JS value for sinks. DECIMAL → its text keeping scale (`"15025.6700"`),
 * or the nearest number with `decimalFormat: 'number'`; TIMESTAMP → ISO-8601 UTC with ms, or
 * epoch ms; DATE → `YYYY-MM-DD`; INTEGER beyond 2^53 (bigint) → its digits as a string (JSON
 * numbers cannot carry it exactly); DOUBLE NaN/±Infinity → `"NaN"`, `"Infinity"`,
 * `"-Infinity"`; MAP and STRUCT → objects; ARRAY → arrays.
 */
export function toJsonValue(v: Value, type: SqlType, options: FormatOptions): unknown {
  if (v === null) return null;
  switch (type.kind) {
    case 'DECIMAL':
      if (isDecimal(v)) return options.decimalFormat === 'number' ? v.toNumber() : v.toString();
      break;
    case 'TIMESTAMP':
      if (typeof v === 'number') return options.timestampFormat === 'epoch_millis' ? v : formatTimestamp(v);
      break;
    case 'DATE':
      if (typeof v === 'number') return formatDate(v);
      break;
    case 'ARRAY':
      if (Array.isArray(v)) return v.map((item) => toJsonValue(item, type.element, options));
      break;
    case 'MAP':
      if (v instanceof Map) {
        const out: Record<string, unknown> = {};
        for (const [key, item] of v) out[key] = toJsonValue(item, type.value, options);
        return out;
      }
      break;
    case 'STRUCT':
      if (typeof v === 'object' && !Array.isArray(v) && !(v instanceof Map) && !isDecimal(v)) {
        const out: Record<string, unknown> = {};
        for (const f of type.fields) out[f.name] = toJsonValue(v[f.name] ?? null, f.type, options);
        return out;
      }
      break;
    default:
      break;
  }
  return jsonOfUntyped(v, options);
}

/**
 * A value as a text field (e.g. CSV; quoting is the writer's job): null → `''`, decimals keep
 * their scale (or the nearest number's text with `decimalFormat: 'number'`), timestamps
 * ISO-8601 or epoch ms, dates `YYYY-MM-DD`, booleans `true`/`false`, ARRAY/MAP/STRUCT as JSON.
 */
export function toText(v: Value, type: SqlType, options: FormatOptions): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  const json = toJsonValue(v, type, options);
  if (typeof json === 'string') return json;
  if (typeof json === 'number' || typeof json === 'boolean') return String(json);
  return JSON.stringify(json);
}
