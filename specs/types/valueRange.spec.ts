import { describe, expect, it } from 'vitest';
import { toRows } from '../../lib/engine/rowConversion.js';
import { field, schemaOf } from '../../lib/types/schema.js';
import { castValue } from '../../lib/types/cast.js';
import { Decimal, isDecimal } from '../../lib/types/decimal.js';
import { FerrisError } from '../../lib/types/errors.js';
import { parseExactJson } from '../../lib/types/exactJson.js';
import type { SqlType } from '../../lib/types/sqlType.js';
import { DATE, DOUBLE, INTEGER, INTERVAL, STRING, TIMESTAMP, arrayType, decimalType, formatType, integerType } from '../../lib/types/sqlType.js';
import { fromJson, inferFromJson, parseText } from '../../lib/types/valueText.js';

/** The message of the FerrisError `fn` throws, failing when it throws none. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FerrisError);
    return (e as FerrisError).message;
  }
  throw new Error('expected a FerrisError');
}

const json = (text: string, type: SqlType): unknown => fromJson(parseExactJson(text), type);

describe('integer widths', () => {
  it('names the declared widths as SQL does; expression results stay INTEGER (64-bit)', () => {
    expect([8, 16, 32, 64].map((bits) => formatType(integerType(bits as 8 | 16 | 32 | 64)))).toEqual(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT']);
    expect(formatType(INTEGER)).toBe('INTEGER');
  });

  it('checks each width when reading text and JSON', () => {
    for (const [bits, max] of [[8, 127], [16, 32767], [32, 2147483647]] as const) {
      const type = integerType(bits);
      expect(parseText(String(max), type)).toBe(max);
      expect(parseText(String(-max - 1), type)).toBe(-max - 1);
      expect(json(String(-max - 1), type)).toBe(-max - 1);
      expect(errorOf(() => parseText(String(max + 1), type))).toContain(`is out of range for ${formatType(type)} (${bits}-bit): ${-max - 1} to ${max}`);
      expect(errorOf(() => json(String(max + 1), type))).toContain(`${max + 1} is out of range for ${formatType(type)}`);
    }
    expect(errorOf(() => parseText('-9223372036854775809', INTEGER))).toContain('out of range for INTEGER (64-bit)');
    expect(errorOf(() => parseText(`9${'9'.repeat(399)}`, integerType(64)))).toContain("'999999999999999999999999…' (400 characters) is out of range for BIGINT");
  });

  it('checks the target width in CAST, from every numeric type', () => {
    const int32 = integerType(32);
    expect(castValue(2147483647, INTEGER, int32)).toBe(2147483647);
    expect(errorOf(() => castValue(3000000000, INTEGER, int32))).toBe(
      'cannot cast 3000000000 from INTEGER to INTEGER: 3000000000 is out of range for INTEGER (32-bit): -2147483648 to 2147483647',
    );
    expect(errorOf(() => castValue(300, INTEGER, integerType(8)))).toContain('out of range for TINYINT (8-bit)');
    expect(errorOf(() => castValue(Decimal.parse('40000.4'), decimalType(6, 1), integerType(16)))).toContain('out of range for SMALLINT');
    expect(errorOf(() => castValue(2 ** 40, DOUBLE, int32))).toContain('out of range for INTEGER (32-bit)');
    expect(errorOf(() => castValue('2147483648', STRING, int32))).toContain('out of range for INTEGER (32-bit)');
    expect(castValue(2n ** 62n, INTEGER, integerType(64))).toBe(2n ** 62n);
  });
});

describe('exact JSON numbers in nested and schema-less values', () => {
  it('keeps every digit inside ARRAY and STRUCT columns and in CAST from JSON text', () => {
    const prices = json('[12345678901234.56789, 9007199254740993]', arrayType(decimalType(38, 5))) as Decimal[];
    expect(prices.map((p) => p.toString())).toEqual(['12345678901234.56789', '9007199254740993.00000']);
    const struct: SqlType = { kind: 'STRUCT', fields: [{ name: 'id', type: integerType(64), nullable: true }] };
    expect(castValue('{"id": 9007199254740993}', STRING, struct)).toEqual({ id: 9007199254740993n });
    expect(json('{"id": 12345678901234567890}', STRING)).toBe('{"id":12345678901234567890}');
  });

  it('infers exact values: 64-bit integers, DECIMAL(38, s) up to 38 digits, DOUBLE beyond; out of the double range is an error', () => {
    expect(inferFromJson(parseExactJson('9007199254740993'))).toEqual({ value: 9007199254740993n, type: INTEGER });
    const d = inferFromJson(parseExactJson('12345678901234.56789'));
    expect(isDecimal(d.value) && d.value.toString()).toBe('12345678901234.56789');
    expect(d.type).toEqual(decimalType(38, 5));
    expect(inferFromJson(parseExactJson('12345678901234567890')).type).toEqual(decimalType(38, 0));
    expect(inferFromJson(parseExactJson(`1${'0'.repeat(40)}`)).type).toEqual(DOUBLE);
    expect(errorOf(() => inferFromJson(parseExactJson('1e400')))).toContain('1e400 is out of the DOUBLE range');
  });
});

describe('temporal ranges', () => {
  it('checks epoch ms, days and interval ms read from text, JSON and CAST', () => {
    expect(parseText('-8640000000000000', TIMESTAMP)).toBe(-8640000000000000);
    expect(errorOf(() => parseText('8640000000000001', TIMESTAMP))).toContain('out of the TIMESTAMP range');
    expect(errorOf(() => json('1704067200000.5', TIMESTAMP))).toContain('not a whole number');
    expect(errorOf(() => json('1704067200000.0000000001', TIMESTAMP))).toContain('not a whole number');
    expect(errorOf(() => json('100000001', DATE))).toContain('out of the DATE range');
    expect(errorOf(() => parseText('99999999999999999999', INTERVAL))).toContain('out of the INTERVAL range');
    expect(errorOf(() => castValue(1e20, DOUBLE, TIMESTAMP))).toContain('out of the TIMESTAMP range');
    expect(errorOf(() => castValue(1e9, INTEGER, DATE))).toContain('out of the DATE range');
  });
});

describe('application rows (engine API)', () => {
  it('checks bigints against the column width like any other input', () => {
    const schema = schemaOf([field('id', integerType(64)), field('qty', integerType(32)), field('label', STRING)]);
    expect(toRows(schema, [{ id: 2n ** 62n, qty: 5n, label: 12345678901234567890n }])).toEqual([[2n ** 62n, 5n, '12345678901234567890']]);
    expect(errorOf(() => toRows(schema, [{ id: 2n ** 63n, qty: 1, label: 'x' }]))).toContain('out of range for BIGINT (64-bit)');
    expect(errorOf(() => toRows(schema, [{ id: 1, qty: 2n ** 40n, label: 'x' }]))).toContain('out of range for INTEGER (32-bit)');
  });
});
