import {
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  MS_PER_SECOND,
  civilFromDays,
  dateTimeParts,
  daysFromCivil,
  daysInMonth,
  isoDayOfWeek,
  isoWeek,
} from './calendar.js';
import { Decimal } from './decimal.js';
import { FerrisError } from './errors.js';

/*
 * EXTRACT, DATE_TRUNC and month arithmetic on epoch ms, in UTC.
 */

/** The parts `EXTRACT(part FROM ts)` accepts. */
export const TIME_PARTS = [
  'YEAR',
  'QUARTER',
  'MONTH',
  'WEEK',
  'DAY',
  'DOW',
  'DOY',
  'HOUR',
  'MINUTE',
  'SECOND',
  'MILLISECOND',
  'MICROSECOND',
  'NANOSECOND',
  'EPOCH',
] as const;

/** A part of a timestamp for EXTRACT. */
export type TimePart = (typeof TIME_PARTS)[number];

/** The parts EXTRACT gives as a whole number (all but EPOCH, which has a fraction: {@link epochSeconds}). */
export type WholeTimePart = Exclude<TimePart, 'EPOCH'>;

/** The digits after the point of {@link epochSeconds}: timestamps hold milliseconds. */
export const EPOCH_SCALE = 3;

/** The units `DATE_TRUNC(unit, ts)` accepts. */
export const TRUNC_UNITS = ['YEAR', 'QUARTER', 'MONTH', 'WEEK', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'MILLISECOND'] as const;

/** A unit for DATE_TRUNC. */
export type TruncUnit = (typeof TRUNC_UNITS)[number];

/** Reads a name case-insensitively (a trailing S allowed: `days`) as one of `accepted`, or throws listing them. */
function parseName<T extends string>(name: string, accepted: readonly T[], what: string): T {
  const upper = name.trim().toUpperCase();
  const found = accepted.find((a) => a === upper || `${a}S` === upper);
  if (found === undefined) {
    throw new FerrisError('EVALUATION', `unknown ${what} '${name}': expected one of ${accepted.join(', ')}`);
  }
  return found;
}

/** Reads an EXTRACT part name (case-insensitive, plural allowed); throws listing the accepted parts. */
export function parseTimePart(name: string): TimePart {
  return parseName(name, TIME_PARTS, 'EXTRACT part');
}

/** Reads a DATE_TRUNC unit name (case-insensitive, plural allowed); throws listing the accepted units. */
export function parseTruncUnit(name: string): TruncUnit {
  return parseName(name, TRUNC_UNITS, 'DATE_TRUNC unit');
}

/**
 * `EXTRACT(part FROM ts)` in UTC, as PostgreSQL and DuckDB give it. YEAR, QUARTER (1-4),
 * MONTH (1-12), WEEK (ISO 8601, 1-53), DAY (1-31), DOW (0 = Sunday … 6), DOY (1-366), HOUR,
 * MINUTE, SECOND (0-59, whole seconds, as DuckDB); MILLISECOND, MICROSECOND and NANOSECOND are
 * the seconds of the minute with their fraction, in that unit (45.123 s gives 45123, 45123000,
 * 45123000000).
 */
export function extractPart(part: WholeTimePart, ms: number): number {
  const p = dateTimeParts(ms);
  switch (part) {
    case 'YEAR':
      return p.year;
    case 'QUARTER':
      return Math.floor((p.month - 1) / 3) + 1;
    case 'MONTH':
      return p.month;
    case 'WEEK':
      return isoWeek(p.days).week;
    case 'DAY':
      return p.day;
    case 'DOW':
      return isoDayOfWeek(p.days) % 7;
    case 'DOY':
      return p.days - daysFromCivil(p.year, 1, 1) + 1;
    case 'HOUR':
      return p.hour;
    case 'MINUTE':
      return p.minute;
    case 'SECOND':
      return p.second;
    case 'MILLISECOND':
      return p.second * MS_PER_SECOND + p.millisecond;
    case 'MICROSECOND':
      return (p.second * MS_PER_SECOND + p.millisecond) * 1000;
    case 'NANOSECOND':
      return (p.second * MS_PER_SECOND + p.millisecond) * 1_000_000;
  }
}

/**
 * `EXTRACT(EPOCH FROM ts)`: the seconds since 1970-01-01T00:00:00Z with their milliseconds, as an
 * exact decimal (like PostgreSQL's numeric; negative before 1970).
 */
export function epochSeconds(ms: number): Decimal {
  return Decimal.fromUnscaled(Math.floor(ms), EPOCH_SCALE);
}

/** Floors `ms` to a multiple of `unit` ms. */
function floorTo(ms: number, unit: number): number {
  return Math.floor(ms / unit) * unit;
}

/**
 * `DATE_TRUNC(unit, ts)` in UTC: the start of the year, quarter, month, ISO week (Monday),
 * day, hour, minute, second or millisecond containing `ms`.
 */
export function truncateTimestamp(unit: TruncUnit, ms: number): number {
  switch (unit) {
    case 'MILLISECOND':
      return Math.floor(ms);
    case 'SECOND':
      return floorTo(ms, MS_PER_SECOND);
    case 'MINUTE':
      return floorTo(ms, MS_PER_MINUTE);
    case 'HOUR':
      return floorTo(ms, MS_PER_HOUR);
    case 'DAY':
      return floorTo(ms, MS_PER_DAY);
    case 'WEEK': {
      const days = Math.floor(ms / MS_PER_DAY);
      return (days - isoDayOfWeek(days) + 1) * MS_PER_DAY;
    }
    default: {
      const { year, month } = civilFromDays(Math.floor(ms / MS_PER_DAY));
      const firstMonth = unit === 'YEAR' ? 1 : unit === 'QUARTER' ? month - ((month - 1) % 3) : month;
      return daysFromCivil(year, firstMonth, 1) * MS_PER_DAY;
    }
  }
}

/**
 * Adds calendar months to epoch ms, keeping the time of day and clamping the day to the end
 * of the target month (2024-01-31 + 1 month = 2024-02-29), like PostgreSQL.
 */
export function addMonths(ms: number, months: number): number {
  if (!Number.isInteger(months)) throw new FerrisError('EVALUATION', `a number of months must be an integer, got ${months}`);
  const days = Math.floor(ms / MS_PER_DAY);
  const timeOfDay = ms - days * MS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return daysFromCivil(targetYear, targetMonth, targetDay) * MS_PER_DAY + timeOfDay;
}

/** Whole calendar months from `fromMs` to `toMs` (negative when `toMs` is earlier), as PostgreSQL's AGE counts them. */
export function monthsBetween(fromMs: number, toMs: number): number {
  const a = dateTimeParts(fromMs);
  const b = dateTimeParts(toMs);
  let months = (b.year - a.year) * 12 + (b.month - a.month);
  // Position within the month: day and time of day, compared to see if a month is complete.
  const aRest = a.day * MS_PER_DAY + (fromMs - a.days * MS_PER_DAY);
  const bRest = b.day * MS_PER_DAY + (toMs - b.days * MS_PER_DAY);
  if (months > 0 && bRest < aRest) months--;
  else if (months < 0 && bRest > aRest) months++;
  return months;
}
