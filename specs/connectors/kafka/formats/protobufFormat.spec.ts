import { describe, expect, it } from 'vitest';
import { messageIndexes, readMessageIndexes } from '../../../../lib/connectors/kafka/formats/confluentWire.js';
import { messageType, parseProto, protobufColumns, protobufReader, protobufWriter, typeAtPath } from '../../../../lib/connectors/kafka/formats/protobufFormat.js';
import { Decimal } from '../../../../lib/types/decimal.js';
import { schemaOf, type Schema } from '../../../../lib/types/schema.js';
import { decimalType, formatType, integerType, STRING, type SqlType } from '../../../../lib/types/sqlType.js';

const PROTO = `
syntax = "proto3";
package market;
import "google/protobuf/timestamp.proto";

message Header { string source = 1; }

message Trade {
  string symbol = 1;
  int64 qty = 2;
  uint64 volume = 3;
  double px = 4;
  string price = 5;
  optional string venue = 6;
  google.protobuf.Timestamp at = 7;
  repeated string tags = 8;
  map<string, int32> legs = 9;
  Side side = 10;
  Header header = 11;
  message Leg { int32 n = 1; }
}

enum Side { BUY = 0; SELL = 1; }
`;

describe('Protobuf values', () => {
  const file = parseProto(PROTO, 'trade.proto');
  const { type, path } = messageType(file, 'market.Trade', 'trade.proto');
  const columns = protobufColumns(type);

  it('derives columns from a message: 64-bit integers, optional fields nullable, timestamps, enums, maps and nested messages', () => {
    expect(columns.fields.map((f) => `${f.name} ${formatType(f.type)}${f.nullable ? '' : ' NOT NULL'}`)).toEqual([
      'symbol STRING NOT NULL',
      'qty BIGINT NOT NULL',
      'volume BIGINT NOT NULL',
      'px DOUBLE NOT NULL',
      'price STRING NOT NULL',
      'venue STRING',
      'at TIMESTAMP',
      'tags ARRAY<STRING> NOT NULL',
      'legs MAP<STRING,INTEGER> NOT NULL',
      'side STRING NOT NULL',
      'header STRUCT<source STRING>',
    ]);
  });

  it('writes and reads a row back with int64 beyond 2^53 exact, a timestamp, an enum by name and unset fields', () => {
    const write = protobufWriter(type, columns, 'trade.proto');
    const read = protobufReader(type, columns);
    const row = ['AAPL', -9007199254740993n, 18446744073709551n, 1.5, '150.25', null, 1_700_000_000_123, ['a'], new Map([['x', 2]]), 'SELL', { source: 'feed' }];
    expect(read(write(row))).toEqual(row);
    // Unset fields: proto3 defaults for implicit presence, NULL for optional fields and messages.
    expect(read(write(['X', null, null, null, null, null, null, [], new Map(), null, null]))).toEqual(['X', 0, 0, 0, '', null, null, [], new Map(), 'BUY', null]);
  });

  it('reads exact decimal text into a DECIMAL column and writes decimals as text', () => {
    const declared = schemaOf([{ name: 'price', type: decimalType(12, 4), nullable: false }, { name: 'missing', type: STRING, nullable: true }]);
    const write = protobufWriter(type, schemaOf([{ name: 'price', type: decimalType(12, 2), nullable: false }]), 'trade.proto');
    expect(protobufReader(type, declared)(write([Decimal.parse('150.25')]))).toEqual([Decimal.parse('150.2500'), null]);
    expect(() => protobufWriter(type, declared, 'trade.proto')).toThrow("trade.proto: the message Trade has no field 'missing'");
  });

  it('checks when the sink opens that each column fits its field, and refuses values out of the field range instead of wrapping them', () => {
    const file = parseProto('syntax = "proto3"; message M { int32 small = 1; int64 big = 2; Side side = 3; repeated string tags = 4; } enum Side { BUY = 0; SELL = 1; }', 'm.proto');
    const m = file.messages[0]!;
    const cols = (name: string, type: SqlType): Schema => schemaOf([{ name, type, nullable: true }]);
    expect(() => protobufWriter(m, cols('big', STRING), 'm.proto')).toThrow("m.proto: a STRING column cannot be written into the protobuf int64 field 'big'");
    expect(() => protobufWriter(m, cols('tags', STRING), 'm.proto')).toThrow("m.proto: the repeated protobuf field 'tags' needs an ARRAY column, not STRING");
    expect(() => protobufWriter(m, cols('small', integerType(64)), 'm.proto')([2 ** 40])).toThrow("the value 1099511627776 does not fit the protobuf int32 field 'small': out of its range -2147483648 to 2147483647");
    expect(() => protobufWriter(m, cols('side', STRING), 'm.proto')(['HOLD'])).toThrow("the value HOLD does not fit the protobuf Side field 'side': not one of BUY, SELL");
    expect(() => protobufWriter(m, cols('big', decimalType(10, 2)), 'm.proto')([Decimal.parse('1.50')])).toThrow('not a whole number');
    expect(protobufReader(m, cols('big', integerType(64)))(protobufWriter(m, cols('big', decimalType(10, 2)), 'm.proto')([Decimal.parse('12.00')]))).toEqual([12]);
  });

  it('finds message types by the message indexes of the wire format, nested ones too', () => {
    expect(path).toEqual([1]);
    expect(typeAtPath(file, [1, 0]).name).toBe('Leg');
    expect(messageType(file, 'market.Trade.Leg', 'p').path).toEqual([1, 0]);
    for (const p of [[0], [1], [1, 0], [3, 2, 1]]) {
      const framed = Buffer.concat([messageIndexes(p), Buffer.from([42])]);
      expect(readMessageIndexes(framed)).toEqual({ path: p, payload: Buffer.from([42]) });
    }
    expect([...messageIndexes([0])]).toEqual([0]);
    expect([...messageIndexes([1])]).toEqual([2, 2]);
  });

  it('refuses imports it cannot resolve and files without messages', () => {
    expect(() => parseProto('syntax = "proto3"; import "other.proto"; message A { int32 a = 1; }', 'a.proto')).toThrow(/not supported yet: the import 'other.proto'/);
    expect(() => parseProto('syntax = "proto3"; enum E { A = 0; }', 'e.proto')).toThrow('e.proto defines no message type');
  });
});
