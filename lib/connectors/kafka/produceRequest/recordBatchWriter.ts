import { BatchAttribute, BatchLayout, writeInt64 } from '../../../broker/records/batch.js';
import { crc32c } from '../../../broker/records/crc32c.js';
import { FerrisError } from '../../../types/errors.js';

/** A header value as kafkajs takes it: one value or several under one key. */
type HeaderValue = Buffer | string | null | undefined;

/** A message as kafkajs's producer hands it to a Produce request, after partitioning. */
export interface ProduceMessage {
  readonly key?: Buffer | string | null;
  readonly value: Buffer | string | null;
  /** Milliseconds since the epoch, as a decimal string (kafkajs's form) or a number; absent: now. */
  readonly timestamp?: string | number | null;
  readonly headers?: Readonly<Record<string, HeaderValue | readonly HeaderValue[]>>;
}

/** What one record batch holds besides its messages. */
export interface BatchFields {
  readonly producerId: bigint;
  readonly producerEpoch: number;
  readonly firstSequence: number;
  readonly transactional: boolean;
  /** The compression codec id (attributes bits 0-2): 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd. */
  readonly codec: number;
}

/** The record batch format this writes (magic 2). */
const MAGIC = 2;
const TWO_POW_32 = 4294967296;

/** The bytes of `n` (an unsigned 32-bit number) as an unsigned varint. */
function unsignedVarIntSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

/** The bytes of the zigzag varint of an int32. */
function varIntSize(v: number): number {
  return unsignedVarIntSize(((v << 1) ^ (v >> 31)) >>> 0);
}

/** The bytes of the zigzag varlong of a whole number of at most 2^52 either way. */
function varLongSize(v: number): number {
  let z = v >= 0 ? v * 2 : -v * 2 - 1;
  let bytes = 1;
  while (z >= 0x80) {
    z = Math.floor(z / 0x80);
    bytes++;
  }
  return bytes;
}

/** The UTF-8 length of a key, value or header value, -1 for null (kafkajs writes anything else as `String(value)`). */
function bytesLength(field: Buffer | string | null | undefined): number {
  if (field === null || field === undefined) return -1;
  return Buffer.isBuffer(field) ? field.length : Buffer.byteLength(String(field), 'utf8');
}

/** A length-prefixed field's bytes: its varint length and its bytes. */
function fieldSize(length: number): number {
  return length < 0 ? 1 : varIntSize(length) + length;
}

/** Every header as a key and one value, in kafkajs's order (keys in order, a list's values in order). */
function headerPairs(headers: ProduceMessage['headers']): [string, HeaderValue][] {
  if (headers === undefined) return [];
  return Object.keys(headers).flatMap((key) => {
    const value = headers[key];
    return Array.isArray(value) ? value.map((one): [string, HeaderValue] => [key, one]) : [[key, value as HeaderValue]];
  });
}

function headersSize(pairs: readonly [string, HeaderValue][]): number {
  let size = varIntSize(pairs.length);
  for (const [key, value] of pairs) size += fieldSize(Buffer.byteLength(key, 'utf8')) + fieldSize(bytesLength(value));
  return size;
}

/** Writes into one buffer, front to back. */
class ByteWriter {
  at = 0;
  constructor(readonly buf: Buffer) {}

  unsignedVarInt(n: number): void {
    const buf = this.buf;
    while (n > 0x7f) {
      buf[this.at++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    buf[this.at++] = n;
  }

  varInt(v: number): void {
    this.unsignedVarInt(((v << 1) ^ (v >> 31)) >>> 0);
  }

  varLong(v: number): void {
    let z = v >= 0 ? v * 2 : -v * 2 - 1;
    while (z >= TWO_POW_32) {
      this.buf[this.at++] = (z % 0x80) | 0x80;
      z = Math.floor(z / 0x80);
    }
    this.unsignedVarInt(z);
  }

  /** A length-prefixed field whose length {@link bytesLength} gave. */
  field(field: Buffer | string | null | undefined, length: number): void {
    this.varInt(length);
    if (length <= 0) return;
    if (Buffer.isBuffer(field)) this.at += field.copy(this.buf, this.at);
    else this.at += this.buf.write(String(field), this.at, length, 'utf8');
  }
}

function timestampOf(message: ProduceMessage, now: number): number {
  const raw = message.timestamp;
  // kafkajs takes a missing, empty or 0 timestamp as now (its `message.timestamp || Date.now()`).
  if (!raw) return now;
  const ms = Number(raw);
  if (!Number.isSafeInteger(ms)) throw new FerrisError('IO', `kafka: message timestamp ${JSON.stringify(raw)} is not a whole number of milliseconds`);
  return ms;
}

/** The records of one batch, laid out: their timestamps and the lengths the writing pass needs again. */
interface RecordsLayout {
  readonly firstTimestamp: number;
  readonly maxTimestamp: number;
  readonly times: Float64Array;
  readonly keyLengths: Int32Array;
  readonly valueLengths: Int32Array;
  readonly bodySizes: Int32Array;
  readonly headers: ([string, HeaderValue][] | undefined)[];
  /** The bytes of every record, length prefixes included. */
  readonly size: number;
}

function layRecords(messages: readonly ProduceMessage[], now: number): RecordsLayout {
  const n = messages.length;
  const times = new Float64Array(n);
  let firstTimestamp = Infinity;
  let maxTimestamp = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = timestampOf(messages[i]!, now);
    times[i] = t;
    if (t < firstTimestamp) firstTimestamp = t;
    if (t > maxTimestamp) maxTimestamp = t;
  }
  if (n === 0) firstTimestamp = maxTimestamp = now;
  const keyLengths = new Int32Array(n);
  const valueLengths = new Int32Array(n);
  const bodySizes = new Int32Array(n);
  const headers: ([string, HeaderValue][] | undefined)[] = new Array(n);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const message = messages[i]!;
    const keyLength = (keyLengths[i] = bytesLength(message.key));
    const valueLength = (valueLengths[i] = bytesLength(message.value));
    let body = 1 + varLongSize(times[i]! - firstTimestamp) + varIntSize(i) + fieldSize(keyLength) + fieldSize(valueLength);
    if (message.headers === undefined) body += 1;
    else {
      const pairs = (headers[i] = headerPairs(message.headers));
      body += headersSize(pairs);
    }
    bodySizes[i] = body;
    size += varIntSize(body) + body;
  }
  return { firstTimestamp, maxTimestamp, times, keyLengths, valueLengths, bodySizes, headers, size };
}

