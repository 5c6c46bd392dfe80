import type { RecordFramer, RecordHandler } from './recordFramer.js';

const enum State {
  Start,
  BeforeElement,
  Element,
  AfterElement,
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

function isWhitespace(code: number): boolean {
  return code === SPACE || code === NEWLINE || code === 9 || code === 13;
}

/**
 * Cuts a JSON array file (`[ {...}, {...} ]`) into the text of its elements without parsing the
 * whole file: it tracks nesting depth and strings only, so each element can be parsed on its
 * own and a malformed element does not lose the others. An element is reported at the line it
 * starts on. Text that breaks the array structure itself stops the file with one malformed report.
 */
export class JsonArrayFramer implements RecordFramer {
  private state = State.Start;
  private carry = '';
  private scanFrom = 0;
  private depth = 0;
  private inString = false;
  private lineNumber = 1;
  private elementLine = 0;

  /** Cuts every element that `text` completes. */
  feed(text: string, handler: RecordHandler): void {
    if (this.state === State.Done || this.state === State.Failed) {
      this.checkTrailing(text, handler);
      return;
    }
    const data = this.carry === '' ? text : this.carry + text;
    let elementStart = this.state === State.Element ? 0 : -1;
    let i = this.scanFrom;
    const length = data.length;
    while (i < length) {
      const code = data.charCodeAt(i);
      switch (this.state) {
        case State.Start:
          if (code === OPEN_BRACKET) this.state = State.BeforeElement;
          else if (!isWhitespace(code)) return this.fail(data.slice(i, i + 200), handler, "a JSON array file must start with '['");
          break;
        case State.BeforeElement:
          if (code === CLOSE_BRACKET) this.state = State.Done;
          else if (!isWhitespace(code)) {
            this.state = State.Element;
            this.depth = 0;
            this.inString = false;
            this.elementLine = this.lineNumber;
            elementStart = i;
            continue;
          }
          break;
        case State.AfterElement:
          if (code === COMMA) this.state = State.BeforeElement;
          else if (code === CLOSE_BRACKET) this.state = State.Done;
          else if (!isWhitespace(code)) return this.fail(data.slice(i, i + 200), handler, "expected ',' or ']' after an array element");
          break;
        case State.Element:
          if (this.inString) {
            i = this.skipString(data, i);
            continue;
          }
          if (code === QUOTE) this.inString = true;
          else if (code === OPEN_BRACE || code === OPEN_BRACKET) this.depth++;
          else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
            if (this.depth === 0) {
              handler.record(data.slice(elementStart, i).trim(), this.elementLine);
              this.state = code === CLOSE_BRACKET ? State.Done : State.Failed;
              if (this.state === State.Failed) handler.malformed('}', this.lineNumber, "unbalanced '}' in the JSON array");
            } else if (--this.depth === 0) {
              handler.record(data.slice(elementStart, i + 1), this.elementLine);
              this.state = State.AfterElement;
            }
          } else if (code === COMMA && this.depth === 0) {
            handler.record(data.slice(elementStart, i).trim(), this.elementLine);
            this.state = State.BeforeElement;
          }
          break;
        default:
          this.carry = '';
          this.scanFrom = 0;
          return this.checkTrailing(data.slice(i), handler);
      }
      if (code === NEWLINE) this.lineNumber++;
      i++;
    }
    if (this.state === State.Element) {
      this.carry = data.slice(elementStart);
      this.scanFrom = length - elementStart;
    } else {
      this.carry = '';
      this.scanFrom = 0;
    }
  }

  /** Reports an array left open at the end of the file. */
  finish(handler: RecordHandler): void {
    if (this.state === State.Done || this.state === State.Failed) return;
    const raw = this.carry;
    this.carry = '';
    const line = this.state === State.Element ? this.elementLine : this.lineNumber;
    this.state = State.Failed;
    handler.malformed(raw, line, "the JSON array is not closed with ']' before the end of the file");
  }

  /** Skips the inside of a string from `i`, returning the index after its closing quote (or the end). */
  private skipString(data: string, i: number): number {
    let at = i;
    for (;;) {
      const quote = data.indexOf('"', at);
      if (quote === -1) return data.length;
      let backslashes = 0;
      while (quote - 1 - backslashes >= 0 && data.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) {
        this.inString = false;
        return quote + 1;
      }
      at = quote + 1;
    }
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
    this.carry = '';
    this.scanFrom = 0;
    handler.malformed(raw, this.lineNumber, message);
  }
}
