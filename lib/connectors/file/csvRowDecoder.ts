import { FerrisError } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';
import type { Value } from '../../types/value.js';
import type { CsvField } from './csvRecord.js';
import { splitCsvRecord } from './csvRecord.js';
import { fieldReaderOf, type FieldReader } from './fieldReaders.js';
import type { FileRowTarget } from './rowDecoder.js';
import { RowDecoder } from './rowDecoder.js';

/** CSV dialect of a file source. */
export interface CsvOptions {
  readonly delimiter: string;
  readonly quote: string;
  /** Whether the first record of every file names the columns. */
  readonly hasHeader: boolean;
  /** The unquoted field text read as NULL (`''` by default: an unquoted empty field). */
  readonly nullLiteral: string;
}

/**
 * Decodes CSV records into rows of a schema. With a header, columns are matched by name
 * (case-insensitive) to the header of each file; without one, by position. An unquoted field
 * spelling NULL (`nullLiteral`, by default the empty field) is NULL in every column type. A
 * record with the wrong number of fields or a field that does not parse as its column's type
 * is reported bad.
 */
export class CsvRowDecoder extends RowDecoder {
  private readonly readers: readonly FieldReader[];
  /** Per column, whether its value is kept (the job reads it) or only checked. */
  private readonly kept: readonly boolean[];
  /** The column of each field of a record (-1: a field no column takes), by field position. */
  private columnOfField: readonly number[];
  private expectedFields: number;
  private awaitingHeader: boolean;

  /**
   * @param read per column, whether the job reads it (all by default); the others stay NULL,
   * their fields still checked against their type (unless STRING, which any text is)
   */
  constructor(
    private readonly schema: Schema,
    private readonly options: CsvOptions,
    target: FileRowTarget,
    private readonly read?: readonly boolean[],
  ) {
    super(target);
    this.readers = schema.fields.map((f) => fieldReaderOf(f.type));
    this.kept = schema.fields.map((_, c) => read === undefined || read[c] === true);
    this.columnOfField = schema.fields.map((_, i) => this.decoded(i));
    this.expectedFields = schema.fields.length;
    this.awaitingHeader = options.hasHeader;
  }

  /** Decodes one record (the first one of a file with a header maps the columns). */
  record(text: string, line: number): void {
    const options = this.options;
    if (!this.awaitingHeader && text.indexOf(options.quote) === -1) {
      this.unquotedRecord(text, line);
      return;
    }
    let fields: CsvField[];
    try {
      fields = splitCsvRecord(text, options.delimiter, options.quote, options.nullLiteral);
    } catch (error) {
      this.bad(text, line, error);
      return;
    }
    if (this.awaitingHeader) {
      this.awaitingHeader = false;
      this.mapHeader(fields);
      return;
    }
    if (fields.length !== this.expectedFields) {
      this.bad(text, line, this.fieldCountError(fields.length));
      return;
    }
    const values = this.emptyValues();
    let field = 0;
    try {
      for (; field < fields.length; field++) {
        const column = this.columnOfField[field]!;
        const fieldText = fields[field]!;
        if (column >= 0 && fieldText !== null) {
          const value = this.readers[column]!(fieldText, 0, fieldText.length);
          if (this.kept[column] === true) values[column] = value;
        }
      }
    } catch (error) {
      this.bad(text, line, this.fieldError(this.columnOfField[field]!, error));
      return;
    }
    this.emit(values);
  }

  /**
   * A record without the quote character, read field by field straight from its text: no
   * array of field strings, each field converted by its column's reader from its bounds.
   */
  private unquotedRecord(text: string, line: number): void {
    const delimiter = this.options.delimiter;
    const nullLiteral = this.options.nullLiteral;
    const nullLength = nullLiteral.length;
    const columnOfField = this.columnOfField;
    const readers = this.readers;
    const kept = this.kept;
    const expected = this.expectedFields;
    const values = this.emptyValues();
    let start = 0;
    let field = 0;
    for (;;) {
      if (field === expected) {
        this.bad(text, line, this.fieldCountError(expected + countOf(text, delimiter, start)));
        return;
      }
      let end = text.indexOf(delimiter, start);
      const last = end === -1;
      if (last) end = text.length;
      const column = columnOfField[field]!;
      if (column >= 0 && !(end - start === nullLength && text.startsWith(nullLiteral, start))) {
        try {
          const value = readers[column]!(text, start, end);
          if (kept[column] === true) values[column] = value;
        } catch (error) {
          this.bad(text, line, this.fieldError(column, error));
          return;
        }
      }
      field++;
      if (last) break;
      start = end + 1;
    }
    if (field !== expected) {
      this.bad(text, line, this.fieldCountError(field));
      return;
    }
    this.emit(values);
  }

  /** The column, or -1 when its field is skipped: a STRING column the job does not read. */
  private decoded(column: number): number {
    return this.read === undefined || this.read[column] === true || this.schema.fields[column]!.type.kind !== 'STRING' ? column : -1;
  }

  /** A row of NULLs, one per column, to be filled in. */
  private emptyValues(): Value[] {
    const width = this.readers.length;
    const values: Value[] = [];
    for (let i = 0; i < width; i++) values.push(null);
    return values;
  }

  private fieldCountError(got: number): FerrisError {
    return new FerrisError('BAD_RECORD', `expected ${this.expectedFields} fields, got ${got}`);
  }

  private fieldError(column: number, error: unknown): FerrisError {
    const reason = error instanceof Error ? error.message : String(error);
    return new FerrisError('BAD_RECORD', `column '${this.schema.fields[column]!.name}': ${reason}`, { cause: error });
  }

  private mapHeader(fields: readonly CsvField[]): void {
    const header = fields.map((name) => name ?? '');
    const lower = header.map((name) => name.trim().toLowerCase());
    const columnOfField = header.map(() => -1);
    this.schema.fields.forEach((f, column) => {
      const at = lower.indexOf(f.name.toLowerCase());
      if (at === -1) {
        throw new FerrisError(
          'CONFIG',
          `column '${f.name}' is not in the CSV header of ${this.target.origin} (header: ${header.join(', ')})`,
          { file: this.target.origin },
        );
      }
      columnOfField[at] = this.decoded(column);
    });
    this.columnOfField = columnOfField;
    this.expectedFields = header.length;
  }
}

/** How many times `delimiter` occurs in `text` from `from` on, plus one: the fields left. */
function countOf(text: string, delimiter: string, from: number): number {
  let count = 1;
  for (let at = text.indexOf(delimiter, from); at !== -1; at = text.indexOf(delimiter, at + 1)) count++;
  return count;
}
