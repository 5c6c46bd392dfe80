import { isDecimal } from '../../types/decimal.js';
import type { Schema } from '../../types/schema.js';
import type { SqlType } from '../../types/sqlType.js';
import type { Row, Value } from '../../types/value.js';
import type { FormatOptions } from '../../types/valueText.js';
import { toJsonValue } from '../../types/valueText.js';
import { ColumnKind, columnKindOf } from './columnKinds.js';
import { IsoTimestampText } from './isoTimestampText.js';

/** Writes one column's member (`"name":value`, with its leading `{` or `,`) of a non-null value. */
type MemberWriter = (v: Value) => string;

/**
 * Writes rows as JSON objects of the schema's columns, built by hand with one writer per
 * column chosen once from its type: the `"name":` prefix is part of the writer, and each
 * writes its type's values directly (numbers as they are, decimals as text, ISO timestamps from
 * a per-day cache), instead of an object per row passed to `JSON.stringify`. The output equals
 * `JSON.stringify` of `toJsonValue` for every column (a value that does not have its column's
 * runtime type takes that general path).
 */
export class JsonRowEncoder {
  private readonly writers: readonly MemberWriter[];
  /** Per column, its member when the value is NULL. */
  private readonly nullMembers: readonly string[];
  private readonly timestamps = new IsoTimestampText();

  constructor(
    schema: Schema,
    private readonly options: FormatOptions,
  ) {
    const prefixes = schema.fields.map((f, i) => `${i === 0 ? '{' : ','}${JSON.stringify(f.name)}:`);
    this.nullMembers = prefixes.map((prefix) => `${prefix}null`);
    this.writers = schema.fields.map((f, i) => this.writerOf(prefixes[i]!, f.type));
  }

  /** The JSON object text of a row's first `schema.fields.length` values. */
  encode(row: Row): string {
    const writers = this.writers;
    const width = writers.length;
    if (width === 0) return '{}';
    let out = '';
    for (let i = 0; i < width; i++) {
      const v = row[i];
      out += v === null || v === undefined ? this.nullMembers[i]! : writers[i]!(v);
    }
    return out + '}';
  }

  private writerOf(prefix: string, type: SqlType): MemberWriter {
    const general = (v: Value): string => prefix + (JSON.stringify(toJsonValue(v, type, this.options)) ?? 'null');
    switch (columnKindOf(type, this.options)) {
      case ColumnKind.Integer:
      case ColumnKind.TimestampEpoch:
        return (v) => (typeof v === 'number' ? prefix + v : general(v));
      case ColumnKind.Double:
        return (v) => (typeof v === 'number' && Number.isFinite(v) ? prefix + v : general(v));
      case ColumnKind.String:
        return (v) => (typeof v === 'string' ? prefix + JSON.stringify(v) : general(v));
      case ColumnKind.DecimalText: {
        const open = `${prefix}"`;
        return (v) => (isDecimal(v) ? open + v.toString() + '"' : general(v));
      }
      case ColumnKind.TimestampIso: {
        const open = `${prefix}"`;
        return (v) => (typeof v === 'number' ? open + this.timestamps.format(v) + '"' : general(v));
      }
      case ColumnKind.Boolean:
        return (v) => (typeof v === 'boolean' ? prefix + (v ? 'true' : 'false') : general(v));
      default:
        return general;
    }
  }
}
