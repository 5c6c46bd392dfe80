import {
  MS_PER_HOUR,
  MS_PER_MINUTE,
  MS_PER_SECOND,
  type DateTimeParts,
  civilFromDays,
  dateTimeParts,
  daysFromCivil,
  epochMillis,
  isLeapYear,
  isValidDateTime,
  isoDayOfWeek,
  isoWeek,
  pad,
} from './calendar.js';
import { FerrisError, notSupported } from './errors.js';
import { parseTimestamp } from './isoTime.js';

/*
 * Formatting and parsing timestamps with patterns (DATE_FORMAT, TO_TIMESTAMP,
 * 'event.time.format'), always in UTC. A pattern containing '%' is strftime-style (as in the
 * original's chrono), otherwise it is Java DateTimeFormatter-style (`yyyy-MM-dd HH:mm:ss.SSS`).
 *
 * strftime: %Y year, %C century, %y 2-digit year, %m month, %b/%h month abbreviation,
 * %B month name, %d day, %e space-padded day, %j day of year, %H/%k hour (0-23), %I/%l hour
 * (1-12), %p AM/PM, %M minute, %S second, %f nanoseconds (9 digits, chrono), %.f / %.3f /
 * %.6f / %.9f a dot and 3/3/6/9 fraction digits, %3f / %6f / %9f the digits alone, %a / %A
 * weekday abbreviation / name, %u ISO weekday (1 = Monday), %w weekday (0 = Sunday), %V ISO
 * week, %G ISO week year, %s epoch seconds, %Z zone name (UTC), %z +0000, %:z +00:00,
 * %T = %H:%M:%S, %F = %Y-%m-%d, %D = %m/%d/%y, %R = %H:%M, %n, %t, %%. A '-' after '%'
 * removes padding (%-d).
 *
 * Java style: y/u year (yy 2-digit), M/MM month, MMM abbreviation, MMMM name, d/dd day, D day
 * of year, H/HH hour, h/hh 12-hour, a AM/PM, m/mm minute, s/ss second, S… fraction digits,
 * E… weekday, X/XX/XXX offset (Z at zero), x/xx/xxx offset, Z offset +0000, z zone name,
 * 'text' quoted literal ('' a quote). A bare T is taken as a literal for convenience.
 *
 * Parsing reads numbers with up to their field width of digits, month and weekday names
 * case-insensitively, zone offsets and the names UTC, GMT, Z. A 2-digit year is 1969-2068.
 * Parsing %C, %V and %G is not supported yet.
 */

/** What a pattern field prints or reads. */
type FieldKind =
  | 'year'
  | 'year2'
  | 'century'
  | 'month'
  | 'monthShort'
  | 'monthLong'
  | 'day'
  | 'dayOfYear'
  | 'hour'
  | 'hour12'
  | 'ampm'
  | 'minute'
  | 'second'
  | 'fraction'
  | 'weekdayShort'
  | 'weekdayLong'
  | 'isoDow'
  | 'dow'
  | 'isoWeek'
  | 'isoYear'
  | 'epochSeconds'
  | 'zoneName'
  | 'zoneOffset';

