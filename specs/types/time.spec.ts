import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FerrisError } from '../../lib/types/errors.js';
import {
  addMonths,
  civilFromDays,
  daysFromCivil,
  epochSeconds,
  extractPart,
  formatDate,
  formatTimestamp,
  formatWithPattern,
  isoWeek,
  monthsBetween,
  parseDate,
  parseDuration,
  parseTimePart,
  parseTimestamp,
  parseTruncUnit,
  parseWithPattern,
  truncateTimestamp,
  tryParseTimestamp,
} from '../../lib/types/time.js';

/** 2024-03-05T14:07:09.123Z, a Tuesday. */
const T = Date.UTC(2024, 2, 5, 14, 7, 9, 123);

/** Asserts that `fn` throws a FerrisError with the code and a message containing `part`. */
function expectError(fn: () => unknown, code: string, part: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FerrisError);
    expect((e as FerrisError).code).toBe(code);
    expect((e as FerrisError).message).toContain(part);
    return;
  }
  throw new Error(`expected a FerrisError ${code}`);
}

const originalTimeZone = process.env.TZ;

beforeAll(() => {
  // Everything must stay UTC whatever the process time zone.
  process.env.TZ = 'America/New_York';
  expect(new Date(0).getHours()).not.toBe(0);
});

afterAll(() => {
  if (originalTimeZone === undefined) delete process.env.TZ;
  else process.env.TZ = originalTimeZone;
});

describe('calendar', () => {
  it('converts days and dates both ways, including before 1970 and leap days', () => {
    for (const days of [-719468, -1, 0, 59, 365, 11016, 19723, 2932896]) {
      const { year, month, day } = civilFromDays(days);
      expect(daysFromCivil(year, month, day)).toBe(days);
      const reference = new Date(0);
      reference.setUTCFullYear(year, month - 1, day);
      expect(reference.getTime() / 86_400_000).toBe(days);
    }
    expect(civilFromDays(daysFromCivil(2024, 2, 29))).toEqual({ year: 2024, month: 2, day: 29 });
  });
});