function writeRecords(out: ByteWriter, messages: readonly ProduceMessage[], layout: RecordsLayout): void {
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    out.varInt(layout.bodySizes[i]!);
    out.buf[out.at++] = 0; // record attributes: none are used
    out.varLong(layout.times[i]! - layout.firstTimestamp);
    out.varInt(i);
    out.field(message.key, layout.keyLengths[i]!);
    out.field(message.value, layout.valueLengths[i]!);
    const pairs = layout.headers[i];
    if (pairs === undefined) {
      out.varInt(0);
      continue;
    }
    out.varInt(pairs.length);
    for (const [key, value] of pairs) {
      out.field(key, Buffer.byteLength(key, 'utf8'));
      out.field(value, bytesLength(value));
    }
  }
}

/**
 * Encodes `messages` as one record batch (magic 2, base offset 0, the layout a Produce request
 * carries), byte for byte what kafkajs 2.2.4 writes for them, in one buffer sized up front
 * instead of a growing buffer per record and per field. `compress`, given for a codec other than
 * none, compresses the encoded records. One difference: the batch's first and max timestamps
 * are the numeric least and greatest of the records' timestamps, where kafkajs sorts them as
 * strings (equal for timestamps of equal digit count).
 */
export async function encodeRecordBatch(
  messages: readonly ProduceMessage[],
  fields: BatchFields,
  compress?: (records: Buffer) => Promise<Buffer>,
): Promise<Buffer> {
  const layout = layRecords(messages, Date.now());
  let records: Buffer | undefined;
  if (fields.codec !== 0) {
    if (compress === undefined) throw new FerrisError('INTERNAL', `kafka: no codec given for compression ${fields.codec}`);
    const plain = new ByteWriter(Buffer.allocUnsafe(layout.size));
    writeRecords(plain, messages, layout);
    records = await compress(plain.buf);
  }
  const L = BatchLayout;
  const size = L.HEADER_SIZE + (records?.length ?? layout.size);
  const batch = Buffer.allocUnsafe(size);
  batch.fill(0, L.BASE_OFFSET, L.LENGTH); // base offset, set by the broker
  batch.writeInt32BE(size - L.LOG_OVERHEAD, L.LENGTH);
  batch.writeInt32BE(0, L.LEADER_EPOCH);
  batch.writeInt8(MAGIC, L.MAGIC);
  batch.writeInt16BE(fields.codec | (fields.transactional ? BatchAttribute.TRANSACTIONAL : 0), L.ATTRIBUTES);
  batch.writeInt32BE(messages.length - 1, L.LAST_OFFSET_DELTA);
  writeInt64(batch, L.BASE_TIMESTAMP, layout.firstTimestamp);
  writeInt64(batch, L.MAX_TIMESTAMP, layout.maxTimestamp);
  batch.writeBigInt64BE(fields.producerId, L.PRODUCER_ID);
  batch.writeInt16BE(fields.producerEpoch, L.PRODUCER_EPOCH);
  batch.writeInt32BE(fields.firstSequence, L.BASE_SEQUENCE);
  batch.writeInt32BE(messages.length, L.RECORD_COUNT);
  if (records !== undefined) records.copy(batch, L.HEADER_SIZE);
  else {
    const out = new ByteWriter(batch);
    out.at = L.HEADER_SIZE;
    writeRecords(out, messages, layout);
  }
  batch.writeUInt32BE(crc32c(batch, L.ATTRIBUTES, size), L.CRC);
  return batch;
}
