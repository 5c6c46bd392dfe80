import {
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  civilFromDays,
  daysFromCivil,
  epochMillis,
  isValidDateTime,
  formatYear,
  pad,
} from './calendar.js';
import { FerrisError } from './errors.js';

/*
 * ISO-8601 text of timestamps (epoch ms, UTC) and dates (days since 1970-01-01), parsed and
 * printed by hand: nothing here reads the process time zone.
 */

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

/** The day number whose date text {@link cachedDatePrefix} holds (NaN: none yet). */
let cachedDay = NaN;
let cachedDatePrefix = '';

/** Two-digit zero padding of 0-99. */
function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/**
 * Formats epoch ms as ISO-8601 UTC with milliseconds: `2024-01-01T00:01:00.000Z`
 * (fractional ms are floored).
 */
export function formatTimestamp(ms: number): string {
  const t = Math.floor(ms);
  const days = Math.floor(t / MS_PER_DAY);
  if (days !== cachedDay) {
    // Consecutive timestamps of a stream mostly share their day: print the date part once.
    cachedDay = days;
    cachedDatePrefix = `${formatDate(days)}T`;
  }
  let rest = t - days * MS_PER_DAY;
  const hour = Math.floor(rest / MS_PER_HOUR);
  rest -= hour * MS_PER_HOUR;
  const minute = Math.floor(rest / MS_PER_MINUTE);
  rest -= minute * MS_PER_MINUTE;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  return `${cachedDatePrefix}${pad2(hour)}:${pad2(minute)}:${pad2(second)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
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
