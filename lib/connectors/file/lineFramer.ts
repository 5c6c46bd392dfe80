import { scanQuotes } from './csvQuotes.js';
import type { RecordFramer, RecordHandler } from './recordFramer.js';
import { describeOversize, PartialRecord } from './recordBound.js';
import { UTF16_TEXT, type TextForm } from './textForm.js';

const CARRIAGE_RETURN = 13;
const SPACE = 32;

/** Whether `text[start, end)` (of `form`) is empty or only white space. */
function isBlankAt(text: string, start: number, end: number, form: TextForm): boolean {
  return start === end || (text.charCodeAt(start) <= SPACE && form.text(text.slice(start, end)).trim() === '');
}

function withoutCarriageReturn(line: string): string {
  return line.length > 0 && line.charCodeAt(line.length - 1) === CARRIAGE_RETURN ? line.slice(0, -1) : line;
}

/** The CSV dialect a line framer follows to let quoted fields hold line breaks. */
export interface CsvQuoting {
  readonly quote: string;
  readonly delimiter: string;
}

/**
 * Cuts text into lines (`\n` or `\r\n`), skipping blank lines, and reports each with its
 * 1-based line number. Each character is scanned once, whatever the length of a line: the
 * start of a line cut by a chunk boundary is kept as pieces until its end arrives. A line
 * within one chunk is handed over as the chunk with the line's bounds (no string per line),
 * unless it takes part in a quoted CSV field.
 *
 * A record is bounded by `maxRecordBytes` (UTF-8): the rest of a longer line is skipped
 * without being kept, and the line is reported malformed with its size once it ends.
 *
 * With CSV quoting, a quoted field may hold line breaks: a line leaving a quoted field open
 * starts a record that goes on over the next lines, reported at the line it starts on. Such a
 * record fails when a closing quote is followed by other text than the delimiter, when it
 * grows beyond the bound, or when the file ends inside it: its first line is then reported
 * malformed and framing resumes at the line after it, so a stray quote costs one record.
 */
export class LineFramer implements RecordFramer {
  /** The start of the current line, cut by chunk boundaries (counted, not kept, beyond the bound). */
  private readonly partial: PartialRecord;
  private lineNumber = 0;
  /** The lines of a CSV record whose quoted field is still open. */
  private openLines: string[] = [];
  private openLine = 0;
  private openBytes = 0;
  /** Lines of at most this many characters cannot exceed the bound (3 UTF-8 bytes per UTF-16 unit at most, 1 per byte character). */
  private readonly surelyShort: number;

  /**
   * @param quoting the CSV dialect, or null for formats without multi-line records (JSON lines)
   * @param maxRecordBytes the most UTF-8 bytes a record may have
   * @param form the form of the text fed (decoded text, or with CSV quoting in ASCII, bytes one
   * per character); records and malformed text are handed on in that form
   */
  constructor(
    private readonly quoting: CsvQuoting | null,
    private readonly maxRecordBytes: number,
    private readonly form: TextForm = UTF16_TEXT,
  ) {
    this.surelyShort = form.bytes ? maxRecordBytes : Math.floor(maxRecordBytes / 3);
    this.partial = new PartialRecord(maxRecordBytes, form);
  }

