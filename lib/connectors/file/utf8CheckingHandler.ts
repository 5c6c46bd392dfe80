import type { RecordHandler } from './recordFramer.js';
import { UTF16_TEXT, type TextForm } from './textForm.js';
import { INVALID_UTF8_MARK } from './utf8Marking.js';

/**
 * Stands between a framer and a record decoder once a file has shown invalid UTF-8: a record
 * holding an {@link INVALID_UTF8_MARK} is reported malformed (its raw text with U+FFFD in place
 * of each invalid sequence), any other goes on to the decoder. Records and raw text are handed
 * on in the form they came in (`form`).
 */
export class Utf8CheckingHandler implements RecordHandler {
  constructor(
    private readonly next: RecordHandler,
    private readonly form: TextForm = UTF16_TEXT,
  ) {}

  /** Hands a valid record on; reports one with invalid bytes. */
  record(text: string, start: number, end: number, line: number): void {
    const record = text.slice(start, end);
    if (record.indexOf(INVALID_UTF8_MARK) === -1) {
      this.next.record(record, 0, record.length, line);
      return;
    }
    const at = this.form.text(record).indexOf(INVALID_UTF8_MARK);
    this.next.malformed(
      this.shown(record),
      line,
      `invalid UTF-8 at character ${at + 1} of the record (shown as U+FFFD); set invalid_utf8 = 'replace' to read such bytes as U+FFFD`,
    );
  }

  /** Malformed text is reported as it is, invalid bytes shown as U+FFFD. */
  malformed(raw: string, line: number, message: string): void {
    this.next.malformed(this.shown(raw), line, message);
  }

  private shown(raw: string): string {
    return raw.replaceAll(INVALID_UTF8_MARK, this.form.replacement);
  }
}
