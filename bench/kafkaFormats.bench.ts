/**
 * Throughput of the Kafka value formats, each next to the bare library doing the same work in
 * the same run: Avro encode and decode of trade rows (ours: `avroWriter` / `avroReader`, exact
 * decimals rescaled to the schema's scale, longs as bigints, rows of our values) against avsc
 * with its default types and a hand-written decimal conversion; Protobuf the same against
 * protobufjs `fromObject`/`encode` and `decode`/`toObject`. Encoded bytes must be equal byte
 * for byte, decoded values equal value for value. Then the sink's compression codecs on
 * batches of 1,000 encoded rows, against gzip (node:zlib), each round trip checked.
 *
 * Run: `npm run build && node dist/bench/kafkaFormats.bench.js [rows]` (default 200,000).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import avro from 'avsc';
import kafkajs from 'kafkajs';
import protobuf from 'protobufjs';
import { DEFAULT_SYMBOLS, TRADE_SCHEMA, TradeGenerator } from '../lib/connectors/datagen/tradeGenerator.js';
import { registerKafkaCodecs } from '../lib/connectors/kafka/codecs/kafkaCodecs.js';
import { avroReader, avroSchemaOf, avroWriter } from '../lib/connectors/kafka/formats/avroFormat.js';
import { avroType } from '../lib/connectors/kafka/formats/avroTypes.js';
import { parseProto, protobufReader, protobufWriter } from '../lib/connectors/kafka/formats/protobufFormat.js';
import { Decimal } from '../lib/types/decimal.js';
import type { Row, Value } from '../lib/types/value.js';
import { describeRuntime, measureInterleaved, mismatch, printTable, rowCountArgument, variant, type ComparisonRow } from './harness.js';

const ROWS = rowCountArgument(200_000);
const generator = new TradeGenerator({ seed: 42, symbols: DEFAULT_SYMBOLS, startTime: Date.UTC(2024, 0, 2, 14, 30), intervalMs: 1 });
const rows: Row[] = Array.from({ length: ROWS }, () => generator.next());

/** The shortest big-endian two's-complement bytes of a decimal's unscaled value (the peer's own conversion). */
function unscaledBytes(d: Decimal): Buffer {
  let n = d.unscaledBig();
  const out: number[] = [];
  for (;;) {
    out.unshift(Number(n & 0xffn));
    const rest = n >> 8n;
    if ((rest === 0n && (out[0]! & 0x80) === 0) || (rest === -1n && (out[0]! & 0x80) !== 0)) break;
    n = rest;
  }
  return Buffer.from(out);
}

function unscaledOf(bytes: Buffer): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return bytes[0]! & 0x80 ? n - (1n << BigInt(bytes.length * 8)) : n;
}

const sameValues = (a: readonly Value[], b: readonly Value[]): boolean => a.length === b.length && a.every((v, i) => String(v) === String(b[i]));

function checkBytes(what: string, ours: readonly Buffer[], peer: readonly Buffer[]): string {
  for (let i = 0; i < ours.length; i++) if (!ours[i]!.equals(peer[i]!)) mismatch(`${what}: row ${i} encodes differently`);
  return `${ours.length.toLocaleString('en-US')} values byte-equal`;
}

function checkRows(what: string, ours: readonly Value[][], peer: readonly Value[][]): string {
  for (let i = 0; i < ours.length; i++) if (!sameValues(ours[i]!, peer[i]!)) mismatch(`${what}: row ${i} decodes differently`);
  return `${ours.length.toLocaleString('en-US')} rows equal`;
}

let sink = 0;
const results: ComparisonRow[] = [];

// Avro: the schema our sink generates for these columns.
const schemaJson = avroSchemaOf(TRADE_SCHEMA, 'trades');
const oursAvro = avroType(schemaJson, 'bench');
const peerAvro = avro.Type.forSchema(schemaJson as avro.Schema);
const writeAvro = avroWriter(oursAvro, TRADE_SCHEMA, 'bench');
const readAvro = avroReader(oursAvro, TRADE_SCHEMA, 'bench');
const peerAvroObject = (r: Row): object => ({
  trade_id: r[0], symbol: r[1], price: unscaledBytes(r[2] as Decimal), quantity: r[3], side: r[4], trader_id: r[5], exchange: r[6], trade_time: r[7],
});
const avroValues = rows.map(writeAvro);
{
  const [ours, peer] = await measureInterleaved([
    variant(() => rows.forEach((r) => (sink += writeAvro(r).length)), () => undefined),
    variant(() => rows.forEach((r) => (sink += peerAvro.toBuffer(peerAvroObject(r)).length)), () => undefined),
  ]);
  results.push({ caseName: 'Avro encode (row → datum)', rows: ROWS, ours: ours!, peerName: 'avsc toBuffer + hand-written decimal bytes', peer: peer!, check: checkBytes('avro', avroValues, rows.map((r) => peerAvro.toBuffer(peerAvroObject(r)))) });
}
const peerAvroRow = (value: Buffer): Value[] => {
  const o = peerAvro.fromBuffer(value) as Record<string, number | string | Buffer>;
  return [o.trade_id as number, o.symbol as string, Decimal.fromUnscaled(unscaledOf(o.price as Buffer), 4), o.quantity as number, o.side as string, o.trader_id as string, o.exchange as string, o.trade_time as number];
};
{
  const [ours, peer] = await measureInterleaved([
    variant(() => avroValues.forEach((v) => (sink += readAvro(v).length)), () => undefined),
    variant(() => avroValues.forEach((v) => (sink += peerAvroRow(v).length)), () => undefined),
  ]);
  results.push({ caseName: 'Avro decode (datum → row)', rows: ROWS, ours: ours!, peerName: 'avsc fromBuffer + hand-written decimal', peer: peer!, check: checkRows('avro', avroValues.map(readAvro), avroValues.map(peerAvroRow)) });
}

