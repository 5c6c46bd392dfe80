import { FerrisError } from '../types/errors.js';
import type { Schema } from '../types/schema.js';
import type { SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { exactJsonNumber, isJsonObject, parseExactJson } from '../types/exactJson.js';
import { fromJson } from '../types/valueText.js';
import { fastIntegerLimit, fieldReaderOf, shortIntegerAt, type FieldReader } from './file/fieldReaders.js';
import { IsoTimestampParser } from './file/isoTimestampParser.js';
import { JsonFieldScanner, Scanned } from './jsonFieldScanner.js';

const enum FastPath {
  None,
  String,
  Integer,
  Timestamp,
}

function fastPathOf(type: SqlType): FastPath {
  if (type.kind === 'STRING') return FastPath.String;
  if (type.kind === 'INTEGER') return FastPath.Integer;
  if (type.kind === 'TIMESTAMP') return FastPath.Timestamp;
  return FastPath.None;
}

/** Column kinds whose value read from a JSON string is the one `parseText` gives for that text. */
const TEXT_KINDS: ReadonlySet<SqlType['kind']> = new Set(['STRING', 'INTEGER', 'DECIMAL', 'DOUBLE', 'BOOLEAN', 'TIMESTAMP', 'DATE', 'INTERVAL']);

/** How a column reads a JSON string found in place: the field readers of CSV, or `fromJson` of the slice. */
function stringReaderOf(type: SqlType): FieldReader {
  return TEXT_KINDS.has(type.kind) ? fieldReaderOf(type) : (text, start, end) => fromJson(text.slice(start, end), type);
}

/**
 * Reads the text of one JSON record (a JSON-lines line, a JSON array element, a Kafka message
 * value) into the values of a schema's columns. The record must be an object; numbers keep
 * every digit; a missing or null field gives null. Only the columns in `read` are kept (the
 * projection the job's plan pushes down); the others are null. A record is bad exactly when
 * it would be with every column read: the members of the others are still checked (as JSON,
 * and against their column's type unless it is STRING, which takes any value), not kept.
 *
 * A plain flat record is read in place by a {@link JsonFieldScanner}: no object is built, the
 * values read are converted from their bounds in the text (strings interned, decimals and
 * integers parsed in place). Any other record is parsed with `parseExactJson` and its fields
 * read by name; both ways give the same values and the same errors. A record that cannot be
 * read throws a BAD_RECORD error saying why (and which field), without a position: the caller
 * knows where the record was.
 */
export class JsonRecordReader {
  private readonly names: readonly string[];
  private readonly types: readonly SqlType[];
  private readonly fastPaths: readonly FastPath[];
  /** Per INTEGER column, the largest magnitude the fast path accepts (the rest are checked by `fromJson`). */
  private readonly integerLimits: readonly number[];
  private readonly timestamps = new IsoTimestampParser();
  /** The columns decoded, in order: those read, and those not read whose text could be invalid (not STRING). */
  private readonly readColumns: readonly number[];
  /** Per column, whether its value is kept (the job reads it) or only checked. */
  private readonly kept: readonly boolean[];
  private readonly scanner: JsonFieldScanner;
  private readonly stringReaders: readonly FieldReader[];

  /** @param read per column, whether the job reads it: its value is kept (all columns by default) */
  constructor(
    private readonly schema: Schema,
    read?: readonly boolean[],
  ) {
    this.names = schema.fields.map((f) => f.name);
    this.types = schema.fields.map((f) => f.type);
    this.fastPaths = schema.fields.map((f) => fastPathOf(f.type));
    this.integerLimits = schema.fields.map((f) => fastIntegerLimit(f.type));
    this.kept = schema.fields.map((_, c) => read === undefined || read[c] === true);
    this.readColumns = schema.fields.flatMap((f, c) => (this.kept[c] === true || f.type.kind !== 'STRING' ? [c] : []));
    const readSet = new Set(this.readColumns);
    this.scanner = new JsonFieldScanner(this.names.map((name, c) => (readSet.has(c) ? name : null)));
    this.stringReaders = this.types.map(stringReaderOf);
  }

  /** The declared columns' values of the record `text[start, end)` (the whole text by default). */
  read(text: string, start = 0, end = text.length): Value[] {
    return this.readInto(this.emptyValues(), text, start, end);
  }

  /**
   * Writes the declared columns' values of the record `text[start, end)` into the first
   * entries of `values` (which hold NULLs: a column not read or not present stays so).
   */
  readInto(values: Value[], text: string, start: number, end: number): Value[] {
    return this.scanner.scan(text, start, end) ? this.scanned(values, text) : this.parsed(values, start === 0 && end === text.length ? text : text.slice(start, end));
  }

  /** The values of a record the scanner read in place. */
  private scanned(values: Value[], text: string): Value[] {
    const scanner = this.scanner;
    const kinds = scanner.kinds;
    const readColumns = this.readColumns;
    const kept = this.kept;
    let column = 0;
    try {
      for (let r = 0; r < readColumns.length; r++) {
        column = readColumns[r]!;
        let value: Value = null;
        switch (kinds[column]) {
          case Scanned.Missing:
            break;
          case Scanned.String:
            value = this.stringReaders[column]!(text, scanner.starts[column]!, scanner.ends[column]!);
            break;
          case Scanned.Number: {
            const start = scanner.starts[column]!;
            const end = scanner.ends[column]!;
            // An integer read in place when it is one of the column's range, as the JSON number would be.
            const n = this.fastPaths[column] === FastPath.Integer ? shortIntegerAt(text, start, end) : Number.NaN;
            value = Math.abs(n) <= this.integerLimits[column]! ? n : this.fieldValue(exactJsonNumber(text.slice(start, end)), column);
            break;
          }
          case Scanned.True:
            value = this.fieldValue(true, column);
            break;
          case Scanned.False:
            value = this.fieldValue(false, column);
            break;
        }
        if (kept[column] === true) values[column] = value;
      }
    } catch (error) {
      throw this.fieldError(column, error);
    }
    return values;
  }

  /** The values of a record parsed whole with `parseExactJson`. */
  private parsed(values: Value[], text: string): Value[] {
    let parsed: unknown;
    try {
      parsed = parseExactJson(text);
    } catch (error) {
      throw new FerrisError('BAD_RECORD', (error as Error).message, { cause: error });
    }
    if (!isJsonObject(parsed)) throw new FerrisError('BAD_RECORD', 'expected a JSON object');
    const object = parsed;
    const names = this.names;
    const readColumns = this.readColumns;
    const kept = this.kept;
    let column = 0;
    try {
      for (let r = 0; r < readColumns.length; r++) {
        column = readColumns[r]!;
        const json = object[names[column]!];
        if (json === undefined || json === null) continue;
        const value = this.fieldValue(json, column);
        if (kept[column] === true) values[column] = value;
      }
    } catch (error) {
      throw this.fieldError(column, error);
    }
    return values;
  }

  /** The value of a column from its non-null JSON value (strings and integers of the column's type taken as they are). */
  private fieldValue(json: unknown, column: number): Value {
    const fastPath = this.fastPaths[column];
    if (fastPath === FastPath.String && typeof json === 'string') return json;
    if (fastPath === FastPath.Integer && Number.isInteger(json) && Math.abs(json as number) <= this.integerLimits[column]!) return json as number;
    if (fastPath === FastPath.Timestamp && typeof json === 'string') {
      const ms = this.timestamps.parse(json);
      if (!Number.isNaN(ms)) return ms;
    }
    return fromJson(json, this.types[column]!);
  }

  /** A row of NULLs, one per column, to be filled in. */
  private emptyValues(): Value[] {
    const width = this.names.length;
    const values: Value[] = [];
    for (let i = 0; i < width; i++) values.push(null);
    return values;
  }

  private fieldError(column: number, error: unknown): FerrisError {
    const reason = error instanceof Error ? error.message : String(error);
    return new FerrisError('BAD_RECORD', `field '${this.schema.fields[column]!.name}': ${reason}`, { cause: error });
  }
}
