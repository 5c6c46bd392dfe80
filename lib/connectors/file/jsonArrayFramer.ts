import type { RecordFramer, RecordHandler } from './recordFramer.js';
import { describeOversize, oversizeHead, PartialRecord, utf8Length } from './recordBound.js';
import { UTF16_TEXT } from './textForm.js';

const enum State {
  Start,
  BeforeElement,
  Element,
  AfterElement,
  /** After text that fits no array structure: skipping to the next ',', '{', '[' or ']'. */
  Resync,
  Done,
  Failed,
}

const NEWLINE = 10;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const SPACE = 32;
const MINUS = 45;
const DIGIT_0 = 48;
const DIGIT_9 = 57;

function isWhitespace(code: number): boolean {
  return code === SPACE || code === NEWLINE || code === 9 || code === 13;
}

/** Whether a character can start a JSON value (object, array, string, number, true/false/null). */
function startsValue(code: number): boolean {
  return (
    code === OPEN_BRACE || code === OPEN_BRACKET || code === QUOTE || code === MINUS || (code >= DIGIT_0 && code <= DIGIT_9) ||
    code === 116 || code === 102 || code === 110
  );
}

/** How many backslashes end `text`. */
function trailingBackslashes(text: string): number {
  let count = 0;
  while (count < text.length && text.charCodeAt(text.length - 1 - count) === BACKSLASH) count++;
  return count;
}

/**
 * Cuts a JSON array file (`[ {...}, {...} ]`) into the text of its elements without parsing the
 * whole file: it tracks nesting depth and strings only, so each element can be parsed on its
 * own and a malformed element does not lose the others. Each character is scanned once: an
 * element cut by chunk boundaries is kept as pieces. An element is reported at the line it
 * starts on.
 *
 * Framing recovers from broken structure and every loss is reported: a missing ',' between
 * two elements is reported and the next element is read; other stray text is reported and
 * skipped up to the next ',', '{', '[' or ']'; an element beyond `maxRecordBytes` (UTF-8) is
 * followed to its end without being kept, then reported with its size; an element still open
 * at the end of the file is reported and framing resumes at the line after its first line.
 */
export class JsonArrayFramer implements RecordFramer {
  private state = State.Start;
  /** The '{' and '[' open in the current element, innermost last. */
  private readonly openers: number[] = [];
  private inString = false;
  /** Backslashes ending the previous text while inside a string (they may escape its first quote). */
  private carriedBackslashes = 0;
  private lineNumber = 1;
  private elementLine = 0;
  /** The start of the current element, cut by chunk boundaries (beyond the bound, followed to its end, not kept). */
  private readonly partial: PartialRecord;
  /** Elements of at most this many characters cannot exceed the bound. */
  private readonly surelyShort: number;

  /** @param maxRecordBytes the most UTF-8 bytes an element may have */
  constructor(private readonly maxRecordBytes: number) {
    this.surelyShort = Math.floor(maxRecordBytes / 3);
    this.partial = new PartialRecord(maxRecordBytes, UTF16_TEXT);
  }

