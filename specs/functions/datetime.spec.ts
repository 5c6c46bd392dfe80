import { describe, expect, it } from 'vitest';
import { bindExtract } from '../../lib/functions/extract.js';
import { lookupFunction } from '../../lib/functions/registry.js';
import { Decimal } from '../../lib/types/decimal.js';
import { DATE, decimalType, DOUBLE, INTEGER, STRING, TIMESTAMP } from '../../lib/types/sqlType.js';
import { callTyped, errorCode } from './callFunction.js';

const ts = Date.UTC(2024, 1, 29, 13, 45, 30, 250); // 2024-02-29T13:45:30.250Z, a Thursday
const day = Math.floor(ts / 86_400_000);

describe('current time', () => {
  it('NOW, CURRENT_TIMESTAMP and CURRENT_DATE read the clock and are not deterministic', () => {
    const before = Date.now();
    const now = lookupFunction('CURRENT_TIMESTAMP')!;
    expect(now.name).toBe('NOW');
    expect(now.deterministic).toBe(false);
    const value = now.bind([], []).call([]) as number;
    expect(value).toBeGreaterThanOrEqual(before);
    expect(value).toBeLessThanOrEqual(Date.now());
    expect(lookupFunction('CURRENT_DATE')!.bind([], []).call([])).toBe(Math.floor(Date.now() / 86_400_000));
  });

  it("TIMESTAMP() returns the record's _timestamp", () => {
    const fn = lookupFunction('TIMESTAMP')!;
    expect(fn.implicitArgs).toEqual(['_timestamp']);
    expect(fn.bind([], []).call([ts])).toBe(ts);
  });
});

describe('parts', () => {
  it('YEAR, QUARTER, MONTH, DAY, HOUR, MINUTE, SECOND of timestamps and dates', () => {
    expect(callTyped('YEAR', [TIMESTAMP], ts)).toBe(2024);
    expect(callTyped('QUARTER', [TIMESTAMP], ts)).toBe(1);
    expect(callTyped('MONTH', [TIMESTAMP], ts)).toBe(2);
    expect(callTyped('DAY', [DATE], day)).toBe(29);
    expect(callTyped('HOUR', [TIMESTAMP], ts)).toBe(13);
    expect(callTyped('MINUTE', [TIMESTAMP], ts)).toBe(45);
    expect(callTyped('SECOND', [TIMESTAMP], ts)).toBe(30);
    expect(callTyped('YEAR', [TIMESTAMP], null)).toBeNull();
    expect(errorCode(() => callTyped('YEAR', [STRING], '2024'))).toBe('SQL_TYPE');
  });

  it('bindExtract binds EXTRACT(part FROM x) at plan time', () => {
    expect(bindExtract('dow', TIMESTAMP).call([ts])).toBe(4);
    expect(bindExtract('DOY', TIMESTAMP).call([ts])).toBe(60);
    expect(String(bindExtract('EPOCH', TIMESTAMP).call([ts]))).toBe('1709214330.250');
    expect(bindExtract('EPOCH', TIMESTAMP).returnType).toEqual(decimalType(18, 3));
    expect(bindExtract('millisecond', TIMESTAMP).call([ts])).toBe(30_250);
    expect(bindExtract('YEAR', DATE).call([day])).toBe(2024);
    expect(bindExtract('YEAR', TIMESTAMP).returnType).toEqual(INTEGER);
    expect(bindExtract('YEAR', TIMESTAMP).call([null])).toBeNull();
    expect(() => bindExtract('fortnight', TIMESTAMP)).toThrow(/EXTRACT: unknown EXTRACT part 'fortnight': expected one of YEAR/);
    expect(errorCode(() => bindExtract('fortnight', TIMESTAMP))).toBe('SQL_TYPE');
    expect(errorCode(() => bindExtract('YEAR', STRING))).toBe('SQL_TYPE');
  });
});

