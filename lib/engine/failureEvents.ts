import type { FailureListener } from '../runtime/failureRouter.js';
import type { Row } from '../types/value.js';

/** A record a job could not read or evaluate, as the application hears of it. */
export interface BadRecordEvent {
  readonly job: string;
  /**
   * Where it came from: a file path or stream name (`_topic`); `job <name>` for a row whose
   * evaluation failed after it lost its source columns (e.g. past an aggregation).
   */
  readonly origin: string;
  /**
   * For a record that could not be read, its 1-based line in the file. For a row whose
   * evaluation failed, its 0-based record offset in its source (`_offset`), or the number of
   * rows the job had read when the row no longer has one.
   */
  readonly position: number;
  /** The record's text; for a row whose evaluation failed, its values as a JSON object by column name. */
  readonly raw: string;
  readonly error: Error;
}

/** A row that arrived after the watermark passed its window's end (plus the allowed lateness). */
export interface LateRowEvent {
  readonly job: string;
  /** The row's values in the order of the window's input (declared columns, then system columns). */
  readonly row: Row;
  /** The end of the window it missed, epoch ms. */
  readonly windowEnd: number;
}

/** The callbacks an application gives for bad records and late rows. */
export interface FailureCallbacks {
  readonly onBadRecord?: (event: BadRecordEvent) => void;
  readonly onLateRow?: (event: LateRowEvent) => void;
}

/** The runtime listener calling the application's callbacks (nothing when none is given). */
export function failureListener(callbacks: FailureCallbacks): FailureListener {
  const { onBadRecord, onLateRow } = callbacks;
  return {
    badRecord: onBadRecord && ((job, bad) => onBadRecord({ job, origin: bad.origin, position: bad.position, raw: bad.raw, error: bad.error })),
    lateRow: onLateRow && ((job, row, windowEnd) => onLateRow({ job, row, windowEnd })),
  };
}
