import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import avro from 'avsc';
import type { Kafka } from 'kafkajs';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BadRecord } from '../../../lib/connectors/types.js';
import { kafkaFor, sharedTestBroker, waitFor } from '../../broker/helpers.js';
import { createTopics, jsonLines, runApp, tempDir } from './kafkaTestKit.js';
import { startRegistryStub, type RegistryStub } from './registryStub.js';

/** The Confluent wire format, written by hand: magic byte 0, the schema id, the body. */
function framed(id: number, body: Buffer | Uint8Array, indexes: number[] = []): Buffer {
  const header = Buffer.alloc(5);
  header.writeInt32BE(id, 1);
  return Buffer.concat([header, Buffer.from(indexes), body]);
}

/** The big-endian two's-complement bytes of an Avro decimal's unscaled value. */
function unscaledBytes(n: bigint): Buffer {
  const hex = (n < 0n ? (1n << 64n) + n : n).toString(16).padStart(16, '0');
  let bytes = Buffer.from(hex, 'hex');
  while (bytes.length > 1 && ((bytes[0] === 0 && (bytes[1]! & 0x80) === 0) || (bytes[0] === 0xff && (bytes[1]! & 0x80) !== 0))) bytes = bytes.subarray(1);
  return bytes;
}

function unscaledOf(bytes: Buffer): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return bytes[0]! & 0x80 ? n - (1n << BigInt(bytes.length * 8)) : n;
}

async function produceRaw(kafka: Kafka, topic: string, values: (Buffer | null)[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: values.map((value) => ({ value })) });
  } finally {
    await producer.disconnect();
  }
}

/** Reads `count` raw message values of a topic from the beginning. */
async function readRaw(kafka: Kafka, topic: string, count: number): Promise<Buffer[]> {
  const consumer = kafka.consumer({ groupId: `raw-${Math.random().toString(36).slice(2)}`, maxWaitTimeInMs: 100 });
  const seen: Buffer[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!) });
  try {
    await waitFor(`${count} messages of ${topic}`, () => (seen.length >= count ? true : undefined));
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

const TRADE_AVRO = JSON.stringify({
  type: 'record',
  name: 'Trade',
  fields: [
    { name: 'symbol', type: 'string' },
    { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 4 } },
    { name: 'qty', type: 'long' },
    { name: 'venue', type: ['null', 'string'], default: null },
  ],
});

const QUOTE_PROTO = `syntax = "proto3";
package fx;
message Meta { string feed = 1; }
message Quote {
  string pair = 1;
  int64 micros = 2;
  string bid = 3;
  optional string note = 4;
}
`;

