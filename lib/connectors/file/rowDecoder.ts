import { FerrisError } from '../../types/errors.js';
import type { Value } from '../../types/value.js';
import type { BadRecord } from '../types.js';
import type { RowBatcher } from '../rowBatcher.js';
import { SYSTEM_COLUMN_AT, SYSTEM_COLUMN_COUNT } from '../systemColumns.js';
import type { RecordHandler } from './recordFramer.js';
import { UTF16_TEXT, type TextForm } from './textForm.js';

/** Where the rows of one file go and how they are labelled. */
export interface FileRowTarget {
  readonly batcher: RowBatcher;
  readonly onBadRecord: (bad: BadRecord) => void;
  /** The file's index in the sorted glob expansion (`_partition`). */
  readonly partition: number;
  /** The file path as shown in `_topic` (relative to the base directory when written so). */
  readonly topic: string;
  /** The absolute file path, the origin of bad records. */
  readonly origin: string;
}

/**
 * The part of a record decoder shared by the formats: numbering records (`_offset`), stamping
 * rows with the read time and system columns, and reporting bad records with file and line.
 * `_key` and `_headers` are NULL in every file row. `_timestamp` is left NULL when the job
 * does not read it; `_offset`, `_partition` and `_topic` are always set, because a row that
 * fails later (an evaluation error, a late row) is reported with them whatever the query reads.
 */
export abstract class RowDecoder implements RecordHandler {
  /** Processing time stamped on rows as `_timestamp`; the reader sets it once per read chunk. */
  now = 0;
  private offset = 0;
  /** A full-width row of NULLs: each row starts as a copy of exactly its size. */
  private readonly template: Value[];
  /** Whether `_timestamp` is written (the job reads it). */
  private readonly stampsTime: boolean;

  /**
   * @param width the number of declared columns
   * @param read per column of the full row (declared, then system), whether the job reads it; all when absent
   * @param form the form of the record strings handed in: raw text is reported as text
   */
  constructor(
    protected readonly target: FileRowTarget,
    private readonly width: number,
    read?: readonly boolean[],
    protected readonly form: TextForm = UTF16_TEXT,
  ) {
    this.stampsTime = read === undefined || read[width + SYSTEM_COLUMN_AT.timestamp] === true;
    // Built by pushes, so that V8 keeps it (and its copies) a packed array, not a holey one.
    const template: Value[] = [];
    for (let i = 0; i < width + SYSTEM_COLUMN_COUNT; i++) template.push(null);
    this.template = template;
  }

  /** Decodes the record `text[start, end)` into a row, or reports it as bad. */
  abstract record(text: string, start: number, end: number, line: number): void;

  /** Reports text that could not even be cut into a record. */
  malformed(raw: string, line: number, message: string): void {
    this.reportBad(this.form.text(raw), line, new FerrisError('BAD_RECORD', message, { file: this.target.origin }));
  }

  /** A new full-width row of NULLs, for the declared columns to be written into. */
  protected newRow(): Value[] {
    return this.template.slice();
  }

  /** Writes the system columns into a row from {@link newRow} and hands it to the batcher. */
  protected emit(row: Value[]): void {
    const target = this.target;
    const at = this.width;
    if (this.stampsTime) row[at + SYSTEM_COLUMN_AT.timestamp] = this.now;
    row[at + SYSTEM_COLUMN_AT.offset] = this.offset++;
    row[at + SYSTEM_COLUMN_AT.partition] = target.partition;
    row[at + SYSTEM_COLUMN_AT.topic] = target.topic;
    target.batcher.push(row);
  }

  /** Reports a record that failed to decode; it still takes an `_offset`. */
  protected bad(raw: string, line: number, error: unknown): void {
    this.offset++;
    const reason = error instanceof Error ? error.message : String(error);
    this.reportBad(this.form.text(raw), line, new FerrisError('BAD_RECORD', reason, { file: this.target.origin, cause: error }));
  }

  /** The error says what is wrong; the file and line travel beside it (the router prints them once). */
  private reportBad(raw: string, line: number, error: Error): void {
    this.target.onBadRecord({ raw, origin: this.target.origin, position: line, error });
  }
}