/** One element of a compiled pattern. */
interface PatternToken {
  /** null for literal text. */
  readonly field: FieldKind | null;
  /** The literal text, or the source spelling of the field (for errors). */
  readonly text: string;
  /** Digits to pad to when printing (0 = no padding); fraction: number of digits. */
  readonly width: number;
  /** Pad with spaces rather than zeros. */
  readonly spacePad: boolean;
  /** fraction: a leading dot; zoneOffset: a colon between hours and minutes. */
  readonly punctuated: boolean;
  /** zoneOffset: print `Z` for a zero offset. */
  readonly zulu: boolean;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** A literal token. */
function literal(text: string): PatternToken {
  return { field: null, text, width: 0, spacePad: false, punctuated: false, zulu: false };
}

/** A field token. */
function fieldToken(field: FieldKind, text: string, width: number, options: Partial<PatternToken> = {}): PatternToken {
  return { field, text, width, spacePad: false, punctuated: false, zulu: false, ...options };
}

/** The error of a pattern that cannot be compiled. */
function badPattern(pattern: string, detail: string): FerrisError {
  return new FerrisError('EVALUATION', `invalid time pattern '${pattern}': ${detail}`);
}

const STRFTIME_SUPPORTED = '%Y %C %y %m %b %h %B %d %e %j %H %k %I %l %p %M %S %f %.f %.3f %.6f %.9f %3f %6f %9f %a %A %u %w %V %G %s %Z %z %:z %T %F %D %R %n %t %%';

/** The tokens of one strftime conversion letter. */
function strftimeTokens(letter: string, spelling: string, unpadded: boolean, pattern: string): PatternToken[] {
  const w = (width: number): number => (unpadded ? 0 : width);
  switch (letter) {
    case 'Y':
      return [fieldToken('year', spelling, w(4))];
    case 'C':
      return [fieldToken('century', spelling, w(2))];
    case 'y':
      return [fieldToken('year2', spelling, w(2))];
    case 'm':
      return [fieldToken('month', spelling, w(2))];
    case 'b':
    case 'h':
      return [fieldToken('monthShort', spelling, 0)];
    case 'B':
      return [fieldToken('monthLong', spelling, 0)];
    case 'd':
      return [fieldToken('day', spelling, w(2))];
    case 'e':
      return [fieldToken('day', spelling, w(2), { spacePad: true })];
    case 'j':
      return [fieldToken('dayOfYear', spelling, w(3))];
    case 'H':
      return [fieldToken('hour', spelling, w(2))];
    case 'k':
      return [fieldToken('hour', spelling, w(2), { spacePad: true })];
    case 'I':
      return [fieldToken('hour12', spelling, w(2))];
    case 'l':
      return [fieldToken('hour12', spelling, w(2), { spacePad: true })];
    case 'p':
      return [fieldToken('ampm', spelling, 0)];
    case 'M':
      return [fieldToken('minute', spelling, w(2))];
    case 'S':
      return [fieldToken('second', spelling, w(2))];
    case 'f':
      return [fieldToken('fraction', spelling, 9)];
    case 'a':
      return [fieldToken('weekdayShort', spelling, 0)];
    case 'A':
      return [fieldToken('weekdayLong', spelling, 0)];
    case 'u':
      return [fieldToken('isoDow', spelling, 0)];
    case 'w':
      return [fieldToken('dow', spelling, 0)];
    case 'V':
      return [fieldToken('isoWeek', spelling, w(2))];
    case 'G':
      return [fieldToken('isoYear', spelling, w(4))];
    case 's':
      return [fieldToken('epochSeconds', spelling, 0)];
    case 'Z':
      return [fieldToken('zoneName', spelling, 0)];
    case 'z':
      return [fieldToken('zoneOffset', spelling, 0)];
    case 'T':
      return compileStrftime('%H:%M:%S');
    case 'F':
      return compileStrftime('%Y-%m-%d');
    case 'D':
      return compileStrftime('%m/%d/%y');
    case 'R':
      return compileStrftime('%H:%M');
    case 'n':
      return [literal('\n')];
    case 't':
      return [literal('\t')];
    case '%':
      return [literal('%')];
    default:
      throw badPattern(pattern, `unknown specifier '${spelling}'; supported: ${STRFTIME_SUPPORTED}`);
  }
}

/** Compiles a strftime-style pattern. */
function compileStrftime(pattern: string): PatternToken[] {
  const tokens: PatternToken[] = [];
  let text = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c !== '%') {
      text += c;
      continue;
    }
    if (text) tokens.push(literal(text));
    text = '';
    const start = i;
    let unpadded = false;
    let next = pattern[++i];
    if (next === '-') {
      unpadded = true;
      next = pattern[++i];
    }
    if (next === ':' && pattern[i + 1] === 'z') {
      i++;
      tokens.push(fieldToken('zoneOffset', pattern.slice(start, i + 1), 0, { punctuated: true }));
      continue;
    }
    const fraction = /^(\.?)([369]?)f/.exec(pattern.slice(i));
    if (fraction !== null && (fraction[1] !== '' || fraction[2] !== '')) {
      i += fraction[0].length - 1;
      const digits = fraction[2] === '' ? 3 : Number(fraction[2]);
      tokens.push(fieldToken('fraction', pattern.slice(start, i + 1), digits, { punctuated: fraction[1] === '.' }));
      continue;
    }
    if (next === undefined) throw badPattern(pattern, "a '%' at the end");
    tokens.push(...strftimeTokens(next, pattern.slice(start, i + 1), unpadded, pattern));
  }
  if (text) tokens.push(literal(text));
  return tokens;
}

const JAVA_SUPPORTED = "y u M L d D H h a m s S E X x Z z 'text'";

