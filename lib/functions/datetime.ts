import { castValue } from '../types/cast.js';
import { Decimal, isDecimal } from '../types/decimal.js';
import { FerrisError } from '../types/errors.js';
import { DATE, INTEGER, STRING, TIMESTAMP, type SqlType } from '../types/sqlType.js';
import {
  addMonths,
  formatWithPattern,
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  MS_PER_SECOND,
  monthsBetween,
  parseTimestamp,
  parseWithPattern,
  truncateTimestamp,
  type TimePart,
  type TruncUnit,
} from '../types/time.js';
import type { Value } from '../types/value.js';
import { expectArgument } from './argumentTypes.js';
import { bound, defineFunction } from './define.js';
import { anyNull, integerOf, textOf } from './runtimeValues.js';
import { bindTimePart } from './extract.js';
import { constantUnit, epochMillisReader } from './temporalValues.js';
import type { BoundFunction, ScalarFunction } from './types.js';

/*
 * Date and time functions, all in UTC (EXTRACT and the YEAR(ts)-style functions: extract.ts). TIMESTAMP arguments are epoch ms, DATE arguments days
 * since 1970-01-01 (read as midnight UTC where a timestamp is needed). Units (DATEDIFF,
 * DATE_ADD, DATE_TRUNC) are constant strings: YEAR, QUARTER, MONTH, WEEK, DAY, HOUR, MINUTE,
 * SECOND, MILLISECOND, case-insensitive, plural allowed.
 */

const TEMPORAL: readonly ('TIMESTAMP' | 'DATE')[] = ['TIMESTAMP', 'DATE'];

/** Fixed unit lengths in ms (calendar units are handled by month arithmetic). */
const UNIT_MS: Readonly<Partial<Record<TruncUnit, number>>> = {
  MILLISECOND: 1,
  SECOND: MS_PER_SECOND,
  MINUTE: MS_PER_MINUTE,
  HOUR: MS_PER_HOUR,
  DAY: MS_PER_DAY,
  WEEK: 7 * MS_PER_DAY,
};

/** Months in a calendar unit. */
const UNIT_MONTHS: Readonly<Partial<Record<TruncUnit, number>>> = { MONTH: 1, QUARTER: 3, YEAR: 12 };

const NOW = defineFunction({
  name: 'NOW',
  aliases: ['CURRENT_TIMESTAMP', 'LOCALTIMESTAMP'],
  category: 'datetime',
  signature: 'NOW()',
  description: 'The current time of the processing machine as a TIMESTAMP (read on every call).',
  minArgs: 0,
  maxArgs: 0,
  deterministic: false,
  bind: () => bound(TIMESTAMP, () => Date.now()),
});

const CURRENT_DATE = defineFunction({
  name: 'CURRENT_DATE',
  category: 'datetime',
  signature: 'CURRENT_DATE()',
  description: 'The current UTC date of the processing machine.',
  minArgs: 0,
  maxArgs: 0,
  deterministic: false,
  bind: () => bound(DATE, () => Math.floor(Date.now() / MS_PER_DAY)),
});

const RECORD_TIMESTAMP = defineFunction({
  name: 'TIMESTAMP',
  category: 'datetime',
  signature: 'TIMESTAMP()',
  description: "The record's timestamp (the _timestamp system column, e.g. the Kafka message time).",
  minArgs: 0,
  maxArgs: 0,
  implicitArgs: ['_timestamp'],
  bind: () => bound(TIMESTAMP, (args) => args[0]),
});

