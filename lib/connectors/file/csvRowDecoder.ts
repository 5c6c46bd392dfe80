import { FerrisError } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';
import type { SqlType } from '../../types/sqlType.js';
import type { Value } from '../../types/value.js';
import { parseText } from '../../types/valueText.js';
import type { CsvField } from './csvRecord.js';
import { splitCsvRecord } from './csvRecord.js';
import { IsoTimestampParser } from './isoTimestampParser.js';
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
  private readonly types: readonly SqlType[];
  private readonly isString: readonly boolean[];
  private readonly isTimestamp: readonly boolean[];
  private readonly timestamps = new IsoTimestampParser();
  private fieldIndex: readonly number[];
  private expectedFields: number;
  private awaitingHeader: boolean;

  constructor(
    private readonly schema: Schema,
    private readonly options: CsvOptions,
    target: FileRowTarget,
  ) {
    super(target);
    this.types = schema.fields.map((f) => f.type);
    this.isString = schema.fields.map((f) => f.type.kind === 'STRING');
    this.isTimestamp = schema.fields.map((f) => f.type.kind === 'TIMESTAMP');
    this.fieldIndex = schema.fields.map((_, i) => i);
    this.expectedFields = schema.fields.length;
    this.awaitingHeader = options.hasHeader;
  }

  /** Decodes one record (the first one of a file with a header maps the columns). */
  record(text: string, line: number): void {
    let fields: CsvField[];
    const options = this.options;
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
      this.bad(text, line, new FerrisError('BAD_RECORD', `expected ${this.expectedFields} fields, got ${fields.length}`));
      return;
    }
    const fieldIndex = this.fieldIndex;
    const isString = this.isString;
    const types = this.types;
    const width = fieldIndex.length;
    const values: Value[] = [];
    let column = 0;
    try {
      for (; column < width; column++) {
        const fieldText = fields[fieldIndex[column]!]!;
        values.push(fieldText === null || isString[column] ? fieldText : this.convert(fieldText, column, types[column]!));
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.bad(text, line, new FerrisError('BAD_RECORD', `column '${this.schema.fields[column]!.name}': ${reason}`, { cause: error }));
      return;
    }
    this.emit(values);
  }

  private convert(text: string, column: number, type: SqlType): Value {
    if (this.isTimestamp[column]) {
      const ms = this.timestamps.parse(text);
      if (!Number.isNaN(ms)) return ms;
    }
    return parseText(text, type);
  }

  private mapHeader(fields: readonly CsvField[]): void {
    const header = fields.map((name) => name ?? '');
    const lower = header.map((name) => name.trim().toLowerCase());
    this.fieldIndex = this.schema.fields.map((f) => {
      const at = lower.indexOf(f.name.toLowerCase());
      if (at === -1) {
        throw new FerrisError(
          'CONFIG',
          `column '${f.name}' is not in the CSV header of ${this.target.origin} (header: ${header.join(', ')})`,
          { file: this.target.origin },
        );
      }
      return at;
    });
    this.expectedFields = header.length;
  }
}