describe('arithmetic on dates', () => {
  it('DATEDIFF counts whole units from start to end', () => {
    const start = Date.UTC(2024, 0, 31);
    expect(callTyped('DATEDIFF', [STRING, TIMESTAMP, TIMESTAMP], 'day', start, ts)).toBe(29);
    expect(callTyped('DATEDIFF', [STRING, TIMESTAMP, TIMESTAMP], 'HOURS', ts, start)).toBe(-709);
    expect(callTyped('DATEDIFF', [STRING, TIMESTAMP, TIMESTAMP], 'month', start, ts)).toBe(0);
    expect(callTyped('DATEDIFF', [STRING, TIMESTAMP, TIMESTAMP], 'month', start, Date.UTC(2024, 2, 31))).toBe(2);
    expect(callTyped('DATEDIFF', [STRING, DATE, DATE], 'year', 0, day)).toBe(54);
    expect(callTyped('DATEDIFF', [STRING, TIMESTAMP, TIMESTAMP], 'second', ts, null)).toBeNull();
    expect(() => callTyped('DATEDIFF', [STRING, TIMESTAMP, TIMESTAMP], 'eon', 0, 0)).toThrow(/DATEDIFF: unknown DATE_TRUNC unit 'eon'/);
    const fn = lookupFunction('DATEDIFF')!;
    expect(errorCode(() => fn.bind([STRING, TIMESTAMP, TIMESTAMP], [undefined, undefined, undefined]))).toBe('SQL_TYPE');
  });

  it('DATE_ADD adds units, clamping month ends', () => {
    expect(callTyped('DATE_ADD', [STRING, INTEGER, TIMESTAMP], 'minute', 15, ts)).toBe(ts + 15 * 60_000);
    expect(callTyped('DATEADD', [STRING, INTEGER, TIMESTAMP], 'year', 1, ts)).toBe(Date.UTC(2025, 1, 28, 13, 45, 30, 250));
    expect(callTyped('DATE_ADD', [STRING, INTEGER, TIMESTAMP], 'month', -1, Date.UTC(2024, 2, 31))).toBe(Date.UTC(2024, 1, 29));
    expect(callTyped('DATE_ADD', [STRING, INTEGER, DATE], 'day', 1, day)).toBe(day + 1);
    expect(lookupFunction('DATE_ADD')!.bind([STRING, INTEGER, DATE], ['hour', undefined, undefined]).returnType).toEqual(TIMESTAMP);
    expect(callTyped('DATE_ADD', [STRING, INTEGER, TIMESTAMP], 'day', null, ts)).toBeNull();
  });

  it('DATE_TRUNC keeps the argument type', () => {
    expect(callTyped('DATE_TRUNC', [STRING, TIMESTAMP], 'hour', ts)).toBe(Date.UTC(2024, 1, 29, 13));
    expect(callTyped('DATE_TRUNC', [STRING, TIMESTAMP], 'week', ts)).toBe(Date.UTC(2024, 1, 26));
    expect(callTyped('DATE_TRUNC', [STRING, TIMESTAMP], 'quarter', ts)).toBe(Date.UTC(2024, 0, 1));
    expect(callTyped('DATE_TRUNC', [STRING, DATE], 'month', day)).toBe(Math.floor(Date.UTC(2024, 1, 1) / 86_400_000));
    expect(callTyped('DATE_TRUNC', [STRING, TIMESTAMP], 'day', null)).toBeNull();
  });
});

describe('conversions', () => {
  it('DATE_FORMAT formats in UTC with a pattern', () => {
    expect(callTyped('DATE_FORMAT', [TIMESTAMP, STRING], ts, '%Y-%m-%d %H:%M:%S')).toBe('2024-02-29 13:45:30');
    expect(callTyped('DATE_FORMAT', [DATE, STRING], day, '%Y/%m/%d')).toBe('2024/02/29');
    expect(callTyped('DATE_FORMAT', [TIMESTAMP, STRING], ts, 'yyyy-MM-dd HH:mm:ss.SSS')).toBe('2024-02-29 13:45:30.250');
    expect(callTyped('DATE_FORMAT', [TIMESTAMP, STRING], null, '%Y')).toBeNull();
    expect(errorCode(() => callTyped('DATE_FORMAT', [TIMESTAMP, STRING], ts, '%Q'))).toBe('SQL_TYPE');
  });

  it('FROM_UNIXTIME and UNIX_TIMESTAMP convert epoch seconds', () => {
    expect(callTyped('FROM_UNIXTIME', [INTEGER], 1_700_000_000)).toBe(1_700_000_000_000);
    expect(callTyped('FROM_UNIXTIME', [DOUBLE], 1.5)).toBe(1500);
    expect(callTyped('FROM_UNIXTIME', [{ kind: 'DECIMAL', precision: 14, scale: 3 }], Decimal.parse('1700000000.123'))).toBe(
      1_700_000_000_123,
    );
    expect(callTyped('UNIX_TIMESTAMP', [TIMESTAMP], ts)).toBe(Math.floor(ts / 1000));
    expect(callTyped('UNIX_TIMESTAMP', [TIMESTAMP], -1)).toBe(-1);
    const now = lookupFunction('UNIX_TIMESTAMP')!.bind([], []).call([]) as number;
    expect(Math.abs(now - Date.now() / 1000)).toBeLessThan(5);
    expect(callTyped('FROM_UNIXTIME', [INTEGER], null)).toBeNull();
  });

  it('TO_TIMESTAMP reads ISO text, patterned text or epoch seconds', () => {
    expect(callTyped('TO_TIMESTAMP', [STRING], '2024-02-29T13:45:30.250Z')).toBe(ts);
    expect(callTyped('TO_TIMESTAMP', [STRING, STRING], '29/02/2024 13:45', '%d/%m/%Y %H:%M')).toBe(Date.UTC(2024, 1, 29, 13, 45));
    expect(callTyped('TO_TIMESTAMP', [INTEGER], 60)).toBe(60_000);
    expect(callTyped('TO_TIMESTAMP', [STRING], null)).toBeNull();
    expect(errorCode(() => callTyped('TO_TIMESTAMP', [STRING], 'garbage'))).toBe('BAD_RECORD');
    expect(errorCode(() => callTyped('TO_TIMESTAMP', [INTEGER, STRING], 1, '%Y'))).toBe('SQL_TYPE');
  });

  it('TO_DATE and DATE give days since 1970-01-01', () => {
    expect(callTyped('TO_DATE', [STRING], '2024-02-29')).toBe(day);
    expect(callTyped('TO_DATE', [STRING, STRING], '29.02.2024', '%d.%m.%Y')).toBe(day);
    expect(callTyped('DATE', [TIMESTAMP], ts)).toBe(day);
    expect(callTyped('DATE', [TIMESTAMP], -1)).toBe(-1);
    expect(callTyped('DATE', [STRING], '2024-02-29')).toBe(day);
    expect(callTyped('DATE', [DATE], day)).toBe(day);
    expect(callTyped('DATE', [STRING], null)).toBeNull();
  });
});