describe('ISO-8601 text', () => {
  it.each([
    ['2024-01-01T00:01:00.000Z', Date.UTC(2024, 0, 1, 0, 1)],
    ['2024-01-01T00:01:00Z', Date.UTC(2024, 0, 1, 0, 1)],
    ['2024-01-01 00:01:00', Date.UTC(2024, 0, 1, 0, 1)],
    ['2024-01-01 00:01', Date.UTC(2024, 0, 1, 0, 1)],
    ['2024-01-01', Date.UTC(2024, 0, 1)],
    ['2024-01-01T00:01:00.123456789', Date.UTC(2024, 0, 1, 0, 1, 0, 123)],
    ['2024-01-01T00:01:00,5', Date.UTC(2024, 0, 1, 0, 1, 0, 500)],
    ['2024-01-01T01:01:00+01:00', Date.UTC(2024, 0, 1, 0, 1)],
    ['2024-01-01T01:01:00+0100', Date.UTC(2024, 0, 1, 0, 1)],
    ['2023-12-31T23:01:00-01', Date.UTC(2024, 0, 1, 0, 1)],
    ['2024-01-01 00:01:00 UTC', Date.UTC(2024, 0, 1, 0, 1)],
    ['  2024-02-29t12:00:00z ', Date.UTC(2024, 1, 29, 12)],
    ['1969-12-31T23:59:59.999Z', -1],
  ])('parses %s', (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
  });

  it.each(['', '2024', '2024-1-01', '2024-02-30', '2024-01-01T25:00:00', '2024-01-01T00:60', '2024-01-01T00:00:00.', '2024-01-01X', '2024-01-01T00:00:00+25:00', 'yesterday'])(
    'rejects %j',
    (text) => {
      expect(Number.isNaN(tryParseTimestamp(text))).toBe(true);
      expectError(() => parseTimestamp(text), 'BAD_RECORD', 'TIMESTAMP');
    },
  );

  it('formats in UTC with milliseconds', () => {
    expect(formatTimestamp(Date.UTC(2024, 0, 1, 0, 1))).toBe('2024-01-01T00:01:00.000Z');
    expect(formatTimestamp(-1)).toBe('1969-12-31T23:59:59.999Z');
    expect(formatTimestamp(T + 0.9)).toBe('2024-03-05T14:07:09.123Z');
    for (const ms of [0, T, T + 86_399_999, T + 86_400_000, T, -62135596800000, 253402300799999, 8.64e15, -8.64e15]) {
      expect(formatTimestamp(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('parses and formats dates', () => {
    expect(parseDate('1970-01-01')).toBe(0);
    expect(parseDate('2024-01-01')).toBe(19723);
    expect(formatDate(19723)).toBe('2024-01-01');
    expect(formatDate(-1)).toBe('1969-12-31');
    expectError(() => parseDate('2023-02-29'), 'BAD_RECORD', 'YYYY-MM-DD');
    expectError(() => parseDate('2024-01-01T00:00'), 'BAD_RECORD', 'DATE');
  });
});

describe('durations', () => {
  it('parses a number and a unit', () => {
    expect(parseDuration('5 seconds')).toBe(5000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1.5 h')).toBe(5_400_000);
    expect(parseDuration('2 MINUTES')).toBe(120_000);
    expect(parseDuration('1 week')).toBe(604_800_000);
    expectError(() => parseDuration('5 months'), 'BAD_RECORD', 'expected one of ms');
    expectError(() => parseDuration('soon'), 'BAD_RECORD', "'5 seconds'");
  });
});

describe('EXTRACT', () => {
  it.each([
    ['YEAR', 2024],
    ['QUARTER', 1],
    ['MONTH', 3],
    ['WEEK', 10],
    ['DAY', 5],
    ['DOW', 2],
    ['DOY', 65],
    ['HOUR', 14],
    ['MINUTE', 7],
    ['SECOND', 9],
    // The seconds of the minute with their fraction, in the unit (PostgreSQL and DuckDB): 9.123 s.
    ['MILLISECOND', 9123],
    ['MICROSECOND', 9123000],
    ['NANOSECOND', 9123000000],
  ] as const)('%s', (part, expected) => {
    expect(extractPart(part, T)).toBe(expected);
  });

  it('EPOCH is the seconds since 1970 with their milliseconds, an exact decimal', () => {
    expect(epochSeconds(T).toString()).toBe('1709647629.123');
    expect(epochSeconds(Date.UTC(1969, 11, 31, 23, 59, 59, 500)).toString()).toBe('-0.500');
  });

  it('uses ISO weeks and Sunday = 0', () => {
    expect(isoWeek(daysFromCivil(2021, 1, 3))).toEqual({ year: 2020, week: 53 });
    expect(isoWeek(daysFromCivil(2024, 12, 30))).toEqual({ year: 2025, week: 1 });
    expect(extractPart('DOW', Date.UTC(2024, 2, 3))).toBe(0);
    expect(extractPart('DOY', Date.UTC(2024, 11, 31))).toBe(366);
  });

  it('reads part names, listing the accepted ones', () => {
    expect(parseTimePart('year')).toBe('YEAR');
    expect(parseTimePart('Days')).toBe('DAY');
    expectError(() => parseTimePart('fortnight'), 'EVALUATION', 'YEAR, QUARTER');
    expectError(() => parseTruncUnit('dow'), 'EVALUATION', 'MILLISECOND');
  });
});

describe('DATE_TRUNC and month arithmetic', () => {
  it.each([
    ['YEAR', Date.UTC(2024, 0, 1)],
    ['QUARTER', Date.UTC(2024, 0, 1)],
    ['MONTH', Date.UTC(2024, 2, 1)],
    ['WEEK', Date.UTC(2024, 2, 4)],
    ['DAY', Date.UTC(2024, 2, 5)],
    ['HOUR', Date.UTC(2024, 2, 5, 14)],
    ['MINUTE', Date.UTC(2024, 2, 5, 14, 7)],
    ['SECOND', Date.UTC(2024, 2, 5, 14, 7, 9)],
    ['MILLISECOND', T],
  ] as const)('truncates to %s', (unit, expected) => {
    expect(truncateTimestamp(unit, T)).toBe(expected);
  });

  it('truncates before 1970 and quarters', () => {
    expect(truncateTimestamp('DAY', -1)).toBe(-86_400_000);
    expect(truncateTimestamp('QUARTER', Date.UTC(2024, 10, 15))).toBe(Date.UTC(2024, 9, 1));
    expect(truncateTimestamp('WEEK', Date.UTC(1970, 0, 1))).toBe(Date.UTC(1969, 11, 29));
  });

  it('adds months clamping the day', () => {
    expect(addMonths(Date.UTC(2024, 0, 31, 10), 1)).toBe(Date.UTC(2024, 1, 29, 10));
    expect(addMonths(Date.UTC(2024, 0, 31), -2)).toBe(Date.UTC(2023, 10, 30));
    expect(addMonths(Date.UTC(2024, 0, 15), 12)).toBe(Date.UTC(2025, 0, 15));
    expectError(() => addMonths(0, 1.5), 'EVALUATION', '1.5');
  });

  it('counts whole months between instants', () => {
    expect(monthsBetween(Date.UTC(2024, 0, 15), Date.UTC(2024, 2, 15))).toBe(2);
    expect(monthsBetween(Date.UTC(2024, 0, 15), Date.UTC(2024, 2, 14))).toBe(1);
    expect(monthsBetween(Date.UTC(2024, 2, 15), Date.UTC(2024, 0, 16))).toBe(-1);
  });
});

describe('patterns', () => {
  it('formats strftime patterns', () => {
    expect(formatWithPattern(T, '%Y-%m-%d %H:%M:%S')).toBe('2024-03-05 14:07:09');
    expect(formatWithPattern(T, '%Y-%m-%dT%H:%M:%S%.3f%:z')).toBe('2024-03-05T14:07:09.123+00:00');
    expect(formatWithPattern(T, '%F %T %f')).toBe('2024-03-05 14:07:09 123000000');
    expect(formatWithPattern(T, '%a %A %b %B %e %j %u %w %V %G %y %C')).toBe('Tue Tuesday Mar March  5 065 2 2 10 2024 24 20');
    expect(formatWithPattern(T, '%I:%M %p %Z %z %% %-d/%-m %6f %s')).toBe(`02:07 PM UTC +0000 % 5/3 123000 ${Math.floor(T / 1000)}`);
    expectError(() => formatWithPattern(T, '%Q'), 'EVALUATION', 'supported: %Y');
  });

  it('formats Java-style patterns', () => {
    expect(formatWithPattern(T, 'yyyy-MM-dd HH:mm:ss.SSS')).toBe('2024-03-05 14:07:09.123');
    expect(formatWithPattern(T, "yyyy-MM-dd'T'HH:mm:ssXXX")).toBe('2024-03-05T14:07:09Z');
    expect(formatWithPattern(T, 'EEE, d MMM yy h:mm a')).toBe('Tue, 5 Mar 24 2:07 PM');
    expect(formatWithPattern(T, "MMMM dd 'o''clock' yyyyTHH ''")).toBe("March 05 o'clock 2024T14 '");
    expectError(() => formatWithPattern(T, "yyyy 'open"), 'EVALUATION', 'unterminated quote');
    expectError(() => formatWithPattern(T, 'yyyy-qq'), 'EVALUATION', "letter 'q'");
  });

  it('parses strftime and Java patterns in UTC', () => {
    expect(parseWithPattern('2024-03-05 14:07:09', '%Y-%m-%d %H:%M:%S')).toBe(T - 123);
    expect(parseWithPattern('2024-03-05 14:07:09.123', '%Y-%m-%d %H:%M:%S%.f')).toBe(T);
    expect(parseWithPattern('2024-03-05 14:07:09', '%Y-%m-%d %H:%M:%S%.f')).toBe(T - 123);
    expect(parseWithPattern('20240305140709', '%Y%m%d%H%M%S')).toBe(T - 123);
    expect(parseWithPattern('05/Mar/2024:15:07:09 +0100', '%d/%b/%Y:%H:%M:%S %z')).toBe(T - 123);
    expect(parseWithPattern('2024-03-05 14:07:09.123', 'yyyy-MM-dd HH:mm:ss.SSS')).toBe(T);
    expect(parseWithPattern('2024-03-05T09:07:09-05:00', "yyyy-MM-dd'T'HH:mm:ssXXX")).toBe(T - 123);
    expect(parseWithPattern('Tuesday, March 5, 2024 2:07:09 pm', 'EEEE, MMMM d, yyyy h:mm:ss a')).toBe(T - 123);
    expect(parseWithPattern('2024-065', 'yyyy-DDD')).toBe(Date.UTC(2024, 2, 5));
    expect(parseWithPattern('12/31/99', '%m/%d/%y')).toBe(Date.UTC(1999, 11, 31));
    expect(parseWithPattern(String(Math.floor(T / 1000)), '%s')).toBe(T - 123);
  });

  it('parses named formats', () => {
    expect(parseWithPattern('2024-03-05T14:07:09.123Z', 'iso8601')).toBe(T);
    expect(parseWithPattern(String(T), 'epoch_millis')).toBe(T);
    expect(parseWithPattern('1709647629.123', 'EPOCH_SECONDS')).toBe(T);
    expectError(() => parseWithPattern('x', 'epoch_millis'), 'BAD_RECORD', 'epoch milliseconds');
  });

  it('reports mismatches with their position', () => {
    expectError(() => parseWithPattern('2024/03/05', 'yyyy-MM-dd'), 'BAD_RECORD', 'position 5');
    expectError(() => parseWithPattern('2024-02-30', 'yyyy-MM-dd'), 'BAD_RECORD', 'not a valid date');
    expectError(() => parseWithPattern('2024-03-05x', 'yyyy-MM-dd'), 'BAD_RECORD', 'end of the text');
    expectError(() => parseWithPattern('2024-03-05 Europe/Paris', 'yyyy-MM-dd z'), 'NOT_SUPPORTED', 'Europe/Paris');
    expectError(() => parseWithPattern('2024-10', '%G-%V'), 'NOT_SUPPORTED', '%G');
  });
});
