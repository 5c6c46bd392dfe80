import type { Schema } from '../../types/schema.js';
import type { Value } from '../../types/value.js';
import { JsonRecordReader } from '../jsonRecordReader.js';
import type { FileRowTarget } from './rowDecoder.js';
import { RowDecoder } from './rowDecoder.js';

/**
 * Decodes JSON records of a file (a JSON-lines line or a JSON array element) into rows with
 * {@link JsonRecordReader}; a record it cannot read is reported as bad with its file and line.
 */
export class JsonRowDecoder extends RowDecoder {
  private readonly reader: JsonRecordReader;

  /** @param read per column of the full row (declared, then system), whether the job reads it (all by default) */
  constructor(schema: Schema, target: FileRowTarget, read?: readonly boolean[]) {
    super(target, schema.fields.length, read);
    this.reader = new JsonRecordReader(schema, read);
  }

  /** Parses one record and maps its fields to the schema's columns. */
  record(text: string, start: number, end: number, line: number): void {
    let values: Value[];
    try {
      values = this.reader.readInto(this.newRow(), text, start, end);
    } catch (error) {
      this.bad(text.slice(start, end), line, error);
      return;
    }
    this.emit(values);
  }
}
