/*
 * A reader of flat JSON objects that finds the members a query reads where they lie in the
 * record text, without building an object: keys are matched against the expected key of each
 * member position (learned from the records before), values the query does not read are
 * checked and skipped, and the values it reads are kept as bounds in the text until the whole
 * record is known to be valid JSON. Anything outside the plain case (a nested value, an escape,
 * invalid JSON) gives up on the record, and the caller reads it with `JSON.parse`, which gives
 * the same values and the exact errors.
 */

import { detached } from './file/stringInterner.js';

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const LOWER_T = 116;
const LOWER_F = 102;
const LOWER_N = 110;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const LOWER_E = 101;
const UPPER_E = 69;
const PLUS = 43;
const CONTROL_LIMIT = 32;

/** What a scanned member holds, by column. */
export const enum Scanned {
  /** Absent from the record (or JSON null). */
  Missing,
  String,
  Number,
  True,
  False,
}

/**
 * The character of `text` at `i`, NaN from `end` on. A module function rather than a closure
 * over the record: closures made per record (two per number) allocated about 440 bytes a
 * record, a tenth of what the Kafka path allocates outside kafkajs.
 */
function charAt(text: string, i: number, end: number): number {
  return i < end ? text.charCodeAt(i) : Number.NaN;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/**
 * Scans one flat JSON object for a fixed set of keys. After `scan` returns true, `kinds[c]`,
 * `starts[c]` and `ends[c]` tell what column `c`'s member holds (the bounds of a string are
 * inside its quotes) for every column the scanner was asked to read; for duplicate keys the
 * last member counts, as with `JSON.parse`.
 */
export class JsonFieldScanner {
  readonly kinds: Scanned[];
  readonly starts: number[];
  readonly ends: number[];
  /** Column of each key the query reads. */
  private readonly columnOfKey: ReadonlyMap<string, number>;
  /** `"key"` of the member expected at each position, and its column (-1: a key not read). */
  private readonly expectedKey: string[] = [];
  private readonly expectedColumn: number[] = [];

  /** @param keys the member names to find, by column; null for a column not read */
  constructor(keys: readonly (string | null)[]) {
    this.kinds = keys.map(() => Scanned.Missing);
    this.starts = keys.map(() => 0);
    this.ends = keys.map(() => 0);
    const columnOfKey = new Map<string, number>();
    keys.forEach((key, column) => {
      if (key !== null) columnOfKey.set(key, column);
    });
    this.columnOfKey = columnOfKey;
  }

  /**
   * Scans the record `text[start, end)`; false when it is not a plain flat object (the caller
   * then parses it). The bounds found are positions in `text`.
   */
  scan(text: string, start = 0, end = text.length): boolean {
    const kinds = this.kinds;
    const starts = this.starts;
    const ends = this.ends;
    const expectedKey = this.expectedKey;
    const expectedColumn = this.expectedColumn;
    for (let k = 0; k < kinds.length; k++) kinds[k] = Scanned.Missing;
    let at = start;
    let c = charAt(text, at, end);
    while (isSpace(c)) c = charAt(text, ++at, end);
    if (c !== OPEN_BRACE) return false;
    c = charAt(text, ++at, end);
    while (isSpace(c)) c = charAt(text, ++at, end);
    if (c !== CLOSE_BRACE) {
      for (let member = 0; ; member++) {
        if (c !== QUOTE) return false;
        // The key: the one expected at this position, or read and looked up.
        let column: number;
        const expected = expectedKey[member];
        if (expected !== undefined && startsWithAt(text, expected, at, end)) {
          at += expected.length;
          column = expectedColumn[member]!;
        } else {
          const keyEnd = stringEnd(text, at + 1, end);
          if (keyEnd < 0) return false;
          column = this.columnOfKey.get(text.slice(at + 1, keyEnd)) ?? -1;
          expectedKey[member] = detached(text.slice(at, keyEnd + 1));
          expectedColumn[member] = column;
          at = keyEnd + 1;
        }
        c = charAt(text, at, end);
        while (isSpace(c)) c = charAt(text, ++at, end);
        if (c !== COLON) return false;
        c = charAt(text, ++at, end);
        while (isSpace(c)) c = charAt(text, ++at, end);
        // The value.
        let kind: Scanned;
        let valueStart = at;
        let valueEnd: number;
        if (c === QUOTE) {
          valueStart = at + 1;
          valueEnd = stringEnd(text, valueStart, end);
          if (valueEnd < 0) return false;
          kind = Scanned.String;
          at = valueEnd + 1;
        } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
          valueEnd = numberEnd(text, at, end);
          if (valueEnd < 0) return false;
          kind = Scanned.Number;
          at = valueEnd;
        } else if (c === LOWER_T && startsWithAt(text, 'true', at, end)) {
          kind = Scanned.True;
          at = valueEnd = at + 4;
        } else if (c === LOWER_F && startsWithAt(text, 'false', at, end)) {
          kind = Scanned.False;
          at = valueEnd = at + 5;
        } else if (c === LOWER_N && startsWithAt(text, 'null', at, end)) {
          kind = Scanned.Missing;
          at = valueEnd = at + 4;
        } else return false;
        if (column >= 0) {
          kinds[column] = kind;
          starts[column] = valueStart;
          ends[column] = valueEnd;
        }
        c = charAt(text, at, end);
        while (isSpace(c)) c = charAt(text, ++at, end);
        if (c === CLOSE_BRACE) break;
        if (c !== COMMA) return false;
        c = charAt(text, ++at, end);
        while (isSpace(c)) c = charAt(text, ++at, end);
      }
    }
    // Nothing but space may follow the object.
    for (let i = at + 1; i < end; i++) if (!isSpace(text.charCodeAt(i))) return false;
    return true;
  }
}

/** Whether `text` holds `part` at `at`, within `end` (a loop: faster than `startsWith` for short keys). */
function startsWithAt(text: string, part: string, at: number, end: number): boolean {
  const length = part.length;
  if (at + length > end) return false;
  for (let i = 0; i < length; i++) if (text.charCodeAt(at + i) !== part.charCodeAt(i)) return false;
  return true;
}

/**
 * Where the string starting after its opening quote at `from` closes, before `end`; -1 for an
 * escape, a control character or no closing quote (left to `JSON.parse`).
 */
function stringEnd(text: string, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i;
    if (c === BACKSLASH || c < CONTROL_LIMIT) return -1;
  }
  return -1;
}

/**
 * The end of the JSON number (`-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`) starting at
 * `start`, before `end`; -1 when the text there is not one.
 */
function numberEnd(text: string, start: number, end: number): number {
  let i = start;
  if (charAt(text, i, end) === MINUS) i++;
  const first = charAt(text, i, end);
  if (first === ZERO) i++;
  else if (first > ZERO && first <= NINE) {
    i++;
    while (isDigit(charAt(text, i, end))) i++;
  } else return -1;
  if (charAt(text, i, end) === DOT) {
    const fractionStart = ++i;
    while (isDigit(charAt(text, i, end))) i++;
    if (i === fractionStart) return -1;
  }
  let c = charAt(text, i, end);
  if (c === LOWER_E || c === UPPER_E) {
    c = charAt(text, ++i, end);
    if (c === PLUS || c === MINUS) i++;
    const exponentStart = i;
    while (isDigit(charAt(text, i, end))) i++;
    if (i === exponentStart) return -1;
    c = charAt(text, i, end);
  }
  return c === DOT || isDigit(c) ? -1 : i;
}
