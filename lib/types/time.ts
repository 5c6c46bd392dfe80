import { FerrisError } from './errors.js';

/*
 * Timestamps are epoch milliseconds (UTC), dates are days since 1970-01-01. Nothing here
 * reads the process time zone: calendar math is done by hand (proleptic Gregorian).
 */

/** Milliseconds in a second, minute, hour and day. */
export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** A calendar date: year, month 1-12, day 1-31. */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The calendar date of a day number (days since 1970-01-01). */
export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Whether a year is a Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days of a month (1-12) in a year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Epoch ms of a UTC date-time (all parts already validated). */
export function epochMillis(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
): number {
  return (
    daysFromCivil(year, month, day) * MS_PER_DAY +
    hour * MS_PER_HOUR +
    minute * MS_PER_MINUTE +
    second * MS_PER_SECOND +
    millisecond
  );
}

/** Whether y-m-d h:m:s is a valid calendar date and time of day. */
export function isValidDateTime(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) && h <= 23 && mi <= 59 && s <= 59;
}

const TIMESTAMP_SYNTAX = 'YYYY-MM-DD[( |T)HH:MM[:SS[.fraction]]][Z|±HH[:MM]]';

/** The error of malformed timestamp text. */
function badTimestamp(text: string): FerrisError {
  return new FerrisError('BAD_RECORD', `invalid TIMESTAMP text '${text}': expected ${TIMESTAMP_SYNTAX}`);
}

