import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonFieldScanner, Scanned } from '../../lib/connectors/jsonFieldScanner.js';
import { JsonRecordReader } from '../../lib/connectors/jsonRecordReader.js';
import { isDecimal } from '../../lib/types/decimal.js';
import { isJsonObject, parseExactJson } from '../../lib/types/exactJson.js';
import { schemaOf } from '../../lib/types/schema.js';
import { BOOLEAN, DOUBLE, INTEGER, STRING, TIMESTAMP, arrayType, decimalType, integerType, type SqlType } from '../../lib/types/sqlType.js';
import type { Value } from '../../lib/types/value.js';
import { fromJson } from '../../lib/types/valueText.js';

const COLUMNS: readonly [string, SqlType][] = [
  ['id', integerType(64)],
  ['symbol', STRING],
  ['price', decimalType(18, 4)],
  ['qty', INTEGER],
  ['ok', BOOLEAN],
  ['ratio', DOUBLE],
  ['at', TIMESTAMP],
  ['tags', arrayType(STRING)],
];
const schema = schemaOf(COLUMNS.map(([name, type]) => ({ name, type, nullable: true })));

/** A value as comparable text: decimals keep their scale, bigints their digits. */
function shown(v: Value): string {
  if (isDecimal(v)) return `dec ${v.toString()}`;
  if (typeof v === 'bigint') return `big ${v}`;
  return JSON.stringify(v) ?? String(v);
}

/** What reading a record gives: its values shown, or its error message. */
function outcome(read: () => Value[]): string[] | string {
  try {
    return read().map(shown);
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

/**
 * The reference: the whole record through `parseExactJson`, then each column's member by name
 * through `fromJson` (what the reader did before it scanned records in place); a column not
 * read is NULL, though its value must still be valid for its type.
 */
function reference(text: string, read: readonly boolean[]): Value[] {
  let parsed: unknown;
  try {
    parsed = parseExactJson(text);
  } catch (error) {
    throw new Error((error as Error).message);
  }
  if (!isJsonObject(parsed)) throw new Error('expected a JSON object');
  return COLUMNS.map(([name, type], c) => {
    let value: Value;
    try {
      value = fromJson(parsed[name], type);
    } catch (error) {
      throw new Error(`field '${name}': ${(error as Error).message}`);
    }
    return read[c] ? value : null;
  });
}

/** JSON member values, plain and not: numbers of every length, escapes, nesting, literals, wrong types. */
const memberValue = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.constantFrom('0', '-0', '12.5', '435.0917', '-0.0001', '1e3', '2.5E-2', '123456789012345', '1234567890123456', '9007199254740993', '0.1234567890123456789', '1.23456', '1e400', '-1e-400', '0e0', '1E+2', '12345678901234567890123'),
  fc.constantFrom('true', 'false', 'null', '[]', '["a","b"]', '{"x":1}', '[1,[2]]'),
  fc.constantFrom('"AAPL"', '"a\\"b"', '"tab\\there"', '"\\u00e9"', '"é ü"', '""', '"2024-01-01T00:00:00.000Z"', '"2024-01-01 10:00:00"', '"12.34567"', '"-5"', '"x"', '"true"', '"99999999999999999999"'),
  fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
);
const memberName = fc.constantFrom(...COLUMNS.map(([name]) => name), 'other', 'ID', '');
const space = fc.constantFrom('', '', ' ', '\n', '\t ', '\r\n');

/** A record text: mostly valid flat objects (keys may repeat), sometimes broken on purpose. */
const record = fc
  .tuple(fc.array(fc.tuple(memberName, memberValue, space, space), { maxLength: 10 }), space, space, fc.constantFrom('', '', '', 'x', ',', '}', ' ]'))
  .map(([members, before, after, trailer]) => `${before}{${members.map(([k, v, s1, s2]) => `${s1}${JSON.stringify(k)}${s2}:${s1}${v}${s2}`).join(',')}}${after}${trailer}`);

const everyColumn = COLUMNS.map(() => true);

describe('JSON records read in place (JsonFieldScanner behind JsonRecordReader)', () => {
  it('give the values and errors of parsing the whole record, for any record, alone or cut from a chunk', () => {
    const reader = new JsonRecordReader(schema);
    const neighbour = fc.constantFrom('', '{"id":9}', ' "x"}', '1}', '\n{"id":1,"symbol":"S"}');
    fc.assert(
      fc.property(record, neighbour, neighbour, (text, before, after) => {
        const expected = outcome(() => reference(text, everyColumn));
        expect(outcome(() => reader.read(text))).toEqual(expected);
        const chunk = `${before}\n${text}\n${after}`;
        expect(outcome(() => reader.read(chunk, before.length + 1, before.length + 1 + text.length))).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('keep only the columns asked for; the others are NULL, still checked against their type', () => {
    fc.assert(
      fc.property(record, fc.array(fc.boolean(), { minLength: COLUMNS.length, maxLength: COLUMNS.length }), (text, read) => {
        const reader = new JsonRecordReader(schema, read);
        expect(outcome(() => reader.read(text))).toEqual(outcome(() => reference(text, read)));
      }),
      { numRuns: 2000 },
    );
    const reader = new JsonRecordReader(schema, COLUMNS.map(([name]) => name === 'id'));
    expect(reader.read('{"id":7,"symbol":{"any":["JSON"]},"price":"1.5"}')).toEqual([7, null, null, null, null, null, null, null]);
    expect(() => reader.read('{"id":7,"price":"x"}')).toThrow(/field 'price'/);
    expect(() => reader.read('{"id":7,"symbol":"V"')).toThrow(/JSON/);
  });

  it('takes plain flat records in place and leaves every other shape to JSON.parse', () => {
    const scanner = new JsonFieldScanner(['id', 'symbol', null]);
    expect(scanner.scan('{"id":12345678901234567890,"symbol":"x","p":1.5e-7}')).toBe(true);
    expect(scanner.kinds).toEqual([Scanned.Number, Scanned.String, Scanned.Missing]);
    const plain = '{"id":12,"symbol":"AAPL","side":"BUY","n":null,"t":true}';
    expect(scanner.scan(plain)).toBe(true);
    expect(scanner.kinds).toEqual([Scanned.Number, Scanned.String, Scanned.Missing]);
    expect(plain.slice(scanner.starts[1], scanner.ends[1])).toBe('AAPL');
    expect(scanner.scan(' { "symbol" : "V" , "id" : -0.5 }\n')).toBe(true);
    expect(scanner.kinds).toEqual([Scanned.Number, Scanned.String, Scanned.Missing]);
    const chunk = '{"id":1\n{"id":2}\n';
    expect(scanner.scan(chunk, 0, 7)).toBe(false);
    expect(scanner.scan(chunk, 8, 16)).toBe(true);
    expect(chunk.slice(scanner.starts[0], scanner.ends[0])).toBe('2');
    for (const other of [
      '{"id":1,"tags":[1]}',
      '{"id":{"x":1}}',
      '{"symbol":"a\\"b"}',
      '{"sym\\u0062ol":"x"}',
      '{"id":1e}',
      '{"id":-}',
      '{"id":1.5e+}',
      '{"id":.5}',
      '{"id":1.5.2}',
      '{"id":01}',
      '{"id":1.}',
      '{"id":1} x',
      '{"id":1,}',
      '[1]',
      '{"id":"tab\there"}',
      '',
    ]) {
      expect(scanner.scan(other), other).toBe(false);
    }
  });
});
