import {
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
import { FerrisError } from './errors.js';
import { parseTimestamp } from './isoTime.js';
import { type FieldKind, MONTHS, type PatternToken, WEEKDAYS, compileTimePattern } from './timePatternCompiler.js';
import { type ParsedFields, PatternReader, readField } from './timePatternReader.js';

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
  const tokens = compileTimePattern(pattern);
  const p = dateTimeParts(ms);
  let out = '';
  for (const token of tokens) out += token.field === null ? token.text : formatField(token.field, token, p, ms);
  return out;
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
  const tokens = compileTimePattern(pattern);
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
