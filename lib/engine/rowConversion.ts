import { isDecimal } from '../types/decimal.js';
import type { Schema } from '../types/schema.js';
import type { SqlType } from '../types/sqlType.js';
import { JsonNumberText } from '../types/exactJson.js';
import { fitsInteger, integerBits } from '../types/valueRange.js';
import { fromJson } from '../types/valueText.js';
import type { Row, Value } from '../types/value.js';

/** A row as application code writes it: an object keyed by column name, or values in column order. */
export type InputRow = Readonly<Record<string, unknown>> | readonly unknown[];

/** An application value as a SQL value: Decimals and bigints kept, Dates as epoch ms, the rest read as JSON. */
function toValue(value: unknown, type: SqlType): Value {
  if (value === null || value === undefined) return null;
  if (isDecimal(value)) return type.kind === 'DECIMAL' ? value.rescale(type.scale) : fromJson(value.toString(), type);
  if (typeof value === 'bigint') {
    // Within the column's width as it is; else read as a JSON number, which checks the range.
    if (type.kind === 'INTEGER' && fitsInteger(value, integerBits(type))) return value;
    return fromJson(new JsonNumberText(value.toString()), type);
  }
  if (value instanceof Date) return fromJson(value.getTime(), type);
  return fromJson(value, type);
}

/** Converts application rows to positional rows of the schema (missing object keys are NULL). */
export function toRows(schema: Schema, rows: readonly InputRow[]): Row[] {
  const fields = schema.fields;
  return rows.map((input) => {
    const row = new Array<Value>(fields.length);
    if (Array.isArray(input)) {
      for (let i = 0; i < fields.length; i++) row[i] = toValue(input[i], fields[i]!.type);
    } else {
      const record = input as Readonly<Record<string, unknown>>;
      for (let i = 0; i < fields.length; i++) row[i] = toValue(record[fields[i]!.name], fields[i]!.type);
    }
    return row;
  });
}

/** Turns output rows into objects keyed by column name. */
export function toObjects<T>(schema: Schema, rows: readonly Row[]): T[] {
  const names = schema.fields.map((f) => f.name);
  return rows.map((row) => {
    const object: Record<string, Value> = {};
    for (let i = 0; i < names.length; i++) object[names[i]!] = row[i]!;
    return object as T;
  });
}
