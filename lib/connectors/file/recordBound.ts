/** The default bound of one record's size in UTF-8 bytes (`<name>.max_record_bytes`): 16 MiB. */
export const DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** How many characters of a record beyond the bound are kept for its bad-record report. */
const OVERSIZE_HEAD_CHARS = 1024;

/** The length of a text in UTF-8 bytes. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The start of a record beyond the bound, kept as its raw text when it is reported. */
export function oversizeHead(text: string): string {
  return text.length <= OVERSIZE_HEAD_CHARS ? text : text.slice(0, OVERSIZE_HEAD_CHARS);
}

/** The bad-record message of a record beyond the bound, which was skipped. */
export function describeOversize(what: string, bytes: number, maxRecordBytes: number, head: string): string {
  return (
    `a ${what} of ${bytes} bytes is longer than max_record_bytes (${maxRecordBytes}); ` +
    `it is skipped (its first ${head.length} characters are kept as its raw text)`
  );
}