/** Checks a constant format pattern at plan time: an unknown specifier is a SQL_TYPE error. */
function checkPattern(fn: string, pattern: string): void {
  try {
    formatWithPattern(0, pattern);
  } catch (e) {
    throw new FerrisError('SQL_TYPE', `${fn}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

const DATE_FORMAT = defineFunction({
  name: 'DATE_FORMAT',
  category: 'datetime',
  signature: 'DATE_FORMAT(ts, pattern)',
  description: "The timestamp (or date) formatted with a pattern in UTC: strftime-style when it holds '%' (%Y-%m-%d), else Java-style (yyyy-MM-dd HH:mm:ss.SSS).",
  minArgs: 2,
  maxArgs: 2,
  bind(argTypes, constants) {
    const ms = epochMillisReader(expectArgument('DATE_FORMAT', argTypes, 0, TEMPORAL));
    expectArgument('DATE_FORMAT', argTypes, 1, ['STRING']);
    const pattern = constants[1];
    if (typeof pattern === 'string') checkPattern('DATE_FORMAT', pattern);
    return bound(STRING, (args) => (anyNull(args, 2) ? null : formatWithPattern(ms(args[0]), textOf(args[1]))));
  },
});

/** Whole `unit`s from `from` to `to` (ms), truncated toward zero. */
function unitsBetween(unit: TruncUnit, from: number, to: number): number {
  const fixed = UNIT_MS[unit];
  if (fixed !== undefined) return Math.trunc((to - from) / fixed) + 0;
  return Math.trunc(monthsBetween(from, to) / UNIT_MONTHS[unit]!) + 0;
}

const DATEDIFF = defineFunction({
  name: 'DATEDIFF',
  aliases: ['DATE_DIFF', 'TIMESTAMPDIFF'],
  category: 'datetime',
  signature: "DATEDIFF('unit', start, end)",
  description: 'The number of whole units from start to end (negative when end is earlier); months count calendar months.',
  minArgs: 3,
  maxArgs: 3,
  bind(argTypes, constants) {
    const unit = constantUnit('DATEDIFF', 1, constants[0]);
    const start = epochMillisReader(expectArgument('DATEDIFF', argTypes, 1, TEMPORAL));
    const end = epochMillisReader(expectArgument('DATEDIFF', argTypes, 2, TEMPORAL));
    return bound(INTEGER, (args) => (anyNull(args, 3) ? null : unitsBetween(unit, start(args[1]), end(args[2]))));
  },
});

/** `ms` plus `n` units (calendar months keep the day, clamped to the month's end). */
function addUnits(unit: TruncUnit, n: number, ms: number): number {
  const fixed = UNIT_MS[unit];
  return fixed !== undefined ? ms + n * fixed : addMonths(ms, n * UNIT_MONTHS[unit]!);
}

const DATE_ADD = defineFunction({
  name: 'DATE_ADD',
  aliases: ['DATEADD', 'TIMESTAMPADD'],
  category: 'datetime',
  signature: "DATE_ADD('unit', n, ts)",
  description: 'ts plus n units; a DATE stays a DATE for units of a day or more, otherwise the result is a TIMESTAMP.',
  minArgs: 3,
  maxArgs: 3,
  bind(argTypes, constants) {
    const unit = constantUnit('DATE_ADD', 1, constants[0]);
    expectArgument('DATE_ADD', argTypes, 1, ['INTEGER']);
    const type = expectArgument('DATE_ADD', argTypes, 2, TEMPORAL);
    const ms = epochMillisReader(type);
    const staysDate = type.kind === 'DATE' && (UNIT_MS[unit] ?? MS_PER_DAY) % MS_PER_DAY === 0;
    return bound(staysDate ? DATE : TIMESTAMP, (args) => {
      if (anyNull(args, 3)) return null;
      const result = addUnits(unit, integerOf(args[1], 'DATE_ADD', 2), ms(args[2]));
      return staysDate ? Math.floor(result / MS_PER_DAY) : result;
    });
  },
});

const DATE_TRUNC = defineFunction({
  name: 'DATE_TRUNC',
  category: 'datetime',
  signature: "DATE_TRUNC('unit', ts)",
  description: 'The start of the unit (year, quarter, month, ISO week, day, ...) containing ts, of the same type as ts.',
  minArgs: 2,
  maxArgs: 2,
  bind(argTypes, constants) {
    const unit = constantUnit('DATE_TRUNC', 1, constants[0]);
    const type = expectArgument('DATE_TRUNC', argTypes, 1, TEMPORAL);
    const ms = epochMillisReader(type);
    if (type.kind === 'DATE') {
      return bound(DATE, (args) => (args[1] === null ? null : Math.floor(truncateTimestamp(unit, ms(args[1])) / MS_PER_DAY)));
    }
    return bound(TIMESTAMP, (args) => (args[1] === null ? null : truncateTimestamp(unit, ms(args[1]))));
  },
});

function partFunction(part: TimePart, description: string): ScalarFunction {
  return defineFunction({
    name: part,
    category: 'datetime',
    signature: `${part}(ts)`,
    description,
    minArgs: 1,
    maxArgs: 1,
    bind: (argTypes) => bindTimePart(part, part, argTypes, 0),
  });
}

/** Epoch seconds (INTEGER, DOUBLE or DECIMAL) as epoch ms, rounding to whole ms. */
function secondsToMillis(v: Value, fn: string): number {
  if (typeof v === 'number') return Math.round(v * MS_PER_SECOND);
  if (typeof v === 'bigint') return Number(v) * MS_PER_SECOND;
  if (isDecimal(v)) return v.mul(Decimal.fromInteger(MS_PER_SECOND)).round(0).toNumber();
  throw new FerrisError('EVALUATION', `${fn}: expected epoch seconds, got ${textOf(v)}`);
}

const FROM_UNIXTIME = defineFunction({
  name: 'FROM_UNIXTIME',
  category: 'datetime',
  signature: 'FROM_UNIXTIME(epoch_seconds)',
  description: 'The TIMESTAMP of a number of seconds since 1970-01-01 UTC (fractions kept to the ms).',
  minArgs: 1,
  maxArgs: 1,
  bind(argTypes) {
    expectArgument('FROM_UNIXTIME', argTypes, 0, ['INTEGER', 'DOUBLE', 'DECIMAL']);
    return bound(TIMESTAMP, (args) => (args[0] === null ? null : secondsToMillis(args[0], 'FROM_UNIXTIME')));
  },
});

const UNIX_TIMESTAMP = defineFunction({
  name: 'UNIX_TIMESTAMP',
  category: 'datetime',
  signature: 'UNIX_TIMESTAMP([ts])',
  description: 'Whole seconds since 1970-01-01 UTC of ts (floored), or of the current time without an argument.',
  minArgs: 0,
  maxArgs: 1,
  deterministic: false,
  bind(argTypes) {
    if (argTypes.length === 0) return bound(INTEGER, () => Math.floor(Date.now() / MS_PER_SECOND));
    const ms = epochMillisReader(expectArgument('UNIX_TIMESTAMP', argTypes, 0, TEMPORAL));
    return bound(INTEGER, (args) => (args[0] === null ? null : Math.floor(ms(args[0]) / MS_PER_SECOND)));
  },
});

/** Parses timestamp text with an optional pattern. */
function parseText(text: string, pattern: string | undefined): number {
  return pattern === undefined ? parseTimestamp(text) : parseWithPattern(text, pattern);
}

/** Binds TO_TIMESTAMP / TO_DATE: text (optionally with a pattern) or epoch seconds. */
function bindConversion(fn: string, toDate: boolean, argTypes: readonly SqlType[]): BoundFunction {
  const type = expectArgument(fn, argTypes, 0, ['STRING', 'INTEGER', 'DOUBLE', 'DECIMAL']);
  const withPattern = argTypes.length === 2;
  if (withPattern) {
    expectArgument(fn, argTypes, 1, ['STRING']);
    if (type.kind !== 'STRING' && type.kind !== 'ANY' && type.kind !== 'NULL') {
      throw new FerrisError('SQL_TYPE', `${fn}: a pattern needs text as argument 1, got a number`);
    }
  }
  const count = argTypes.length;
  return bound(toDate ? DATE : TIMESTAMP, (args) => {
    if (anyNull(args, count)) return null;
    const v = args[0];
    const ms =
      typeof v === 'string' ? parseText(v, withPattern ? textOf(args[1]) : undefined) : secondsToMillis(v, fn);
    return toDate ? Math.floor(ms / MS_PER_DAY) : ms;
  });
}

const TO_TIMESTAMP = defineFunction({
  name: 'TO_TIMESTAMP',
  category: 'datetime',
  signature: 'TO_TIMESTAMP(text [, pattern]) | TO_TIMESTAMP(epoch_seconds)',
  description: 'A TIMESTAMP from ISO-8601 text, text in the given pattern, or epoch seconds.',
  minArgs: 1,
  maxArgs: 2,
  bind: (argTypes) => bindConversion('TO_TIMESTAMP', false, argTypes),
});

const TO_DATE = defineFunction({
  name: 'TO_DATE',
  category: 'datetime',
  signature: 'TO_DATE(text [, pattern])',
  description: 'A DATE from YYYY-MM-DD (or timestamp) text, text in the given pattern, or epoch seconds.',
  minArgs: 1,
  maxArgs: 2,
  bind: (argTypes) => bindConversion('TO_DATE', true, argTypes),
});

const DATE_OF = defineFunction({
  name: 'DATE',
  category: 'datetime',
  signature: 'DATE(x)',
  description: 'The UTC date of a TIMESTAMP, or a DATE read from text.',
  minArgs: 1,
  maxArgs: 1,
  bind(argTypes) {
    const type = expectArgument('DATE', argTypes, 0, ['TIMESTAMP', 'DATE', 'STRING']);
    if (type.kind === 'DATE') return bound(DATE, (args) => args[0]);
    if (type.kind === 'TIMESTAMP') {
      return bound(DATE, (args) => (args[0] === null ? null : Math.floor((args[0] as number) / MS_PER_DAY)));
    }
    return bound(DATE, (args) => castValue(args[0], type, DATE));
  },
});

/** Date and time functions (EXTRACT is syntax: see `bindExtract` in extract.ts). */
export const DATETIME_FUNCTIONS: readonly ScalarFunction[] = [
  NOW,
  CURRENT_DATE,
  RECORD_TIMESTAMP,
  DATE_FORMAT,
  DATEDIFF,
  DATE_ADD,
  DATE_TRUNC,
  FROM_UNIXTIME,
  UNIX_TIMESTAMP,
  TO_TIMESTAMP,
  TO_DATE,
  DATE_OF,
  partFunction('YEAR', 'The year of ts (UTC).'),
  partFunction('QUARTER', 'The quarter (1-4) of ts (UTC).'),
  partFunction('MONTH', 'The month (1-12) of ts (UTC).'),
  partFunction('DAY', 'The day of the month (1-31) of ts (UTC).'),
  partFunction('HOUR', 'The hour (0-23) of ts (UTC).'),
  partFunction('MINUTE', 'The minute (0-59) of ts.'),
  partFunction('SECOND', 'The whole seconds (0-59) of ts.'),
];
