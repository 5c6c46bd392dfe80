import { FerrisError } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';
import type { CsvField } from './csvRecord.js';
import { splitCsvRecord } from './csvRecord.js';
import { fieldReaderOf, type FieldReader } from './fieldReaders.js';
import type { FileRowTarget } from './rowDecoder.js';
import { RowDecoder } from './rowDecoder.js';
import { UTF16_TEXT, type TextForm } from './textForm.js';

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
  private readonly delimiterCode: number;
  private readonly quoteCode: number;
  /** Start and end of each field of the current record, reused. */
  private readonly bounds: number[] = [];
  /** How many fields of the current record `bounds` holds. */
  private fieldCount = 0;
  /** The text {@link plainRecord} last searched for delimiters, and the next delimiter found in it. */
  private searched = '';
  private nextDelimiter = 0;

  /**
   * @param read per column of the full row (declared, then system), whether the job reads it
   * (all by default); the declared columns it does not read stay NULL, their fields still
   * checked against their type (unless STRING, which any text is)
   * @param form the form of the record strings (bytes one per character when the dialect is
   * ASCII, see {@link TextForm}): values and reports are text either way
   */
  constructor(
    private readonly schema: Schema,
    private readonly options: CsvOptions,
    target: FileRowTarget,
    private readonly read?: readonly boolean[],
    form: TextForm = UTF16_TEXT,
  ) {
    super(target, schema.fields.length, read, form);
    this.readers = schema.fields.map((f) => fieldReaderOf(f.type, form));
    this.kept = schema.fields.map((_, c) => read === undefined || read[c] === true);
    this.columnOfField = schema.fields.map((_, i) => this.decoded(i));
    this.expectedFields = schema.fields.length;
    this.awaitingHeader = options.hasHeader;
    this.delimiterCode = options.delimiter.charCodeAt(0);
    this.quoteCode = options.quote.charCodeAt(0);
  }

  /** Decodes one record (the first one of a file with a header maps the columns). */
  record(text: string, start: number, end: number, line: number): void {
    if (this.awaitingHeader || !this.unquotedRecord(text, start, end, line)) this.quotedRecord(text.slice(start, end), line);
  }

  /** A record holding the quote character (or the header), split into field strings first. */
  private quotedRecord(text: string, line: number): void {
    const options = this.options;
    let fields: CsvField[];
    try {
      fields = splitCsvRecord(text, options.delimiter, options.quote, options.nullLiteral);
    } catch (error) {
      // The error names a character position: that of the text, not of its bytes.
      this.bad(text, line, this.form.bytes ? this.textSplitError(this.form.text(text), error) : error);
      return;
    }
    if (this.awaitingHeader) {
      this.awaitingHeader = false;
      this.mapHeader(fields.map((name) => (name === null ? null : this.form.text(name))));
      return;
    }
    if (fields.length !== this.expectedFields) {
      this.bad(text, line, this.fieldCountError(fields.length));
      return;
    }
    const values = this.newRow();
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
   * A record the framer knows holds no quote character and is not blank (a CSV line):
   * its fields are found with `indexOf` of the delimiter, no character read one by one. The
   * next delimiter found beyond a record is kept for the records after it in the same text,
   * so a record with fewer delimiters than the text has lines costs no rescan.
   */
  plainRecord(text: string, start: number, end: number, line: number): void {
    if (this.awaitingHeader) {
      this.record(text, start, end, line);
      return;
    }
    if (text !== this.searched || this.nextDelimiter < start) {
      this.searched = text;
      this.nextDelimiter = this.delimiterAfter(text, start);
    }
    const bounds = this.bounds;
    let fields = 0;
    let fieldStart = start;
    let at = this.nextDelimiter;
    while (at < end) {
      bounds[2 * fields] = fieldStart;
      bounds[2 * fields + 1] = at;
      fields++;
      fieldStart = at + 1;
      at = this.delimiterAfter(text, fieldStart);
    }
    this.nextDelimiter = at;
    bounds[2 * fields] = fieldStart;
    bounds[2 * fields + 1] = end;
    this.fieldCount = fields + 1;
    this.decodeFields(text, start, end, line);
  }

  /** The index of the first delimiter at or after `from` in `text`, `text.length` when there is none. */
  private delimiterAfter(text: string, from: number): number {
    const at = text.indexOf(this.options.delimiter, from);
    return at === -1 ? text.length : at;
  }

  /**
   * A record `text[start, end)` without the quote character, read straight from its text: one
   * pass finds the field bounds (no array of field strings), then each column's reader
   * converts its field from its bounds. False, having done nothing, when the record holds the
   * quote character.
   */
  private unquotedRecord(text: string, start: number, end: number, line: number): boolean {
    const delimiter = this.delimiterCode;
    const quote = this.quoteCode;
    const bounds = this.bounds;
    let fields = 0;
    let fieldStart = start;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === delimiter) {
        bounds[2 * fields] = fieldStart;
        bounds[2 * fields + 1] = i;
        fields++;
        fieldStart = i + 1;
      } else if (c === quote) return false;
    }
    bounds[2 * fields] = fieldStart;
    bounds[2 * fields + 1] = end;
    this.fieldCount = fields + 1;
    this.decodeFields(text, start, end, line);
    return true;
  }

  /** Converts the fields found (`bounds`, `fieldCount`) in the record `text[start, end)` into a row, or reports the record bad. */
  private decodeFields(text: string, start: number, end: number, line: number): void {
    const fields = this.fieldCount;
    if (fields !== this.expectedFields) {
      this.bad(text.slice(start, end), line, this.fieldCountError(fields));
      return;
    }
    const bounds = this.bounds;
    const nullLiteral = this.options.nullLiteral;
    const nullLength = nullLiteral.length;
    const columnOfField = this.columnOfField;
    const readers = this.readers;
    const kept = this.kept;
    const values = this.newRow();
    for (let field = 0; field < fields; field++) {
      const column = columnOfField[field]!;
      if (column < 0) continue;
      const from = bounds[2 * field]!;
      const to = bounds[2 * field + 1]!;
      if (to - from === nullLength && text.startsWith(nullLiteral, from)) continue;
      try {
        const value = readers[column]!(text, from, to);
        if (kept[column] === true) values[column] = value;
      } catch (error) {
        this.bad(text.slice(start, end), line, this.fieldError(column, error));
        return;
      }
    }
    this.emit(values);
  }

  /** The error splitting `text` throws (it fails as its bytes did), else `bytesError`. */
  private textSplitError(text: string, bytesError: unknown): unknown {
    try {
      splitCsvRecord(text, this.options.delimiter, this.options.quote, this.options.nullLiteral);
    } catch (error) {
      return error;
    }
    return bytesError;
  }

  /** The column, or -1 when its field is skipped: a STRING column the job does not read. */
  private decoded(column: number): number {
    return this.read === undefined || this.read[column] === true || this.schema.fields[column]!.type.kind !== 'STRING' ? column : -1;
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
