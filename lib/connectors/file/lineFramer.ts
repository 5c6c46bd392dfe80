import type { RecordFramer, RecordHandler } from './recordFramer.js';

const CARRIAGE_RETURN = 13;
const SPACE = 32;

function isBlank(line: string): boolean {
  return line.length === 0 || (line.charCodeAt(0) <= SPACE && line.trim() === '');
}

function countChar(text: string, char: string): number {
  let count = 0;
  let at = text.indexOf(char);
  while (at !== -1) {
    count++;
    at = text.indexOf(char, at + 1);
  }
  return count;
}

/**
 * Cuts text into lines (`\n` or `\r\n`), skipping blank lines, and reports each with its
 * 1-based line number. With a quote character (CSV), a line with an unbalanced number of
 * quotes opens a record that goes on over the next lines until its quotes balance, so quoted
 * fields may hold line breaks; the record is reported at the line it starts on.
 */
export class LineFramer implements RecordFramer {
  private carry = '';
  private lineNumber = 0;
  private openRecord = '';
  private openRecordLine = 0;
  private openQuotes = 0;

  /** @param quote the CSV quote character, or null for formats without multi-line records. */
  constructor(private readonly quote: string | null) {}

  /** Cuts every complete line of `text` (plus the tail kept from the previous call). */
  feed(text: string, handler: RecordHandler): void {
    const data = this.carry === '' ? text : this.carry + text;
    let start = 0;
    let newline = data.indexOf('\n');
    while (newline !== -1) {
      const end = newline > start && data.charCodeAt(newline - 1) === CARRIAGE_RETURN ? newline - 1 : newline;
      this.lineNumber++;
      this.onLine(data.slice(start, end), handler);
      start = newline + 1;
      newline = data.indexOf('\n', start);
    }
    this.carry = start === 0 ? data : data.slice(start);
  }

  /** Emits a last line without a line break, and reports a quoted field left open. */
  finish(handler: RecordHandler): void {
    if (this.carry !== '') {
      const last = this.carry;
      this.carry = '';
      this.lineNumber++;
      this.onLine(last.endsWith('\r') ? last.slice(0, -1) : last, handler);
    }
    if (this.openQuotes > 0) {
      const raw = this.openRecord;
      this.openRecord = '';
      this.openQuotes = 0;
      handler.malformed(raw, this.openRecordLine, 'a quoted field is not closed before the end of the file');
    }
  }

  private onLine(line: string, handler: RecordHandler): void {
    const quote = this.quote;
    if (this.openQuotes > 0) {
      this.openRecord += '\n' + line;
      this.openQuotes += countChar(line, quote!);
      if (this.openQuotes % 2 === 0) {
        const record = this.openRecord;
        this.openRecord = '';
        this.openQuotes = 0;
        handler.record(record, this.openRecordLine);
      }
      return;
    }
    if (isBlank(line)) return;
    if (quote !== null && line.indexOf(quote) !== -1) {
      const quotes = countChar(line, quote);
      if (quotes % 2 === 1) {
        this.openRecord = line;
        this.openRecordLine = this.lineNumber;
        this.openQuotes = quotes;
        return;
      }
    }
    handler.record(line, this.lineNumber);
  }
}
