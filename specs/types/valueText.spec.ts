import { describe, expect, it } from 'vitest';
import { Decimal, isDecimal } from '../../lib/types/decimal.js';
import { FerrisError } from '../../lib/types/errors.js';
import type { SqlType } from '../../lib/types/sqlType.js';
import { ANY, BOOLEAN, DATE, DOUBLE, INTEGER, INTERVAL, NULL_TYPE, STRING, TIMESTAMP, arrayType, decimalType } from '../../lib/types/sqlType.js';
import type { FormatOptions } from '../../lib/types/valueText.js';
import { DEFAULT_FORMAT, fromJson, inferFromJson, inferType, inferValue, mergeInferredTypes, parseText, toJsonValue, toText } from '../../lib/types/valueText.js';

const MAP_OF_DECIMAL: SqlType = { kind: 'MAP', key: STRING, value: decimalType(10, 2) };
const TRADE: SqlType = {
  kind: 'STRUCT',
  fields: [
    { name: 'symbol', type: STRING, nullable: false },
    { name: 'price', type: decimalType(12, 4), nullable: true },
    { name: 'ts', type: TIMESTAMP, nullable: true },
  ],
};

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

/** The text of a decimal value, failing if it is not one. */
function decimalText(v: unknown): string {
  if (!isDecimal(v)) throw new Error(`not a decimal: ${String(v)}`);
  return v.toString();
}

