import type { SqlType } from '../../types/sqlType.js';
import type { FormatOptions } from '../../types/valueText.js';

/**
 * How a sink writes one column, chosen once per column from its type and the format options,
 * so the per-row loop switches on a small integer instead of inspecting the type.
 */
export const enum ColumnKind {
  Integer,
  Double,
  Boolean,
  String,
  DecimalText,
  DecimalNumber,
  TimestampIso,
  TimestampEpoch,
  /** Anything else (DATE, ARRAY, MAP, STRUCT, ANY...): through `toJsonValue` / `toText`. */
  General,
}

/** The writing kind of a column of `type` under `options`. */
export function columnKindOf(type: SqlType, options: FormatOptions): ColumnKind {
  switch (type.kind) {
    case 'INTEGER':
      return ColumnKind.Integer;
    case 'DOUBLE':
      return ColumnKind.Double;
    case 'BOOLEAN':
      return ColumnKind.Boolean;
    case 'STRING':
      return ColumnKind.String;
    case 'DECIMAL':
      return options.decimalFormat === 'string' ? ColumnKind.DecimalText : ColumnKind.DecimalNumber;
    case 'TIMESTAMP':
      return options.timestampFormat === 'iso8601' ? ColumnKind.TimestampIso : ColumnKind.TimestampEpoch;
    default:
      return ColumnKind.General;
  }
}
