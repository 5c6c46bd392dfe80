import { FerrisError } from '../types/errors.js';
import type { SqlType } from '../types/sqlType.js';
import { MS_PER_DAY, parseTimestamp, parseTruncUnit, parseTimePart, type TimePart, type TruncUnit } from '../types/time.js';
import type { Value } from '../types/value.js';

/*
 * Reading TIMESTAMP and DATE arguments as epoch ms, and plan-time parsing of unit names.
 */

/** The reader of a non-null TIMESTAMP, DATE or ANY argument as epoch ms (ANY: numbers are ms, text is parsed). */
export function epochMillisReader(type: SqlType): (v: Value) => number {
  if (type.kind === 'DATE') return (v) => (v as number) * MS_PER_DAY;
  if (type.kind === 'ANY') return (v) => (typeof v === 'string' ? parseTimestamp(v) : Number(v));
  return (v) => v as number;
}

/** A constant unit argument, parsed with `parse`; a SQL_TYPE error when absent or unknown. */
function constantName<T>(fn: string, position: number, constant: Value | undefined, parse: (s: string) => T): T {
  if (typeof constant !== 'string') {
    throw new FerrisError('SQL_TYPE', `${fn}: argument ${position} (the unit) must be a constant string such as 'DAY'`);
  }
  try {
    return parse(constant);
  } catch (e) {
    throw new FerrisError('SQL_TYPE', `${fn}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/** A constant DATE_TRUNC-style unit (YEAR … MILLISECOND, plural allowed). */
export function constantUnit(fn: string, position: number, constant: Value | undefined): TruncUnit {
  return constantName(fn, position, constant, parseTruncUnit);
}

/** An EXTRACT part name parsed at plan time; a SQL_TYPE error listing the parts when unknown. */
export function planTimePart(fn: string, part: string): TimePart {
  return constantName(fn, 1, part, parseTimePart);
}