/** The token of a run of one Java pattern letter. */
function javaToken(letter: string, count: number, pattern: string): PatternToken {
  const spelling = letter.repeat(count);
  const w = count >= 2 ? count : 0;
  switch (letter) {
    case 'y':
    case 'u':
      return count === 2 ? fieldToken('year2', spelling, 2) : fieldToken('year', spelling, count >= 4 ? count : 0);
    case 'M':
    case 'L':
      if (count === 3) return fieldToken('monthShort', spelling, 0);
      return count >= 4 ? fieldToken('monthLong', spelling, 0) : fieldToken('month', spelling, w);
    case 'd':
      return fieldToken('day', spelling, w);
    case 'D':
      return fieldToken('dayOfYear', spelling, w);
    case 'H':
      return fieldToken('hour', spelling, w);
    case 'h':
      return fieldToken('hour12', spelling, w);
    case 'a':
      return fieldToken('ampm', spelling, 0);
    case 'm':
      return fieldToken('minute', spelling, w);
    case 's':
      return fieldToken('second', spelling, w);
    case 'S':
      return fieldToken('fraction', spelling, Math.min(count, 9));
    case 'E':
      return fieldToken(count >= 4 ? 'weekdayLong' : 'weekdayShort', spelling, 0);
    case 'X':
    case 'x':
      return fieldToken('zoneOffset', spelling, count === 1 ? 2 : 0, { punctuated: count >= 3, zulu: letter === 'X' });
    case 'Z':
      return fieldToken('zoneOffset', spelling, 0, { punctuated: count >= 5, zulu: count >= 5 });
    case 'z':
    case 'V':
      return fieldToken('zoneName', spelling, 0);
    default:
      throw badPattern(pattern, `unknown pattern letter '${letter}'; supported: ${JAVA_SUPPORTED}`);
  }
}

/** Compiles a Java DateTimeFormatter-style pattern. */
function compileJava(pattern: string): PatternToken[] {
  const tokens: PatternToken[] = [];
  let text = '';
  const flush = (): void => {
    if (text) tokens.push(literal(text));
    text = '';
  };
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === "'" && pattern[i + 1] === "'") {
      text += "'";
      i += 2;
    } else if (c === "'") {
      // A quoted literal; '' inside it is one quote.
      let j = i + 1;
      for (;;) {
        if (j >= pattern.length) throw badPattern(pattern, 'an unterminated quote');
        if (pattern[j] === "'" && pattern[j + 1] === "'") {
          text += "'";
          j += 2;
        } else if (pattern[j] === "'") {
          break;
        } else {
          text += pattern[j];
          j++;
        }
      }
      i = j + 1;
    } else if (/[A-Za-z]/.test(c) && c !== 'T') {
      let j = i;
      while (pattern[j] === c) j++;
      flush();
      tokens.push(javaToken(c, j - i, pattern));
      i = j;
    } else {
      text += c;
      i++;
    }
  }
  flush();
  return tokens;
}

const PATTERN_CACHE = new Map<string, readonly PatternToken[]>();
const PATTERN_CACHE_LIMIT = 256;

/** The compiled tokens of a pattern (cached). */
function compile(pattern: string): readonly PatternToken[] {
  let tokens = PATTERN_CACHE.get(pattern);
  if (tokens === undefined) {
    tokens = pattern.includes('%') ? compileStrftime(pattern) : compileJava(pattern);
    if (PATTERN_CACHE.size >= PATTERN_CACHE_LIMIT) PATTERN_CACHE.clear();
    PATTERN_CACHE.set(pattern, tokens);
  }
  return tokens;
}

/** Pads a number as a token asks. */
function padded(n: number, token: PatternToken): string {
  if (token.width === 0) return String(n);
  const s = String(Math.abs(n));
  const body = s.length >= token.width ? s : (token.spacePad ? ' ' : '0').repeat(token.width - s.length) + s;
  return n < 0 ? `-${body}` : body;
}

/** Prints one field of an instant. */
function formatField(field: FieldKind, token: PatternToken, p: DateTimeParts, ms: number): string {
  switch (field) {
    case 'year':
      return padded(p.year, token);
    case 'year2':
      return pad(((p.year % 100) + 100) % 100, 2);
    case 'century':
      return padded(Math.floor(p.year / 100), token);
    case 'month':
      return padded(p.month, token);
    case 'monthShort':
      return MONTHS[p.month - 1]!.slice(0, 3);
    case 'monthLong':
      return MONTHS[p.month - 1]!;
    case 'day':
      return padded(p.day, token);
    case 'dayOfYear':
      return padded(p.days - daysFromCivil(p.year, 1, 1) + 1, token);
    case 'hour':
      return padded(p.hour, token);
    case 'hour12':
      return padded(p.hour % 12 === 0 ? 12 : p.hour % 12, token);
    case 'ampm':
      return p.hour < 12 ? 'AM' : 'PM';
    case 'minute':
      return padded(p.minute, token);
    case 'second':
      return padded(p.second, token);
    case 'fraction': {
      const digits = token.width <= 3 ? pad(p.millisecond, 3).slice(0, token.width) : pad(p.millisecond, 3) + '0'.repeat(token.width - 3);
      return token.punctuated ? `.${digits}` : digits;
    }
    case 'weekdayShort':
      return WEEKDAYS[isoDayOfWeek(p.days) - 1]!.slice(0, 3);
    case 'weekdayLong':
      return WEEKDAYS[isoDayOfWeek(p.days) - 1]!;
    case 'isoDow':
      return String(isoDayOfWeek(p.days));
    case 'dow':
      return String(isoDayOfWeek(p.days) % 7);
    case 'isoWeek':
      return padded(isoWeek(p.days).week, token);
    case 'isoYear':
      return padded(isoWeek(p.days).year, token);
    case 'epochSeconds':
      return String(Math.floor(ms / MS_PER_SECOND));
    case 'zoneName':
      return 'UTC';
    case 'zoneOffset':
      if (token.zulu) return 'Z';
      return token.width === 2 ? '+00' : token.punctuated ? '+00:00' : '+0000';
  }
}

