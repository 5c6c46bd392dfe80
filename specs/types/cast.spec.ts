import { describe, expect, it } from 'vitest';
import { castValue, castable, runtimeType } from '../../lib/types/cast.js';
import { Decimal, isDecimal } from '../../lib/types/decimal.js';
import { FerrisError } from '../../lib/types/errors.js';
import type { SqlType } from '../../lib/types/sqlType.js';
import { ANY, BOOLEAN, DATE, DOUBLE, INTEGER, INTERVAL, NULL_TYPE, STRING, TIMESTAMP, arrayType, decimalType } from '../../lib/types/sqlType.js';

const d = (text: string): Decimal => Decimal.parse(text);
const DEC_10_2 = decimalType(10, 2);

/** Asserts that `fn` throws a FerrisError with the code and a message containing every part. */
function expectError(fn: () => unknown, code: string, ...parts: string[]): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FerrisError);
    expect((e as FerrisError).code).toBe(code);
    for (const part of parts) expect((e as FerrisError).message).toContain(part);
    return;
  }
  throw new Error(`expected a FerrisError ${code}`);
}

/** The text of a decimal result, failing if it is not one. */
function decimalText(v: unknown): string {
  if (!isDecimal(v)) throw new Error(`not a decimal: ${String(v)}`);
  return v.toString();
}