  /** Cuts every element that `text` completes. */
  feed(text: string, handler: RecordHandler): void {
    if (this.state === State.Done || this.state === State.Failed) {
      this.checkTrailing(text, handler);
      return;
    }
    let elementStart = this.state === State.Element ? 0 : -1;
    let i = 0;
    const length = text.length;
    while (i < length) {
      const code = text.charCodeAt(i);
      switch (this.state) {
        case State.Start:
          if (code === OPEN_BRACKET) this.state = State.BeforeElement;
          else if (!isWhitespace(code)) return this.fail(text.slice(i, i + 200), handler, "a JSON array file must start with '['");
          break;
        case State.BeforeElement:
          if (code === CLOSE_BRACKET) this.state = State.Done;
          else if (!isWhitespace(code)) {
            elementStart = this.startElement(i);
            continue;
          }
          break;
        case State.AfterElement:
          if (code === COMMA) this.state = State.BeforeElement;
          else if (code === CLOSE_BRACKET) this.state = State.Done;
          else if (startsValue(code)) {
            handler.malformed(text.slice(i, i + 200), this.lineNumber, "expected ',' between two array elements; the next element is read");
            elementStart = this.startElement(i);
            continue;
          } else if (!isWhitespace(code)) this.resync(text, i, handler, "expected ',' or ']' after an array element");
          break;
        case State.Resync:
          if (code === COMMA) this.state = State.BeforeElement;
          else if (code === CLOSE_BRACKET) this.state = State.Done;
          else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
            elementStart = this.startElement(i);
            continue;
          }
          break;
        case State.Element:
          if (this.inString) {
            i = this.skipString(text, i);
            continue;
          }
          if (code === QUOTE) this.inString = true;
          else if (code === OPEN_BRACE || code === OPEN_BRACKET) this.openers.push(code);
          else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
            const openers = this.openers;
            if (openers.length === 0) {
              this.complete(text, elementStart, i, true, handler);
              if (code === CLOSE_BRACKET) this.state = State.Done;
              else this.resync(text, i, handler, "unbalanced '}' in the JSON array");
            } else if (openers.pop() !== (code === CLOSE_BRACE ? OPEN_BRACE : OPEN_BRACKET)) {
              const closing = String.fromCharCode(code);
              const open = closing === '}' ? '[' : '{';
              return this.breakElement(text, elementStart, i, handler, `'${closing}' on line ${this.lineNumber} does not close the open '${open}'`);
            } else if (openers.length === 0) {
              this.complete(text, elementStart, i + 1, false, handler);
              this.state = State.AfterElement;
            }
          } else if (code === COMMA && this.openers.length === 0) {
            this.complete(text, elementStart, i, true, handler);
            this.state = State.BeforeElement;
          }
          break;
        default:
          return this.checkTrailing(text.slice(i), handler);
      }
      if (code === NEWLINE) this.lineNumber++;
      i++;
    }
    if (this.state === State.Element) this.partial.add(text.slice(elementStart));
    this.carriedBackslashes = this.inString ? this.carriedWith(text) : 0;
  }

  /** Reports an element or the array left open at the end of the file. */
  finish(handler: RecordHandler): void {
    while (this.state === State.Element) {
      if (this.partial.oversize) {
        const { oversizeBytes: bytes, head } = this.partial;
        this.endElement();
        this.state = State.Failed;
        handler.malformed(head, this.elementLine, `${describeOversize('JSON array element', bytes, this.maxRecordBytes, head)}, and it is not closed before the end of the file`);
        return;
      }
      const whole = this.partial.text();
      this.breakElementText(whole, whole.length, handler, 'is not closed before the end of the file', true);
    }
    if (this.state === State.Done || this.state === State.Failed) return;
    this.state = State.Failed;
    handler.malformed('', this.lineNumber, "the JSON array is not closed with ']' before the end of the file");
  }

  /** The element open since `elementStart` is broken at `at` of `text`: reported, then framing resumes. */
  private breakElement(text: string, elementStart: number, at: number, handler: RecordHandler, reason: string): void {
    if (this.partial.oversize) {
      const bytes = this.partial.oversizeBytes + utf8Length(text.slice(0, at));
      const head = this.partial.head;
      this.endElement();
      handler.malformed(head, this.elementLine, `${describeOversize('JSON array element', bytes, this.maxRecordBytes, head)}, and ${reason}`);
      this.state = State.Resync;
      this.feed(text.slice(at + 1), handler);
      return;
    }
    const kept = this.partial.text();
    this.breakElementText(kept + text.slice(elementStart), kept.length + at - elementStart + 1, handler, `is broken: ${reason}`, false);
  }

  /**
   * Reports the element whose text is `whole` (broken at `end`) by its first line, and frames
   * again from the line after its first line, or from `end` when it was broken on its first line.
   * At the end of the file with nothing left to frame, the array is done with (reported once).
   */
  private breakElementText(whole: string, end: number, handler: RecordHandler, reason: string, atEndOfFile: boolean): void {
    const line = this.elementLine;
    this.endElement();
    const newline = whole.indexOf('\n');
    const onFirstLine = newline === -1 || newline >= end;
    const resumeAt = onFirstLine ? end : newline + 1;
    const resumes = resumeAt < whole.length ? `; reading resumes at line ${onFirstLine ? line : line + 1}` : '';
    handler.malformed(oversizeHead(onFirstLine ? whole.slice(0, end) : whole.slice(0, newline)), line, `the array element starting on line ${line} ${reason}${resumes}`);
    if (resumeAt >= whole.length) {
      this.state = atEndOfFile ? State.Failed : State.Resync;
      return;
    }
    this.state = State.Resync;
    this.lineNumber = onFirstLine ? line : line + 1;
    this.feed(whole.slice(resumeAt), handler);
  }

  private startElement(at: number): number {
    this.state = State.Element;
    this.openers.length = 0;
    this.inString = false;
    this.elementLine = this.lineNumber;
    return at;
  }

  /** An element ends at `end` of `text` (exclusive); a bare value (number, string...) is trimmed. */
  private complete(text: string, start: number, end: number, bare: boolean, handler: RecordHandler): void {
    if (this.partial.oversize) {
      const bytes = this.partial.oversizeBytes + utf8Length(text.slice(0, end));
      const head = this.partial.head;
      this.endElement();
      handler.malformed(head, this.elementLine, describeOversize('JSON array element', bytes, this.maxRecordBytes, head));
      return;
    }
    const tail = text.slice(start, end);
    const whole = this.partial.text(tail);
    this.endElement();
    const element = bare ? whole.trim() : whole;
    if (element.length > this.surelyShort) {
      const bytes = utf8Length(element);
      if (bytes > this.maxRecordBytes) {
        const head = oversizeHead(element);
        handler.malformed(head, this.elementLine, describeOversize('JSON array element', bytes, this.maxRecordBytes, head));
        return;
      }
    }
    handler.record(element, 0, element.length, this.elementLine);
  }

  private endElement(): void {
    this.partial.clear();
  }

  /** The backslashes ending the text of a string that goes on in the next text. */
  private carriedWith(text: string): number {
    const ending = trailingBackslashes(text);
    return ending === text.length ? this.carriedBackslashes + ending : ending;
  }

  /** Skips the inside of a string from `i`, returning the index after its closing quote (or the end). */
  private skipString(data: string, i: number): number {
    let at = i;
    for (;;) {
      const quote = data.indexOf('"', at);
      if (quote === -1) return data.length;
      let backslashes = 0;
      while (quote - 1 - backslashes >= 0 && data.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes === quote) backslashes += this.carriedBackslashes;
      if (backslashes % 2 === 0) {
        this.inString = false;
        return quote + 1;
      }
      at = quote + 1;
    }
  }

  /** Reports text that fits no array structure and skips to where an element may start again. */
  private resync(text: string, at: number, handler: RecordHandler, message: string): void {
    this.state = State.Resync;
    handler.malformed(text.slice(at, at + 200), this.lineNumber, `${message}; skipping to the next element`);
  }

  private checkTrailing(text: string, handler: RecordHandler): void {
    if (this.state === State.Failed) return;
    if (text.trim() !== '') {
      this.state = State.Failed;
      handler.malformed(text.slice(0, 200), this.lineNumber, "unexpected text after the closing ']' of the JSON array");
    }
  }

  private fail(raw: string, handler: RecordHandler, message: string): void {
    this.state = State.Failed;
    handler.malformed(raw, this.lineNumber, message);
  }
}
