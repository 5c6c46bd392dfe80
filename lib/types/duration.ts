import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND } from './calendar.js';
import { FerrisError } from './errors.js';

/*
 * Durations (INTERVAL values) are milliseconds; months and years have no fixed length and
 * are not durations.
 */

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
