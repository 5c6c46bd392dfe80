import type { RecordHandler } from './recordFramer.js';
import { INVALID_UTF8_MARK } from './utf8Marking.js';

/**
 * Stands between a framer and a record decoder once a file has shown invalid UTF-8: a record
 * holding an {@link INVALID_UTF8_MARK} is reported malformed (its raw text with U+FFFD in place
 * of each invalid sequence), any other goes on to the decoder.
 */
export class Utf8CheckingHandler implements RecordHandler {
  constructor(private readonly next: RecordHandler) {}

  /** Hands a valid record on; reports one with invalid bytes. */
  record(text: string, start: number, end: number, line: number): void {
    const record = text.slice(start, end);
    const at = record.indexOf(INVALID_UTF8_MARK);
    if (at === -1) {
      this.next.record(record, 0, record.length, line);
      return;
    }
    const shown = record.replaceAll(INVALID_UTF8_MARK, '\uFFFD');
    this.next.malformed(
      shown,
      line,
      `invalid UTF-8 at character ${at + 1} of the record (shown as U+FFFD); set invalid_utf8 = 'replace' to read such bytes as U+FFFD`,
    );
  }

  /** Malformed text is reported as it is, invalid bytes shown as U+FFFD. */
  malformed(raw: string, line: number, message: string): void {
    this.next.malformed(raw.replaceAll(INVALID_UTF8_MARK, '\uFFFD'), line, message);
  }
}
