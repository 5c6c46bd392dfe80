/** Receives the records a framer cuts out of a file's text. */
export interface RecordHandler {
  /**
   * One complete record (a line, a multi-line CSV record, a JSON array element): the
   * characters `text[start, end)`. A framer passes the read chunk itself with the bounds of a
   * line where it can, so that no string is cut per record.
   */
  record(text: string, start: number, end: number, line: number): void;
  /**
   * Optional: a record the framer knows holds no quote character and is not blank (a CSV
   * line outside quoted fields), which the handler may split faster; otherwise as {@link record}.
   */
  plainRecord?(text: string, start: number, end: number, line: number): void;
  /** Text that cannot be cut into a record (e.g. a broken JSON array); reading goes on if it can. */
  malformed(raw: string, line: number, message: string): void;
}

/**
 * Cuts the decoded text of one file into records, across read chunks: text is fed chunk by
 * chunk and a record split by a chunk boundary is completed by the next chunk.
 */
export interface RecordFramer {
  /** Cuts every record that `text` completes; keeps an incomplete tail for the next call. */
  feed(text: string, handler: RecordHandler): void;
  /** The file ended: emits (or reports as malformed) whatever incomplete tail is left. */
  finish(handler: RecordHandler): void;
}
