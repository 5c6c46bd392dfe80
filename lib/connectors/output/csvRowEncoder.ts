import { isDecimal } from '../../types/decimal.js';
import type { Schema } from '../../types/schema.js';
import type { SqlType } from '../../types/sqlType.js';
import type { Row } from '../../types/value.js';
import type { FormatOptions } from '../../types/valueText.js';
import { toText } from '../../types/valueText.js';
import { ColumnKind, columnKindOf } from './columnKinds.js';
import { IsoTimestampText } from './isoTimestampText.js';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

/**
 * Writes rows as CSV lines (RFC 4180: a field holding the delimiter, a quote or a line break
 * is quoted, quotes doubled). NULL is written as `nullLiteral` unquoted (by default an empty
 * field) and a string spelling it, such as `''`, is quoted (`""`), so reading the file back
 * keeps NULL and the empty string apart. Numbers, decimals and timestamps take a
 * per-type branch chosen once per column; other values go through `toText`.
 */
export class CsvRowEncoder {
  private readonly kinds: readonly ColumnKind[];
  private readonly types: readonly SqlType[];
  private readonly timestamps = new IsoTimestampText();
  private readonly needsQuotes: RegExp;

  constructor(
    private readonly schema: Schema,
    private readonly delimiter: string,
    private readonly nullLiteral: string,
    private readonly options: FormatOptions,
  ) {
    this.kinds = schema.fields.map((f) => columnKindOf(f.type, options));
    this.types = schema.fields.map((f) => f.type);
    this.needsQuotes = new RegExp(`[${escapeRegExp(delimiter)}"\\r\\n]`);
  }

  /** The header line's fields: the column names. */
  header(): string {
    return this.schema.fields.map((f) => this.field(f.name)).join(this.delimiter);
  }

  /** The CSV line (without line break) of a row's first `schema.fields.length` values. */
  encode(row: Row): string {
    const kinds = this.kinds;
    const width = kinds.length;
    const delimiter = this.delimiter;
    let out = '';
    for (let i = 0; i < width; i++) {
      if (i > 0) out += delimiter;
      const v = row[i];
      if (v === null || v === undefined) {
        out += this.nullLiteral;
        continue;
      }
      const kind = kinds[i];
      if (kind === ColumnKind.String && typeof v === 'string') out += this.field(v);
      else if ((kind === ColumnKind.Integer || kind === ColumnKind.TimestampEpoch) && typeof v === 'number') out += v;
      else if (kind === ColumnKind.DecimalText && isDecimal(v)) out += v.toString();
      else if (kind === ColumnKind.TimestampIso && typeof v === 'number') out += this.timestamps.format(v);
      else out += this.field(toText(v, this.types[i]!, this.options));
    }
    return out;
  }

  private field(text: string): string {
    const quoted = text === this.nullLiteral || this.needsQuotes.test(text);
    return quoted ? '"' + text.replaceAll('"', '""') + '"' : text;
  }
}