/**
 * Formats epoch ms in UTC with a strftime-style or Java-style pattern (see the module notes),
 * e.g. `formatWithPattern(ms, '%Y-%m-%d %H:%M:%S%.3f')`. Throws `EVALUATION` for an unknown
 * specifier, listing the supported ones.
 */
export function formatWithPattern(ms: number, pattern: string): string {
  const tokens = compile(pattern);
  const p = dateTimeParts(ms);
  let out = '';
  for (const token of tokens) out += token.field === null ? token.text : formatField(token.field, token, p, ms);
  return out;
}

/** The fields read so far while parsing. */
interface ParsedFields {
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
class PatternReader {
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
function readField(field: FieldKind, token: PatternToken, r: PatternReader, f: ParsedFields): void {
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

/** Special pattern names accepted by {@link parseWithPattern}, case-insensitive. */
const NAMED_FORMATS = ['iso8601', 'iso_8601', 'epoch_millis', 'epoch_ms', 'epoch_seconds', 'epoch'] as const;

/** Parses text with one of the named formats, or returns null when the pattern is not one. */
function parseNamed(text: string, pattern: string): number | null {
  const name = pattern.toLowerCase();
  if (!(NAMED_FORMATS as readonly string[]).includes(name)) return null;
  if (name.startsWith('iso')) return parseTimestamp(text);
  const trimmed = text.trim();
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) {
    throw new FerrisError('BAD_RECORD', `'${text}' is not a number of ${name === 'epoch_millis' || name === 'epoch_ms' ? 'epoch milliseconds' : 'epoch seconds'}`);
  }
  const n = Number(trimmed);
  return Math.floor(name === 'epoch_millis' || name === 'epoch_ms' ? n : n * MS_PER_SECOND);
}

/**
 * Parses text to epoch ms with a strftime-style or Java-style pattern (see the module notes),
 * e.g. `parseWithPattern('2024-01-01 09:30:00', 'yyyy-MM-dd HH:mm:ss')`. Also accepts the
 * pattern names `iso8601` (see `parseTimestamp`), `epoch_millis` / `epoch_ms` and
 * `epoch_seconds` / `epoch`. Without a zone in the pattern the text is UTC. Throws
 * `BAD_RECORD` when the text does not match, naming the position.
 */
export function parseWithPattern(text: string, pattern: string): number {
  const named = parseNamed(text, pattern);
  if (named !== null) return named;
  const tokens = compile(pattern);
  const r = new PatternReader(text, pattern);
  const f: ParsedFields = {
    year: 1970,
    month: 0,
    day: 1,
    dayOfYear: 0,
    hour: 0,
    pm: null,
    minute: 0,
    second: 0,
    millisecond: 0,
    offset: 0,
    epochSeconds: null,
  };
  for (const token of tokens) {
    if (token.field === null) r.literal(token.text);
    else readField(token.field, token, r, f);
  }
  if (!r.atEnd()) throw r.mismatch('the end of the text');
  if (f.epochSeconds !== null) return f.epochSeconds * MS_PER_SECOND + f.millisecond;
  if (f.pm !== null) f.hour = (f.hour % 12) + (f.pm ? 12 : 0);
  if (f.month === 0) {
    if (f.dayOfYear > 0) {
      if (f.dayOfYear > (isLeapYear(f.year) ? 366 : 365)) throw r.mismatch(`a day of year of ${f.year}`);
      const { month, day } = civilFromDays(daysFromCivil(f.year, 1, 1) + f.dayOfYear - 1);
      f.month = month;
      f.day = day;
    } else {
      f.month = 1;
    }
  }
  if (!isValidDateTime(f.year, f.month, f.day, f.hour, f.minute, f.second)) {
    throw new FerrisError('BAD_RECORD', `'${text}' is not a valid date and time (pattern '${pattern}')`);
  }
  return epochMillis(f.year, f.month, f.day, f.hour, f.minute, f.second, f.millisecond) - f.offset;
}