/** Avro and Protobuf values through the Kafka connectors, over a real broker and a registry stub over real HTTP. */
describe('kafka formats and the schema registry', () => {
  const broker = sharedTestBroker();
  let registry: RegistryStub;
  beforeAll(async () => {
    registry = await startRegistryStub();
  });
  afterAll(async () => registry.close());

  it('reads Avro values by the schema id of each message, derives columns from the subject, and writes Avro with a registered generated schema', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { trades: 1, priced: 1 });
    const id = registry.add('trades-value', 'AVRO', TRADE_AVRO);
    const writer = avro.Type.forSchema(JSON.parse(TRADE_AVRO) as avro.Schema);
    const trades = [
      { symbol: 'AAPL', price: unscaledBytes(1_502_567n), qty: 10, venue: 'XNAS' },
      { symbol: 'MSFT', price: unscaledBytes(-5n), qty: 20, venue: null },
      { symbol: 'GOOG', price: unscaledBytes(99_999_999_999_999n), qty: 30, venue: null },
    ];
    await produceRaw(kafka, 'trades', trades.map((t) => framed(id, writer.toBuffer(t))));
    const app = await runApp(
      `CREATE STREAM trades WITH ('trades.type' = 'kafka_source', 'trades.bootstrap.servers' = '${broker().address}', 'trades.topic' = 'trades',
         'trades.group.id' = 'g-avro', 'trades.auto.offset.reset' = 'earliest', 'trades.format' = 'avro', 'trades.schema.registry.url' = '${registry.url}');
       CREATE STREAM priced AS SELECT symbol, price * 2 AS doubled, qty, venue FROM trades
         WITH ('priced.type' = 'kafka_sink', 'priced.bootstrap.servers' = '${broker().address}', 'priced.topic' = 'priced',
           'priced.format' = 'avro', 'priced.schema.registry.url' = '${registry.url}');`,
      tempDir(),
    );
    const out = await readRaw(kafka, 'priced', 3);
    await app.stop();
    const registered = registry.schemas.find((s) => s.subject === 'priced-value')!;
    expect(registered).toBeDefined();
    const schema = JSON.parse(registered.schema) as { fields: { name: string; type: unknown }[] };
    expect(schema.fields.map((f) => f.name)).toEqual(['symbol', 'doubled', 'qty', 'venue']);
    const doubledType = schema.fields[1]!.type as { logicalType: string; scale: number } | [string, { logicalType: string; scale: number }];
    const decimal = Array.isArray(doubledType) ? doubledType[1] : doubledType;
    expect(decimal.logicalType).toBe('decimal');
    const reader = avro.Type.forSchema(schema as avro.Schema);
    const rows = out.map((value) => {
      expect(value[0]).toBe(0);
      expect(value.readInt32BE(1)).toBe(registered.id);
      const row = reader.fromBuffer(value.subarray(5)) as { symbol: string; doubled: Buffer; qty: number; venue: string | null };
      return [row.symbol, unscaledOf(row.doubled) * 10n ** BigInt(4 - decimal.scale), row.qty, row.venue];
    });
    expect(rows).toEqual([
      ['AAPL', 3_005_134n, 10, 'XNAS'],
      ['MSFT', -10n, 20, null],
      ['GOOG', 199_999_999_999_998n, 30, null],
    ]);
    // One request for the schema (the subject's latest, which also gave the id), however many records carry it.
    expect(registry.requests.filter((r) => r === `GET /schemas/ids/${id}` || r === 'GET /subjects/trades-value/versions/latest')).toEqual(['GET /subjects/trades-value/versions/latest']);
  });

  it('reads Protobuf values framed with message indexes, int64 exact, and writes Protobuf registered from a .proto file', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { quotes: 1, 'quotes-out': 1 });
    const id = registry.add('quotes-value', 'PROTOBUF', QUOTE_PROTO);
    const quote = protobuf.parse(QUOTE_PROTO).root.lookupType('fx.Quote');
    const encode = (q: object): Uint8Array => quote.encode(quote.fromObject(q)).finish();
    // Quote is the second message of the file: message indexes [1], written as count 1 and index 1 (zig-zag 2, 2).
    await produceRaw(kafka, 'quotes', [framed(id, encode({ pair: 'EURUSD', micros: '9007199254740993', bid: '1.08765' }), [2, 2]), null]);
    const dir = tempDir();
    writeFileSync(join(dir, 'out.proto'), 'syntax = "proto3";\nmessage Out { string pair = 1; int64 micros = 2; string bid = 3; }\n');
    const app = await runApp(
      `CREATE STREAM quotes (pair STRING, micros BIGINT, bid DECIMAL(10,5)) WITH ('quotes.type' = 'kafka_source', 'quotes.bootstrap.servers' = '${broker().address}',
         'quotes.topic' = 'quotes', 'quotes.group.id' = 'g-proto', 'quotes.auto.offset.reset' = 'earliest', 'quotes.format' = 'protobuf',
         'quotes.schema.registry.url' = '${registry.url}');
       CREATE STREAM copied AS SELECT pair, micros + 1 AS micros, bid FROM quotes
         WITH ('copied.type' = 'kafka_sink', 'copied.bootstrap.servers' = '${broker().address}', 'copied.topic' = 'quotes-out', 'copied.format' = 'protobuf',
           'copied.protobuf.schema.file' = 'out.proto', 'copied.schema.registry.url' = '${registry.url}');`,
      dir,
    );
    const [value, tombstone] = await readRaw(kafka, 'quotes-out', 2);
    await app.stop();
    const registered = registry.schemas.find((s) => s.subject === 'quotes-out-value')!;
    expect(registered.schemaType).toBe('PROTOBUF');
    expect([...value!.subarray(0, 6)]).toEqual([0, 0, 0, 0, registered.id, 0]);
    const out = protobuf.parse(registered.schema).root.lookupType('Out');
    expect(out.toObject(out.decode(value!.subarray(6)), { longs: String })).toEqual({ pair: 'EURUSD', micros: '9007199254740994', bid: '1.08765' });
    // A null value (a tombstone) reads as NULL in every column, written back as a message with no field set.
    expect(out.toObject(out.decode(tombstone!.subarray(6)))).toEqual({});
  });

  it('counts a value whose schema id the registry does not know, and one not in the wire format, as bad records saying why', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { 'trades-bad': 1 });
    const id = registry.add('trades-bad-value', 'AVRO', TRADE_AVRO);
    const writer = avro.Type.forSchema(JSON.parse(TRADE_AVRO) as avro.Schema);
    const good = (symbol: string): Buffer => framed(id, writer.toBuffer({ symbol, price: unscaledBytes(1n), qty: 1, venue: null }));
    await produceRaw(kafka, 'trades-bad', [framed(999, Buffer.from([1])), Buffer.from('{"plain":"json"}'), good('OK')]);
    const bad: BadRecord[] = [];
    const dir = tempDir();
    const app = await runApp(
      `CREATE STREAM t (symbol STRING, price DECIMAL(18,4)) WITH ('t.type' = 'kafka_source', 't.bootstrap.servers' = '${broker().address}', 't.topic' = 'trades-bad',
         't.group.id' = 'g-bad', 't.auto.offset.reset' = 'earliest', 't.format' = 'avro', 't.schema.registry.url' = '${registry.url}');
       CREATE STREAM o AS SELECT symbol, price FROM t WITH ('o.type' = 'file_sink', 'o.path' = 'o.jsonl');`,
      dir,
      { failures: { badRecord: (_job, record) => void bad.push(record) } },
    );
    await waitFor('the good record', () => (jsonLines(join(dir, 'o.jsonl')).length >= 1 ? true : undefined));
    await app.stop();
    expect(jsonLines(join(dir, 'o.jsonl'))).toEqual([{ symbol: 'OK', price: '0.0001' }]);
    expect(bad.map((b) => [b.position, b.error.message])).toEqual([
      [0, expect.stringMatching(/^the writer schema id 999 is not available: schema registry: GET .*\/schemas\/ids\/999 answered 404: 40403 Schema not found$/)],
      [1, 'not in the schema-registry wire format (magic byte 0 and a 4-byte schema id)'],
    ]);
  });

  it('writes with a pinned value.schema.id without registering, and authenticates to the registry with basic auth', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { pinned: 1 });
    const schema = JSON.stringify({ type: 'record', name: 'P', fields: [{ name: 'n', type: 'long' }, { name: 'extra', type: 'string', default: 'x' }] });
    const id = registry.add('someone-else', 'AVRO', schema);
    const dir = tempDir();
    writeFileSync(join(dir, 'in.jsonl'), '{"n":9007199254740993}\n');
    const posts = registry.requests.filter((r) => r.startsWith('POST')).length;
    const seen = registry.authorizations.length;
    const app = await runApp(
      `CREATE STREAM f (n BIGINT) WITH ('f.type' = 'file_source', 'f.path' = 'in.jsonl');
       CREATE STREAM p AS SELECT n FROM f WITH ('p.type' = 'kafka_sink', 'p.bootstrap.servers' = '${broker().address}', 'p.topic' = 'pinned', 'p.format' = 'avro',
         'p.schema.registry.url' = '${registry.url}', 'p.value.schema.id' = '${id}', 'p.schema.registry.basic.auth.user.info' = 'ferris:s3cret');`,
      dir,
    );
    const [outcome] = await app.done;
    expect(outcome!.error).toBeUndefined();
    const [value] = await readRaw(kafka, 'pinned', 1);
    expect(value!.readInt32BE(1)).toBe(id);
    const reader = avro.Type.forSchema(JSON.parse(schema) as avro.Schema, { registry: { long: avro.types.LongType.__with({ fromBuffer: (b: Buffer) => b.readBigInt64LE(), toBuffer: () => Buffer.alloc(8), fromJSON: BigInt, toJSON: Number, isValid: () => true, compare: () => 0 }) } });
    expect(reader.fromBuffer(value!.subarray(5))).toEqual(expect.objectContaining({ n: 9007199254740993n, extra: 'x' }));
    expect(registry.requests.filter((r) => r.startsWith('POST')).length).toBe(posts);
    expect(registry.authorizations.slice(seen)).toEqual([`Basic ${Buffer.from('ferris:s3cret').toString('base64')}`]);
  });
});
