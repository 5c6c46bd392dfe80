import { isDecimal } from '../../types/decimal.js';
import type { Schema } from '../../types/schema.js';
import type { SqlType } from '../../types/sqlType.js';
import type { Row, Value } from '../../types/value.js';
import type { FormatOptions } from '../../types/valueText.js';
import { toJsonValue } from '../../types/valueText.js';
import { ColumnKind, columnKindOf } from './columnKinds.js';
import { IsoTimestampText } from './isoTimestampText.js';

/**
 * Writes rows as JSON objects of the schema's columns, built by hand: a precomputed `"name":`
 * prefix per column and a per-type branch chosen once, instead of an object per row passed to
 * `JSON.stringify`. The output equals `JSON.stringify` of `toJsonValue` for every column (a value
 * that does not have its column's runtime type takes that general path).
 */
export class JsonRowEncoder {
  private readonly prefixes: readonly string[];
  private readonly kinds: readonly ColumnKind[];
  private readonly types: readonly SqlType[];
  private readonly timestamps = new IsoTimestampText();

  constructor(
    schema: Schema,
    private readonly options: FormatOptions,
  ) {
    this.prefixes = schema.fields.map((f, i) => `${i === 0 ? '{' : ','}${JSON.stringify(f.name)}:`);
    this.kinds = schema.fields.map((f) => columnKindOf(f.type, options));
    this.types = schema.fields.map((f) => f.type);
  }

  /** The JSON object text of a row's first `schema.fields.length` values. */
  encode(row: Row): string {
    const prefixes = this.prefixes;
    const kinds = this.kinds;
    const width = prefixes.length;
    if (width === 0) return '{}';
    let out = '';
    for (let i = 0; i < width; i++) {
      out += prefixes[i]!;
      const v = row[i];
      if (v === null || v === undefined) {
        out += 'null';
        continue;
      }
      switch (kinds[i]) {
        case ColumnKind.Integer:
          if (typeof v === 'number') {
            out += v;
            continue;
          }
          break;
        case ColumnKind.String:
          if (typeof v === 'string') {
            out += JSON.stringify(v);
            continue;
          }
          break;
        case ColumnKind.DecimalText:
          if (isDecimal(v)) {
            out += '"' + v.toString() + '"';
            continue;
          }
          break;
        case ColumnKind.TimestampIso:
          if (typeof v === 'number') {
            out += '"' + this.timestamps.format(v) + '"';
            continue;
          }
          break;
        case ColumnKind.TimestampEpoch:
          if (typeof v === 'number') {
            out += v;
            continue;
          }
          break;
        case ColumnKind.Boolean:
          if (typeof v === 'boolean') {
            out += v ? 'true' : 'false';
            continue;
          }
          break;
        case ColumnKind.Double:
          if (typeof v === 'number' && Number.isFinite(v)) {
            out += v;
            continue;
          }
          break;
        default:
          break;
      }
      out += this.general(v, i);
    }
    return out + '}';
  }

  private general(v: Value, column: number): string {
    return JSON.stringify(toJsonValue(v, this.types[column]!, this.options)) ?? 'null';
  }
}
