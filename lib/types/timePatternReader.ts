import { MS_PER_HOUR, MS_PER_MINUTE } from './calendar.js';
import { FerrisError, notSupported } from './errors.js';
import { type FieldKind, MONTHS, type PatternToken, WEEKDAYS } from './timePatternCompiler.js';

/*
 * Reads text field by field against a compiled time pattern (see timePattern.ts).
 */

/** The fields read so far while parsing. */
export interface ParsedFields {
  year: number;
  month: number;
  day: number;
  dayOfYear: number;
  hour: number;
  pm: boolean | null;
  minute: number;
  second: number;
  millisecond: number;
  offset: number;
  epochSeconds: number | null;
}

/** Reads text against compiled tokens. */
export class PatternReader {
  pos = 0;
  constructor(
    readonly text: string,
    private readonly pattern: string,
  ) {}

  /** The character at the position, or '' at the end. */
  peek(): string {
    return this.text[this.pos] ?? '';
  }

  /** The error of text that does not match the pattern here. */
  mismatch(expected: string): FerrisError {
    return new FerrisError(
      'BAD_RECORD',
      `'${this.text}' does not match the time pattern '${this.pattern}' at position ${this.pos + 1}: expected ${expected}`,
    );
  }

  /** Reads 1..maxDigits digits (with an optional '-' when `signed`). */
  number(maxDigits: number, what: string, signed = false): number {
    let negative = false;
    if (signed && this.peek() === '-') {
      negative = true;
      this.pos++;
    }
    let value = 0;
    let count = 0;
    while (count < maxDigits && this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos) - 48;
      if (c < 0 || c > 9) break;
      value = value * 10 + c;
      this.pos++;
      count++;
    }
    if (count === 0) throw this.mismatch(what);
    return negative ? -value : value;
  }

  /** Reads a fraction of a second (1-9 digits) as ms, truncated. */
  fraction(maxDigits: number): number {
    let ms = 0;
    let count = 0;
    let scale = 100;
    while (count < maxDigits && this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos) - 48;
      if (c < 0 || c > 9) break;
      if (scale >= 1) ms += c * scale;
      scale /= 10;
      this.pos++;
      count++;
    }
    if (count === 0) throw this.mismatch('fraction digits');
    return ms;
  }

  /** Reads one of `names` (or its 3-letter abbreviation), case-insensitively; returns its index. */
  name(names: readonly string[], what: string): number {
    const rest = this.text.slice(this.pos).toLowerCase();
    for (const full of [true, false]) {
      for (let i = 0; i < names.length; i++) {
        const candidate = full ? names[i]!.toLowerCase() : names[i]!.slice(0, 3).toLowerCase();
        if (rest.startsWith(candidate)) {
          this.pos += candidate.length;
          return i;
        }
      }
    }
    throw this.mismatch(what);
  }

  /** Reads a literal. */
  literal(expected: string): void {
    if (!this.text.startsWith(expected, this.pos)) throw this.mismatch(`'${expected}'`);
    this.pos += expected.length;
  }

  /** Reads a zone offset (`Z`, `±HH`, `±HHMM`, `±HH:MM`) as ms east of UTC. */
  zoneOffset(): number {
    const c = this.peek();
    if (c === 'Z' || c === 'z') {
      this.pos++;
      return 0;
    }
    if (c !== '+' && c !== '-') throw this.mismatch('a zone offset like +01:00 or Z');
    this.pos++;
    const hours = this.number(2, 'offset hours');
    let minutes = 0;
    if (this.peek() === ':') this.pos++;
    if (/[0-9]/.test(this.peek())) minutes = this.number(2, 'offset minutes');
    const offset = hours * MS_PER_HOUR + minutes * MS_PER_MINUTE;
    return c === '-' ? -offset : offset;
  }

  /** Reads a zone name; only UTC, GMT and Z are known. */
  zoneName(): number {
    for (const name of ['UTC', 'GMT', 'Z']) {
      if (this.text.startsWith(name, this.pos)) {
        this.pos += name.length;
        return 0;
      }
    }
    const rest = /^[A-Za-z_/]+/.exec(this.text.slice(this.pos));
    if (rest !== null) throw notSupported(`the time zone name '${rest[0]}' (use an offset like +01:00, or UTC)`);
    throw this.mismatch('a zone name');
  }

  /** Whether all text was read. */
  atEnd(): boolean {
    return this.pos === this.text.length;
  }
}

/** Reads one field into `f`. */
export function readField(field: FieldKind, token: PatternToken, r: PatternReader, f: ParsedFields): void {
  switch (field) {
    case 'year':
      f.year = r.number(token.width > 0 ? token.width : 9, 'a year', true);
      return;
    case 'year2': {
      const yy = r.number(2, 'a 2-digit year');
      f.year = yy < 69 ? 2000 + yy : 1900 + yy;
      return;
    }
    case 'month':
      f.month = r.number(2, 'a month');
      return;
    case 'monthShort':
    case 'monthLong':
      f.month = r.name(MONTHS, 'a month name') + 1;
      return;
    case 'day':
      if (token.spacePad) skipSpaces(r);
      f.day = r.number(2, 'a day');
      return;
    case 'dayOfYear':
      f.dayOfYear = r.number(3, 'a day of year');
      return;
    case 'hour':
      if (token.spacePad) skipSpaces(r);
      f.hour = r.number(2, 'an hour');
      return;
    case 'hour12':
      if (token.spacePad) skipSpaces(r);
      f.hour = r.number(2, 'an hour (1-12)');
      if (f.hour < 1 || f.hour > 12) throw r.mismatch('an hour from 1 to 12');
      if (f.pm === null) f.pm = false;
      return;
    case 'ampm':
      f.pm = r.name(['AM', 'PM'], 'AM or PM') === 1;
      return;
    case 'minute':
      f.minute = r.number(2, 'minutes');
      return;
    case 'second':
      f.second = r.number(2, 'seconds');
      return;
    case 'fraction':
      if (token.punctuated) {
        if (r.atEnd() || !['.', ','].includes(r.peek())) return;
        r.pos++;
        f.millisecond = r.fraction(9);
        return;
      }
      f.millisecond = r.fraction(token.width);
      return;
    case 'weekdayShort':
    case 'weekdayLong':
      r.name(WEEKDAYS, 'a weekday name');
      return;
    case 'isoDow':
    case 'dow':
      r.number(1, 'a weekday number');
      return;
    case 'epochSeconds':
      f.epochSeconds = r.number(15, 'epoch seconds', true);
      return;
    case 'zoneName':
      f.offset = r.zoneName();
      return;
    case 'zoneOffset':
      f.offset = r.zoneOffset();
      return;
    case 'century':
    case 'isoWeek':
    case 'isoYear':
      throw notSupported(`parsing '${token.text}' in a time pattern`);
  }
}

/** Skips spaces (for space-padded fields). */
function skipSpaces(r: PatternReader): void {
  while (r.peek() === ' ') r.pos++;
}