describe('inferValue / inferType', () => {
  it('reads integers, decimals and strings', () => {
    expect(inferValue('42')).toBe(42);
    expect(inferValue('-7')).toBe(-7);
    expect(inferValue('9007199254740993')).toBe(9007199254740993n);
    expect(decimalText(inferValue('150.2567'))).toBe('150.2567');
    expect(decimalText(inferValue('-0.05'))).toBe('-0.05');
    expect(decimalText(inferValue('123456789012345678901234'))).toBe('123456789012345678901234');
    expect(inferValue('007')).toBe('007');
    expect(inferValue('1e3')).toBe('1e3');
    expect(inferValue('true')).toBe('true');
    expect(inferValue('2024-01-01')).toBe('2024-01-01');
    expect(inferValue('1.')).toBe('1.');
    expect(inferValue('')).toBeNull();
    expect(Object.is(inferValue('-0'), 0)).toBe(true);
    expect(inferValue('9223372036854775807')).toBe(9223372036854775807n);
    expect(inferValue('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(decimalText(inferValue('9223372036854775808'))).toBe('9223372036854775808');
    expect(inferValue('1'.repeat(39))).toBe('1'.repeat(39));
    expect(inferValue('0.' + '1'.repeat(39))).toBe('0.' + '1'.repeat(39));
  });

  it('types text', () => {
    expect(inferType('42')).toEqual(INTEGER);
    expect(inferType('150.2567')).toEqual(decimalType(38, 4));
    expect(inferType('-0.05')).toEqual(decimalType(38, 2));
    expect(inferType('12345678901234567890')).toEqual(decimalType(38, 0));
    expect(inferType('1234567890123456789012345678901234567890')).toEqual(STRING);
    expect(inferType('abc')).toEqual(STRING);
    expect(inferType('')).toEqual(NULL_TYPE);
  });

  it('merges inferred types', () => {
    expect(mergeInferredTypes(INTEGER, decimalType(38, 2))).toEqual(decimalType(38, 2));
    expect(mergeInferredTypes(decimalType(38, 4), decimalType(38, 2))).toEqual(decimalType(38, 4));
    expect(mergeInferredTypes(NULL_TYPE, INTEGER)).toEqual(INTEGER);
    expect(mergeInferredTypes(INTEGER, NULL_TYPE)).toEqual(INTEGER);
    expect(mergeInferredTypes(decimalType(38, 2), STRING)).toEqual(STRING);
    expect(mergeInferredTypes(BOOLEAN, INTEGER)).toEqual(STRING);
    expect(mergeInferredTypes(DOUBLE, decimalType(38, 2))).toEqual(DOUBLE);
    expect(mergeInferredTypes(INTEGER, DOUBLE)).toEqual(DOUBLE);
    expect(mergeInferredTypes(arrayType(INTEGER), arrayType(decimalType(38, 1)))).toEqual(arrayType(decimalType(38, 1)));
    expect(mergeInferredTypes(arrayType(INTEGER), INTEGER)).toEqual(ANY);
  });
});

describe('parseText', () => {
  it('reads each scalar type', () => {
    expect(parseText('', STRING)).toBe('');
    expect(parseText('', INTEGER)).toBeNull();
    expect(parseText(' -42 ', INTEGER)).toBe(-42);
    expect(parseText('1234567890123456789', INTEGER)).toBe(1234567890123456789n);
    expect(parseText('1.5e2', DOUBLE)).toBe(150);
    expect(parseText('-Infinity', DOUBLE)).toBe(-Infinity);
    expect(parseText('YES', BOOLEAN)).toBe(true);
    expect(parseText('f', BOOLEAN)).toBe(false);
    expect(parseText('2024-01-01T00:01:00Z', TIMESTAMP)).toBe(Date.UTC(2024, 0, 1, 0, 1));
    expect(parseText('1704067260000', TIMESTAMP)).toBe(1704067260000);
    expect(parseText('1970-01-02', DATE)).toBe(1);
    expect(parseText('5 seconds', INTERVAL)).toBe(5000);
    expect(parseText('250', INTERVAL)).toBe(250);
  });

  it('brings decimals to the column scale with HALF_UP and checks precision', () => {
    expect(decimalText(parseText('150.25', decimalType(18, 4)))).toBe('150.2500');
    expect(decimalText(parseText('-0.005', decimalType(18, 2)))).toBe('-0.01');
    expectError(() => parseText('123456.78', decimalType(6, 2)), 'DECIMAL_OVERFLOW', '6 digits');
  });

  it('reads composite columns from JSON text', () => {
    expect(parseText('[1,2]', arrayType(INTEGER))).toEqual([1, 2]);
    const m = parseText('{"a":"1.5"}', MAP_OF_DECIMAL);
    expect(m).toBeInstanceOf(Map);
    expect(decimalText((m as Map<string, unknown>).get('a'))).toBe('1.50');
  });

  it('names the type in errors', () => {
    expectError(() => parseText('12x', INTEGER), 'BAD_RECORD', 'INTEGER');
    expectError(() => parseText('1.2.3', decimalType(10, 2)), 'BAD_RECORD', 'DECIMAL(10,2)');
    expectError(() => parseText('maybe', BOOLEAN), 'BAD_RECORD', 'true, t, 1');
    expectError(() => parseText('0x10', DOUBLE), 'BAD_RECORD', 'DOUBLE');
    expectError(() => parseText('yesterday', TIMESTAMP), 'BAD_RECORD', 'TIMESTAMP');
    expectError(() => parseText('[1,', arrayType(INTEGER)), 'BAD_RECORD', 'ARRAY<INTEGER>');
  });
});

describe('fromJson / inferFromJson', () => {
  it('converts JSON to typed values', () => {
    expect(decimalText(fromJson(150.25, decimalType(18, 4)))).toBe('150.2500');
    expect(decimalText(fromJson(0.1, decimalType(18, 1)))).toBe('0.1');
    expect(decimalText(fromJson('-0.05', decimalType(18, 2)))).toBe('-0.05');
    expect(fromJson('2024-01-01T00:01:00.000Z', TIMESTAMP)).toBe(1704067260000);
    expect(fromJson(1704067260000, TIMESTAMP)).toBe(1704067260000);
    expect(fromJson(42, STRING)).toBe('42');
    expect(fromJson({ a: 1 }, STRING)).toBe('{"a":1}');
    expect(fromJson(undefined, INTEGER)).toBeNull();
    const trade = fromJson({ symbol: 'AAPL', price: 150.2567 }, TRADE) as Record<string, unknown>;
    expect(trade['symbol']).toBe('AAPL');
    expect(decimalText(trade['price'])).toBe('150.2567');
    expect(trade['ts']).toBeNull();
  });

  it('rejects mismatches', () => {
    expectError(() => fromJson(1.5, INTEGER), 'BAD_RECORD', 'INTEGER');
    expectError(() => fromJson([1], TRADE), 'BAD_RECORD', 'STRUCT');
    expectError(() => fromJson({}, arrayType(INTEGER)), 'BAD_RECORD', 'ARRAY<INTEGER>');
  });

  it('infers schema-less JSON', () => {
    const { value, type } = inferFromJson({ id: 7, price: 150.25, tags: ['a'], ok: true, none: null, inner: { q: -0.05 } });
    expect(type).toEqual({
      kind: 'STRUCT',
      fields: [
        { name: 'id', type: INTEGER, nullable: true },
        { name: 'price', type: decimalType(38, 2), nullable: true },
        { name: 'tags', type: arrayType(STRING), nullable: true },
        { name: 'ok', type: BOOLEAN, nullable: true },
        { name: 'none', type: NULL_TYPE, nullable: true },
        { name: 'inner', type: { kind: 'STRUCT', fields: [{ name: 'q', type: decimalType(38, 2), nullable: true }] }, nullable: true },
      ],
    });
    const row = value as Record<string, unknown>;
    expect(decimalText(row['price'])).toBe('150.25');
    expect(decimalText((row['inner'] as Record<string, unknown>)['q'])).toBe('-0.05');
    expect(inferFromJson(1e300).type).toEqual(DOUBLE);
    expect(inferFromJson([1, 2.5]).type).toEqual(arrayType(decimalType(38, 1)));
  });
});

describe('toJsonValue / toText', () => {
  const asNumbers: FormatOptions = { decimalFormat: 'number', timestampFormat: 'epoch_millis' };

  it('writes decimals keeping scale and timestamps as ISO-8601 UTC', () => {
    expect(toJsonValue(Decimal.parse('15025.6700'), decimalType(18, 4), DEFAULT_FORMAT)).toBe('15025.6700');
    expect(toJsonValue(Decimal.parse('-0.05'), decimalType(18, 2), DEFAULT_FORMAT)).toBe('-0.05');
    expect(toJsonValue(1704067260000, TIMESTAMP, DEFAULT_FORMAT)).toBe('2024-01-01T00:01:00.000Z');
    expect(toJsonValue(19723, DATE, DEFAULT_FORMAT)).toBe('2024-01-01');
    expect(toJsonValue(2n ** 60n, INTEGER, DEFAULT_FORMAT)).toBe('1152921504606846976');
    expect(toJsonValue(NaN, DOUBLE, DEFAULT_FORMAT)).toBe('NaN');
  });

  it('switches formats', () => {
    expect(toJsonValue(Decimal.parse('-0.05'), decimalType(18, 2), asNumbers)).toBe(-0.05);
    expect(toJsonValue(1704067260000, TIMESTAMP, asNumbers)).toBe(1704067260000);
  });

  it('writes composites', () => {
    const trade = { symbol: 'X', price: Decimal.parse('1.5000'), ts: 0 };
    expect(toJsonValue(trade, TRADE, DEFAULT_FORMAT)).toEqual({ symbol: 'X', price: '1.5000', ts: '1970-01-01T00:00:00.000Z' });
    expect(toJsonValue(new Map([['a', Decimal.parse('2.00')]]), MAP_OF_DECIMAL, DEFAULT_FORMAT)).toEqual({ a: '2.00' });
    expect(toJsonValue([Decimal.parse('1.0'), null], ANY, DEFAULT_FORMAT)).toEqual(['1.0', null]);
  });

  it('writes text fields', () => {
    expect(toText(null, INTEGER, DEFAULT_FORMAT)).toBe('');
    expect(toText(Decimal.parse('-0.05'), decimalType(18, 2), DEFAULT_FORMAT)).toBe('-0.05');
    expect(toText(0, TIMESTAMP, DEFAULT_FORMAT)).toBe('1970-01-01T00:00:00.000Z');
    expect(toText(true, BOOLEAN, DEFAULT_FORMAT)).toBe('true');
    expect(toText([1, 2], arrayType(INTEGER), DEFAULT_FORMAT)).toBe('[1,2]');
    expect(toText('a,b', STRING, DEFAULT_FORMAT)).toBe('a,b');
  });
});