describe('castValue', () => {
  it('keeps NULL', () => {
    expect(castValue(null, STRING, INTEGER)).toBeNull();
  });

  it('casts anything to STRING', () => {
    expect(castValue(d('15025.6700'), decimalType(18, 4), STRING)).toBe('15025.6700');
    expect(castValue(-0.5, DOUBLE, STRING)).toBe('-0.5');
    expect(castValue(2n ** 60n, INTEGER, STRING)).toBe('1152921504606846976');
    expect(castValue(true, BOOLEAN, STRING)).toBe('true');
    expect(castValue(1704067260000, TIMESTAMP, STRING)).toBe('2024-01-01T00:01:00.000Z');
    expect(castValue(19723, DATE, STRING)).toBe('2024-01-01');
    expect(castValue([1, d('2.0')], ANY, STRING)).toBe('[1,"2.0"]');
    expect(castValue(d('-0.05'), ANY, STRING)).toBe('-0.05');
  });

  it('casts STRING to each type', () => {
    expect(castValue(' 42 ', STRING, INTEGER)).toBe(42);
    expect(decimalText(castValue('1.005', STRING, DEC_10_2))).toBe('1.01');
    expect(castValue('1e2', STRING, DOUBLE)).toBe(100);
    expect(castValue('true', STRING, BOOLEAN)).toBe(true);
    expect(castValue('2024-01-01 00:01:00', STRING, TIMESTAMP)).toBe(1704067260000);
    expect(castValue('2024-01-01T23:59:00Z', STRING, DATE)).toBe(19723);
    expect(castValue('2024-01-01', STRING, DATE)).toBe(19723);
    expect(castValue('5 minutes', STRING, INTERVAL)).toBe(300000);
    expect(castValue('[1,2]', STRING, arrayType(INTEGER))).toEqual([1, 2]);
  });

  it('reports bad strings naming value and types', () => {
    expectError(() => castValue('abc', STRING, INTEGER), 'EVALUATION', "'abc'", 'STRING', 'INTEGER');
    expectError(() => castValue('', STRING, DEC_10_2), 'EVALUATION', 'DECIMAL(10,2)', 'empty');
    expectError(() => castValue('2024-13-01', STRING, DATE), 'EVALUATION', 'DATE');
    expectError(() => castValue('[1', STRING, arrayType(INTEGER)), 'EVALUATION', 'ARRAY<INTEGER>');
    expectError(() => castValue('123456789.5', STRING, DEC_10_2), 'DECIMAL_OVERFLOW');
  });

  it('casts between numbers with HALF_UP for decimals and half-even for doubles', () => {
    expect(decimalText(castValue(42, INTEGER, DEC_10_2))).toBe('42.00');
    expect(decimalText(castValue(0.125, DOUBLE, DEC_10_2))).toBe('0.13');
    expect(decimalText(castValue(-0.125, DOUBLE, DEC_10_2))).toBe('-0.13');
    expect(decimalText(castValue(d('-0.055'), decimalType(10, 3), DEC_10_2))).toBe('-0.06');
    expect(castValue(d('2.5'), decimalType(2, 1), INTEGER)).toBe(3);
    expect(castValue(d('-2.5'), decimalType(2, 1), INTEGER)).toBe(-3);
    expect(castValue(2.5, DOUBLE, INTEGER)).toBe(2);
    expect(castValue(3.5, DOUBLE, INTEGER)).toBe(4);
    expect(castValue(-2.5, DOUBLE, INTEGER)).toBe(-2);
    expect(castValue(1e18, DOUBLE, INTEGER)).toBe(10n ** 18n);
    expect(castValue(d('0.1'), decimalType(1, 1), DOUBLE)).toBe(0.1);
    expect(castValue(2n ** 60n, INTEGER, DOUBLE)).toBe(2 ** 60);
    expectError(() => castValue(1e20, DOUBLE, INTEGER), 'EVALUATION', 'out of range for INTEGER (64-bit)');
    expectError(() => castValue(NaN, DOUBLE, INTEGER), 'EVALUATION', 'NaN');
    expectError(() => castValue(NaN, DOUBLE, DEC_10_2), 'EVALUATION', 'NaN');
    expectError(() => castValue(1e9, DOUBLE, DEC_10_2), 'DECIMAL_OVERFLOW');
  });

  it('casts booleans, timestamps, dates and intervals', () => {
    expect(castValue(true, BOOLEAN, INTEGER)).toBe(1);
    expect(castValue(0, INTEGER, BOOLEAN)).toBe(false);
    expect(castValue(d('0.01'), DEC_10_2, BOOLEAN)).toBe(true);
    expect(castValue(1704067260000, INTEGER, TIMESTAMP)).toBe(1704067260000);
    expect(castValue(1704067260000, TIMESTAMP, INTEGER)).toBe(1704067260000);
    expect(castValue(1704067260000, TIMESTAMP, DATE)).toBe(19723);
    expect(castValue(-1, TIMESTAMP, DATE)).toBe(-1);
    expect(castValue(19723, DATE, TIMESTAMP)).toBe(1704067200000);
    expect(castValue(5000, INTERVAL, INTEGER)).toBe(5000);
  });

  it('casts composites element-wise', () => {
    const out = castValue(['1.5', '2'], arrayType(STRING), arrayType(DEC_10_2)) as Decimal[];
    expect(out.map((x) => x.toString())).toEqual(['1.50', '2.00']);
    const struct: SqlType = { kind: 'STRUCT', fields: [{ name: 'a', type: INTEGER, nullable: true }, { name: 'b', type: STRING, nullable: true }] };
    const target: SqlType = { kind: 'STRUCT', fields: [{ name: 'a', type: STRING, nullable: true }, { name: 'c', type: INTEGER, nullable: true }] };
    expect(castValue({ a: 1, b: 'x' }, struct, target)).toEqual({ a: '1', c: null });
  });

  it('rejects pairs that make no sense, listing what works', () => {
    expectError(() => castValue(true, BOOLEAN, DATE), 'EVALUATION', 'BOOLEAN can be cast to', 'INTEGER');
    expectError(() => castValue(5, INTERVAL, TIMESTAMP), 'EVALUATION', 'INTERVAL');
  });

  it('uses the runtime value for ANY', () => {
    expect(castValue('42', ANY, INTEGER)).toBe(42);
    expect(decimalText(castValue(1.5, ANY, DEC_10_2))).toBe('1.50');
    expect(runtimeType(d('-0.05'))).toEqual(decimalType(2, 2));
    expect(runtimeType(2.5)).toEqual(DOUBLE);
  });
});

describe('castable', () => {
  it('answers for the planner', () => {
    expect(castable(INTEGER, DEC_10_2)).toBe(true);
    expect(castable(DATE, TIMESTAMP)).toBe(true);
    expect(castable(STRING, arrayType(INTEGER))).toBe(true);
    expect(castable(arrayType(STRING), arrayType(INTEGER))).toBe(true);
    expect(castable(arrayType(DATE), arrayType(BOOLEAN))).toBe(false);
    expect(castable(BOOLEAN, TIMESTAMP)).toBe(false);
    expect(castable(INTEGER, NULL_TYPE)).toBe(false);
    expect(castable(NULL_TYPE, INTEGER)).toBe(true);
  });
});
