import type { CsvOptions } from './csvRowDecoder.js';
import { JsonArrayFramer } from './jsonArrayFramer.js';
import { LineFramer } from './lineFramer.js';
import type { RecordFramer } from './recordFramer.js';
import type { FileFormat } from './schemaInference.js';
import { UTF16_TEXT, type TextForm } from './textForm.js';

/**
 * The record framer of a format: elements of a JSON array, lines of JSON lines, lines of CSV
 * with quoted fields that may hold line breaks; records bounded by `maxRecordBytes`. `form`:
 * the form of the text fed (BYTE_TEXT only for lines).
 */
export function formatFramer(format: FileFormat, csv: CsvOptions, maxRecordBytes: number, form: TextForm = UTF16_TEXT): RecordFramer {
  if (format === 'json') return new JsonArrayFramer(maxRecordBytes);
  return new LineFramer(format === 'csv' ? csv : null, maxRecordBytes, form);
}
