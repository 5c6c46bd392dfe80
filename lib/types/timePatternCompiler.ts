import { FerrisError } from './errors.js';

/*
 * Compiles time patterns (strftime-style or Java-style; the syntax is described in
 * timePattern.ts) into tokens shared by formatting and parsing.
 */

/** What a pattern field prints or reads. */
export type FieldKind =
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
export interface PatternToken {
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

/** Month names, January first. */
export const MONTHS = [
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
/** Weekday names, Monday first (ISO order). */
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

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

/** The compiled tokens of a strftime-style (contains '%') or Java-style pattern, cached. */
export function compileTimePattern(pattern: string): readonly PatternToken[] {
  let tokens = PATTERN_CACHE.get(pattern);
  if (tokens === undefined) {
    tokens = pattern.includes('%') ? compileStrftime(pattern) : compileJava(pattern);
    if (PATTERN_CACHE.size >= PATTERN_CACHE_LIMIT) PATTERN_CACHE.clear();
    PATTERN_CACHE.set(pattern, tokens);
  }
  return tokens;
}
