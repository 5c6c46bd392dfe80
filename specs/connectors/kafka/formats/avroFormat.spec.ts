import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { avroColumns, avroReader, avroSchemaOf, avroWriter } from '../../../../lib/connectors/kafka/formats/avroFormat.js';
import { avroType } from '../../../../lib/connectors/kafka/formats/avroTypes.js';
import { Decimal } from '../../../../lib/types/decimal.js';
import { schemaOf } from '../../../../lib/types/schema.js';
import { decimalType, formatType, STRING } from '../../../../lib/types/sqlType.js';

const TRADE = {
  type: 'record',
  name: 'Trade',
  fields: [
    { name: 'symbol', type: 'string' },
    { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 4 } },
    { name: 'fee', type: ['null', { type: 'fixed', name: 'Fee', size: 8, logicalType: 'decimal', precision: 12, scale: 2 }], default: null },
    { name: 'qty', type: 'long' },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'at_us', type: { type: 'long', logicalType: 'timestamp-micros' } },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'venue', type: ['null', 'string'], default: null },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'legs', type: { type: 'map', values: 'int' } },
    { name: 'side', type: { type: 'enum', name: 'Side', symbols: ['BUY', 'SELL'] } },
  ],
};

describe('Avro values', () => {
  const type = avroType(TRADE, 'the schema');
  const columns = avroColumns(type, 'the schema');

  it('derives columns from a record: decimals at their precision and scale, timestamps, dates, nullable unions', () => {
    expect(columns.fields.map((f) => `${f.name} ${formatType(f.type)}${f.nullable ? '' : ' NOT NULL'}`)).toEqual([
      'symbol STRING NOT NULL',
      'price DECIMAL(18,4) NOT NULL',
      'fee DECIMAL(12,2)',
      'qty BIGINT NOT NULL',
      'at TIMESTAMP NOT NULL',
      'at_us TIMESTAMP NOT NULL',
      'day DATE NOT NULL',
      'venue STRING',
      'tags ARRAY<STRING> NOT NULL',
      'legs MAP<STRING,INTEGER> NOT NULL',
      'side STRING NOT NULL',
    ]);
  });

  it('writes and reads a row back exactly: a long beyond 2^53, decimals, micros as milliseconds, null branches', () => {
    const write = avroWriter(type, columns, 'the schema');
    const read = avroReader(type, columns, 'the schema');
    const row = ['AAPL', Decimal.parse('150.2567'), null, 9007199254740993n, 1_700_000_000_123, -1, 19_700, null, ['a', 'b'], new Map([['x', 1]]), 'SELL'];
    const back = read(write(row));
    expect(back.map(String)).toEqual(row.map(String));
    expect(back[1]).toEqual(Decimal.parse('150.2567'));
    expect(back[3]).toBe(9007199254740993n);
    expect(back[5]).toBe(-1);
    expect(read(write(['X', Decimal.parse('1'), Decimal.parse('-0.05'), 1, 0, 0, 0, 'XNAS', [], new Map(), 'BUY']))[2]).toEqual(Decimal.parse('-0.05'));
  });

  it("rescales decimals to the schema's scale when writing (HALF_UP) and refuses values beyond its precision", () => {
    const schema = { type: 'record', name: 'D', fields: [{ name: 'd', type: { type: 'bytes', logicalType: 'decimal', precision: 6, scale: 2 } }] };
    const t = avroType(schema, 's');
    const cols = schemaOf([{ name: 'd', type: decimalType(10, 4), nullable: false }]);
    const write = avroWriter(t, cols, 's');
    // 1.5 at scale 2 is the unscaled 150 = 0x0096: length 2 (zig-zag 4), then the two's-complement bytes.
    expect([...write([Decimal.parse('1.5')])]).toEqual([4, 0x00, 0x96]);
    expect([...write([Decimal.parse('-123.45')])]).toEqual([4, 0xcf, 0xc7]);
    expect(avroReader(t, avroColumns(t, 's'), 's')(write([Decimal.parse('1.005')]))).toEqual([Decimal.parse('1.01')]);
    expect(() => write([Decimal.parse('12345.6')])).toThrow(/DECIMAL\(6\)|precision|digits/);
  });

  it('reads a decimal column of another scale rounded HALF_UP to the column, and a missing field as NULL', () => {
    const write = avroWriter(type, columns, 'the schema');
    const declared = schemaOf([
      { name: 'price', type: decimalType(10, 2), nullable: false },
      { name: 'missing', type: STRING, nullable: true },
    ]);
    const read = avroReader(type, declared, 'the schema');
    const row = ['AAPL', Decimal.parse('150.2567'), null, 1n, 0, 0, 0, null, [], new Map(), 'BUY'];
    expect(read(write(row))).toEqual([Decimal.parse('150.26'), null]);
  });

  it('keeps every decimal exact through bytes and fixed for any unscaled value and scale within the precision', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 38n) + 1n, max: 10n ** 38n - 1n }), fc.integer({ min: 0, max: 38 }), fc.boolean(), (unscaled, scale, fixed) => {
        const base = fixed ? { type: 'fixed', name: 'F', size: 16 } : { type: 'bytes' };
        const t = avroType({ type: 'record', name: 'P', fields: [{ name: 'd', type: { ...base, logicalType: 'decimal', precision: 38, scale } }] }, 'p');
        const cols = avroColumns(t, 'p');
        const d = Decimal.fromUnscaled(unscaled, scale);
        const [back] = avroReader(t, cols, 'p')(avroWriter(t, cols, 'p')([d]));
        expect((back as Decimal).unscaledBig()).toBe(unscaled);
        expect((back as Decimal).scale).toBe(scale);
      }),
    );
  });

  it('generates a record schema from output columns that reads back as the same columns', () => {
    const generated = avroType(avroSchemaOf(columns, 'my-topic'), 'generated');
    expect(avroColumns(generated, 'generated').fields.map((f) => formatType(f.type))).toEqual(columns.fields.map((f) => formatType(f.type)));
    expect(() => avroSchemaOf(schemaOf([{ name: 'SUM(x)', type: STRING, nullable: true }]), 't')).toThrow(/not a valid Avro field name/);
  });
});