/** A cursor over text for the hand-written parsers below. */
class Cursor {
  pos: number;
  constructor(
    readonly text: string,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  /** Reads exactly `n` ASCII digits as a number, or -1 (cursor unchanged) if there are fewer. */
  digits(n: number): number {
    if (this.pos + n > this.end) return -1;
    let v = 0;
    for (let k = 0; k < n; k++) {
      const c = this.text.charCodeAt(this.pos + k) - 48;
      if (c < 0 || c > 9) return -1;
      v = v * 10 + c;
    }
    this.pos += n;
    return v;
  }

  /** Consumes the character code `c` if it is next. */
  eat(c: number): boolean {
    if (this.pos < this.end && this.text.charCodeAt(this.pos) === c) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** The next character code, or -1 at the end. */
  peek(): number {
    return this.pos < this.end ? this.text.charCodeAt(this.pos) : -1;
  }
}

const DASH = 45;
const COLON = 58;
const DOT = 46;
const COMMA = 44;
const SPACE = 32;
const PLUS = 43;

/**
 * Reads an ISO-8601 zone designator at the cursor: `Z`, `UTC`, `±HH`, `±HHMM`, `±HH:MM`.
 * Returns the offset in ms to subtract from local time, 0 when there is none, NaN when bad.
 */
function readZone(cur: Cursor): number {
  if (cur.pos < cur.end && cur.text.charCodeAt(cur.pos) === SPACE) cur.pos++;
  const c = cur.peek();
  if (c === -1) return 0;
  if (c === 90 || c === 122) {
    cur.pos++;
    return 0;
  }
  if (cur.text.startsWith('UTC', cur.pos) && cur.pos + 3 === cur.end) {
    cur.pos += 3;
    return 0;
  }
  if (c !== PLUS && c !== DASH) return NaN;
  cur.pos++;
  const hours = cur.digits(2);
  if (hours < 0 || hours > 23) return NaN;
  let minutes = 0;
  if (cur.pos < cur.end) {
    cur.eat(COLON);
    minutes = cur.digits(2);
    if (minutes < 0 || minutes > 59) return NaN;
  }
  const offset = hours * MS_PER_HOUR + minutes * MS_PER_MINUTE;
  return c === DASH ? -offset : offset;
}

/** Trims ASCII spaces and returns [start, end). */
function trimmedBounds(text: string): [number, number] {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= SPACE) start++;
  while (end > start && text.charCodeAt(end - 1) <= SPACE) end--;
  return [start, end];
}

/**
 * Parses a timestamp as epoch ms UTC, whatever `process.env.TZ`. Accepts ISO-8601 with `T`
 * or a space, optional seconds and fraction (`.` or `,`, any number of digits, truncated to
 * ms), an optional zone (`Z`, `UTC`, `±HH`, `±HHMM`, `±HH:MM`; none means UTC), or a date
 * alone (midnight UTC). Throws `BAD_RECORD` otherwise.
 */
export function parseTimestamp(text: string): number {
  const ms = tryParseTimestamp(text);
  if (Number.isNaN(ms)) throw badTimestamp(text);
  return ms;
}

/** Like {@link parseTimestamp} but returns NaN on malformed text. */
export function tryParseTimestamp(text: string): number {
  const [start, end] = trimmedBounds(text);
  const cur = new Cursor(text, start, end);
  const year = cur.digits(4);
  if (year < 0 || !cur.eat(DASH)) return NaN;
  const month = cur.digits(2);
  if (month < 0 || !cur.eat(DASH)) return NaN;
  const day = cur.digits(2);
  if (day < 0) return NaN;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millisecond = 0;
  const sep = cur.peek();
  if (sep === 84 || sep === 116 || (sep === SPACE && cur.pos + 1 < end && isDigit(text.charCodeAt(cur.pos + 1)))) {
    cur.pos++;
    hour = cur.digits(2);
    if (hour < 0 || !cur.eat(COLON)) return NaN;
    minute = cur.digits(2);
    if (minute < 0) return NaN;
    if (cur.eat(COLON)) {
      second = cur.digits(2);
      if (second < 0) return NaN;
      if (cur.eat(DOT) || cur.eat(COMMA)) {
        let scale = 100;
        let digits = 0;
        while (isDigit(cur.peek())) {
          millisecond += (cur.peek() - 48) * scale;
          scale /= 10;
          digits++;
          cur.pos++;
        }
        if (digits === 0) return NaN;
        millisecond = Math.floor(millisecond);
      }
    }
  }
  if (!isValidDateTime(year, month, day, hour, minute, second)) return NaN;
  const offset = readZone(cur);
  if (Number.isNaN(offset) || cur.pos !== end) return NaN;
  return epochMillis(year, month, day, hour, minute, second, millisecond) - offset;
}

/** Whether a character code is an ASCII digit. */
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Zero-pads a non-negative integer to `width` digits. */
export function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

/** Prints a year as ISO-8601 does: 4 digits within 0..9999, else a sign and 6 digits. */
function formatYear(year: number): string {
  if (year >= 0 && year <= 9999) return pad(year, 4);
  return (year < 0 ? '-' : '+') + pad(Math.abs(year), 6);
}

/**
 * Formats epoch ms as ISO-8601 UTC with milliseconds: `2024-01-01T00:01:00.000Z`
 * (fractional ms are floored).
 */
export function formatTimestamp(ms: number): string {
  const t = Math.floor(ms);
  const days = Math.floor(t / MS_PER_DAY);
  let rest = t - days * MS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  const hour = Math.floor(rest / MS_PER_HOUR);
  rest -= hour * MS_PER_HOUR;
  const minute = Math.floor(rest / MS_PER_MINUTE);
  rest -= minute * MS_PER_MINUTE;
  const second = Math.floor(rest / MS_PER_SECOND);
  const milli = rest - second * MS_PER_SECOND;
  return `${formatYear(year)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(milli, 3)}Z`;
}

/** Parses `YYYY-MM-DD` as days since 1970-01-01; throws `BAD_RECORD` otherwise. */
export function parseDate(text: string): number {
  const [start, end] = trimmedBounds(text);
  const cur = new Cursor(text, start, end);
  const year = cur.digits(4);
  const okYear = year >= 0 && cur.eat(DASH);
  const month = okYear ? cur.digits(2) : -1;
  const day = month >= 0 && cur.eat(DASH) ? cur.digits(2) : -1;
  if (day < 0 || cur.pos !== end || !isValidDateTime(year, month, day, 0, 0, 0)) {
    throw new FerrisError('BAD_RECORD', `invalid DATE text '${text}': expected YYYY-MM-DD`);
  }
  return daysFromCivil(year, month, day);
}

/** Formats days since 1970-01-01 as `YYYY-MM-DD`. */
export function formatDate(days: number): string {
  const { year, month, day } = civilFromDays(Math.floor(days));
  return `${formatYear(year)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The day number (days since epoch) containing the instant `ms`. */
export function dayOfTimestamp(ms: number): number {
  return Math.floor(ms / MS_PER_DAY);
}

/** Duration units accepted in text, in ms (months and years have no fixed length). */
const DURATION_UNITS: ReadonlyMap<string, number> = new Map([
  ['ms', 1],
  ['millis', 1],
  ['millisecond', 1],
  ['milliseconds', 1],
  ['s', MS_PER_SECOND],
  ['sec', MS_PER_SECOND],
  ['secs', MS_PER_SECOND],
  ['second', MS_PER_SECOND],
  ['seconds', MS_PER_SECOND],
  ['m', MS_PER_MINUTE],
  ['min', MS_PER_MINUTE],
  ['mins', MS_PER_MINUTE],
  ['minute', MS_PER_MINUTE],
  ['minutes', MS_PER_MINUTE],
  ['h', MS_PER_HOUR],
  ['hour', MS_PER_HOUR],
  ['hours', MS_PER_HOUR],
  ['d', MS_PER_DAY],
  ['day', MS_PER_DAY],
  ['days', MS_PER_DAY],
  ['w', 7 * MS_PER_DAY],
  ['week', 7 * MS_PER_DAY],
  ['weeks', 7 * MS_PER_DAY],
]);

/** The length in ms of one duration unit (case-insensitive, e.g. `SECOND`, `minutes`, `ms`). */
export function durationUnitMillis(unit: string): number {
  const ms = DURATION_UNITS.get(unit.toLowerCase());
  if (ms === undefined) {
    throw new FerrisError(
      'BAD_RECORD',
      `unknown duration unit '${unit}': expected one of ${[...DURATION_UNITS.keys()].join(', ')}`,
    );
  }
  return ms;
}

/**
 * Parses a duration as ms: a number and a unit, with or without a space
 * (`'5 seconds'`, `'500ms'`, `'1.5 h'`, `'2 MINUTES'`); throws `BAD_RECORD` otherwise.
 */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*$/.exec(text);
  if (match === null) {
    throw new FerrisError('BAD_RECORD', `invalid duration '${text}': expected a number and a unit, e.g. '5 seconds'`);
  }
  return Math.round(Number(match[1]) * durationUnitMillis(match[2]!));
}