// Protobuf: decimals as exact text, times as int64 milliseconds.
const PROTO = `syntax = "proto3";
message Trade { int64 trade_id = 1; string symbol = 2; string price = 3; int64 quantity = 4; string side = 5; string trader_id = 6; string exchange = 7; int64 trade_time = 8; }`;
const oursType = parseProto(PROTO, 'bench').messages[0]!;
const peerType = protobuf.parse(PROTO, { keepCase: true }).root.lookupType('Trade');
const writeProto = protobufWriter(oursType, TRADE_SCHEMA, 'bench');
const readProto = protobufReader(oursType, TRADE_SCHEMA);
const peerProtoObject = (r: Row): object => ({
  trade_id: r[0], symbol: r[1], price: (r[2] as Decimal).toString(), quantity: r[3], side: r[4], trader_id: r[5], exchange: r[6], trade_time: r[7],
});
const peerEncode = (r: Row): Buffer => Buffer.from(peerType.encode(peerType.fromObject(peerProtoObject(r))).finish());
const protoValues = rows.map(writeProto);
{
  const [ours, peer] = await measureInterleaved([
    variant(() => rows.forEach((r) => (sink += writeProto(r).length)), () => undefined),
    variant(() => rows.forEach((r) => (sink += peerEncode(r).length)), () => undefined),
  ]);
  results.push({ caseName: 'Protobuf encode (row → message)', rows: ROWS, ours: ours!, peerName: 'protobufjs fromObject + encode', peer: peer!, check: checkBytes('protobuf', protoValues, rows.map(peerEncode)) });
}
const peerProtoRow = (value: Buffer): Value[] => {
  const o = peerType.toObject(peerType.decode(value), { longs: Number }) as Record<string, number | string>;
  return [o.trade_id!, o.symbol!, Decimal.parse(o.price as string), o.quantity!, o.side!, o.trader_id!, o.exchange!, o.trade_time!];
};
{
  const [ours, peer] = await measureInterleaved([
    variant(() => protoValues.forEach((v) => (sink += readProto(v).length)), () => undefined),
    variant(() => protoValues.forEach((v) => (sink += peerProtoRow(v).length)), () => undefined),
  ]);
  results.push({ caseName: 'Protobuf decode (message → row)', rows: ROWS, ours: ours!, peerName: 'protobufjs decode + toObject (longs as numbers)', peer: peer!, check: checkRows('protobuf', protoValues.map(readProto), protoValues.map(peerProtoRow)) });
}

console.log(describeRuntime());
printTable(`Kafka value formats, ${ROWS.toLocaleString('en-US')} trades (8 columns)`, results);

// Compression of 1,000-row batches of the JSON values the sink writes by default.
registerKafkaCodecs();
const batches: Buffer[] = [];
for (let i = 0; i < ROWS; i += 1000) batches.push(Buffer.from(rows.slice(i, i + 1000).map((r) => JSON.stringify(r.map(String))).join('\n')));
const bytes = batches.reduce((n, b) => n + b.length, 0);
const gzip = {
  compress: async (encoder: { buffer: Buffer }): Promise<Buffer> => gzipSync(encoder.buffer),
  decompress: async (buffer: Buffer): Promise<Buffer> => gunzipSync(buffer),
};
const codecs: [string, typeof gzip][] = [
  ['snappy', kafkajs.CompressionCodecs[kafkajs.CompressionTypes.Snappy]() as typeof gzip],
  ['lz4', kafkajs.CompressionCodecs[kafkajs.CompressionTypes.LZ4]() as typeof gzip],
  ['zstd', kafkajs.CompressionCodecs[kafkajs.CompressionTypes.ZSTD]() as typeof gzip],
];
const roundTrip = async (codec: typeof gzip): Promise<number> => {
  let compressed = 0;
  for (const batch of batches) {
    const out = await codec.compress({ buffer: batch });
    compressed += out.length;
    sink += (await codec.decompress(out)).length;
  }
  return compressed;
};
console.log(`\n### Compression codecs: ${batches.length} batches of 1,000 JSON rows, ${(bytes / 1e6).toFixed(1)} MB; compress + decompress\n`);
console.log('| codec | best s | MB/s (of input) | compressed size | gzip best s | gzip MB/s | ours ÷ gzip | check |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [name, codec] of codecs) {
  for (const batch of batches.slice(0, 3)) {
    if (!(await codec.decompress(await codec.compress({ buffer: batch }))).equals(batch)) mismatch(`${name}: a batch does not round-trip`);
  }
  const [ours, peer] = await measureInterleaved([variant(() => roundTrip(codec), () => undefined), variant(() => roundTrip(gzip), () => undefined)]);
  const size = await roundTrip(codec);
  const mbs = (t: number): string => (bytes / 1e6 / t).toFixed(0);
  console.log(`| ${name} | ${ours!.best.toFixed(3)} | ${mbs(ours!.best)} | ${((size / bytes) * 100).toFixed(0)}% | ${peer!.best.toFixed(3)} | ${mbs(peer!.best)} | ${(peer!.best / ours!.best).toFixed(2)} | round trip equal |`);
}
if (sink < 0) console.log(sink);