  /** Cuts every complete line of `text`, after the start of a line kept from earlier calls. */
  feed(text: string, handler: RecordHandler): void {
    let start = 0;
    if (this.partial.started) {
      const newline = text.indexOf('\n');
      if (newline === -1) {
        this.extend(text, handler);
        return;
      }
      this.lineNumber++;
      this.endLongLine(text.slice(0, newline), handler);
      start = newline + 1;
    }
    const surelyShort = this.surelyShort;
    const quote = this.quoting?.quote;
    // The next quote character at or after `start` (text.length when there is none, infinity without CSV quoting).
    let nextQuote = quote === undefined ? Number.POSITIVE_INFINITY : -1;
    // CSV lines known to hold no quote go to the handler's faster split, when it has one.
    const plain = quote !== undefined && handler.plainRecord !== undefined;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline === -1) break;
      const end = newline > start && text.charCodeAt(newline - 1) === CARRIAGE_RETURN ? newline - 1 : newline;
      this.lineNumber++;
      if (quote !== undefined && nextQuote < start) {
        nextQuote = text.indexOf(quote, start);
        if (nextQuote === -1) nextQuote = text.length;
      }
      if (end - start > surelyShort) this.checkedLine(text.slice(start, end), handler);
      else if (nextQuote < end || this.openLines.length > 0) this.onLine(text.slice(start, end), this.lineNumber, handler);
      else if (!isBlankAt(text, start, end, this.form)) {
        if (plain) handler.plainRecord!(text, start, end, this.lineNumber);
        else handler.record(text, start, end, this.lineNumber);
      }
      start = newline + 1;
    }
    if (start < text.length) this.extend(start === 0 ? text : text.slice(start), handler);
  }

  /** Ends a last line without a line break, and fails a CSV record left open by the end of the file. */
  finish(handler: RecordHandler): void {
    if (this.partial.started) {
      this.lineNumber++;
      this.endLongLine('', handler);
    }
    while (this.openLines.length > 0) {
      this.recover(handler, `a quoted field opened on line ${this.openLine} is not closed before the end of the file`);
    }
  }

  /** Keeps (or, beyond the bound, counts) a piece of a line whose end has not arrived yet. */
  private extend(piece: string, handler: RecordHandler): void {
    if (this.partial.add(piece) && this.openLines.length > 0) this.recover(handler, this.openTooLong());
  }

  /** The current line ends with `tail`. */
  private endLongLine(tail: string, handler: RecordHandler): void {
    const partial = this.partial;
    if (partial.oversize) {
      const bytes = partial.oversizeBytes + this.form.byteLength(withoutCarriageReturn(tail));
      const head = partial.head;
      partial.clear();
      handler.malformed(head, this.lineNumber, describeOversize('line', bytes, this.maxRecordBytes, this.form.text(head)));
      return;
    }
    const line = withoutCarriageReturn(partial.text(tail));
    partial.clear();
    this.checkedLine(line, handler);
  }

  /** A line that may be beyond the bound. */
  private checkedLine(line: string, handler: RecordHandler): void {
    if (line.length <= this.surelyShort) {
      this.onLine(line, this.lineNumber, handler);
      return;
    }
    const bytes = this.form.byteLength(line);
    if (bytes <= this.maxRecordBytes) {
      this.onLine(line, this.lineNumber, handler);
      return;
    }
    if (this.openLines.length > 0) this.recover(handler, this.openTooLong());
    const head = this.form.head(line);
    handler.malformed(head, this.lineNumber, describeOversize('line', bytes, this.maxRecordBytes, this.form.text(head)));
  }

  private onLine(line: string, number: number, handler: RecordHandler): void {
    const quoting = this.quoting;
    if (this.openLines.length > 0) {
      this.openLines.push(line);
      this.openBytes += this.form.byteLength(line) + 1;
      const state = scanQuotes(line, true, quoting!.quote, quoting!.delimiter);
      if (state === 'closed') {
        const record = this.openLines.join('\n');
        const first = this.openLine;
        this.openLines = [];
        handler.record(record, 0, record.length, first);
      } else if (state === 'broken') {
        this.recover(handler, `the quoted field opened on line ${this.openLine} is closed on line ${number} by a quote followed by other text than '${quoting!.delimiter}'`);
      } else if (this.openBytes > this.maxRecordBytes) {
        this.recover(handler, this.openTooLong());
      }
      return;
    }
    if (isBlankAt(line, 0, line.length, this.form)) return;
    if (quoting !== null && line.indexOf(quoting.quote) !== -1 && scanQuotes(line, false, quoting.quote, quoting.delimiter) === 'open') {
      this.openLines = [line];
      this.openLine = number;
      this.openBytes = this.form.byteLength(line);
      return;
    }
    handler.record(line, 0, line.length, number);
  }

  private openTooLong(): string {
    return `the record starting with a quoted field opened on line ${this.openLine} is longer than max_record_bytes (${this.maxRecordBytes})`;
  }

  /**
   * Fails the open CSV record: its first line is reported malformed and the lines after it are
   * framed again, from the line after it.
   */
  private recover(handler: RecordHandler, message: string): void {
    const lines = this.openLines;
    const first = this.openLine;
    this.openLines = [];
    this.openBytes = 0;
    handler.malformed(lines[0]!, first, `${message}; reading resumes at line ${first + 1}`);
    for (let k = 1; k < lines.length; k++) this.onLine(lines[k]!, first + k, handler);
  }
}
