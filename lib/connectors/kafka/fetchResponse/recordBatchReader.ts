import { createRequire } from 'node:module';
import { BatchAttribute, BatchLayout as L } from '../../../broker/records/batch.js';

const require = createRequire(import.meta.url);

/** Where kafkajs's Fetch decoding is when it hands over a record batch: its decoder over the partition's record set (`src/protocol/decoder.js`). */
export interface FetchDecoder {
  readonly buffer: Buffer;
  offset: number;
}

/** One decompressor of kafkajs's codec table (`src/protocol/message/compression`), as kafkajs calls it. */
interface Codec {
  decompress(buffer: Buffer): Promise<Buffer>;
}

/** The batch fields every record of it refers to: kafkajs's `batchContext`, field for field, in its order. */
export interface RecordBatchContext {
  readonly firstOffset: string;
  readonly firstTimestamp: string;
  readonly partitionLeaderEpoch: number;
  readonly inTransaction: boolean;
  readonly isControlBatch: boolean;
  readonly lastOffsetDelta: number;
  readonly producerId: string;
  readonly producerEpoch: number;
  readonly firstSequence: number;
  readonly maxTimestamp: string;
  readonly timestampType: number;
}

/** A record as kafkajs's record decoder gives it (`src/protocol/recordBatch/record/v0/decoder.js`). */
export interface DecodedRecord {
  readonly magicByte: number;
  readonly attributes: number;
  readonly timestamp: string;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, Buffer | null | (Buffer | null)[]>;
  readonly isControlRecord: boolean;
  readonly batchContext: RecordBatchContext & { readonly magicByte: number };
}

/** A decoded batch: its context's fields and its records. */
export type DecodedRecordBatch = RecordBatchContext & { readonly records: DecodedRecord[] };

const { lookupCodecByAttributes } = require('kafkajs/src/protocol/message/compression/index.js') as { lookupCodecByAttributes: (attributes: number) => Codec | null };
const { KafkaJSPartialMessageError } = require('kafkajs/src/errors.js') as { KafkaJSPartialMessageError: new (message: string) => Error };
const TimestampTypes = require('kafkajs/src/protocol/timestampTypes.js') as { CREATE_TIME: number; LOG_APPEND_TIME: number };


/** The signed value of a zigzag-encoded unsigned number below 2^53. */
function unZigZag(raw: number): number {
  return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
}

/** Reads varints and byte fields of one buffer from a moving position. */
class Cursor {
  constructor(
    readonly buffer: Buffer,
    public at: number,
  ) {}

  /** Whether the last byte {@link unsigned} read says more bytes follow. */
  private more = false;

  /** A varint's first bytes as an unsigned number, at most `bits` bits of it (a multiple of 7), setting {@link more}. */
  private unsigned(bits: number): number {
    const b = this.buffer;
    let byte = b[this.at++]!;
    let raw = byte & 0x7f;
    let shift = 7;
    // The first four bytes in 32-bit integer arithmetic (28 bits), the rest in doubles.
    for (; byte >= 0x80 && shift < 28; shift += 7) {
      byte = b[this.at++]!;
      raw |= (byte & 0x7f) << shift;
    }
    for (let scale = 2 ** 28; byte >= 0x80 && shift < bits; shift += 7, scale *= 128) {
      byte = b[this.at++]!;
      raw += (byte & 0x7f) * scale;
    }
    this.more = byte >= 0x80;
    return raw;
  }

  /** A zigzag varint that fits 32 bits (lengths, counts, offset deltas). */
  varInt(): number {
    return unZigZag(this.unsigned(35));
  }

  /** A zigzag varlong: a number while it is exact, a bigint beyond 2^53. */
  varLong(): number | bigint {
    const raw = this.unsigned(49);
    if (!this.more) return unZigZag(raw);
    let big = BigInt(raw);
    for (let bits = 49n; this.more; bits += 7n) {
      const byte = this.buffer[this.at++]!;
      big += BigInt(byte & 0x7f) << bits;
      this.more = byte >= 0x80;
    }
    return big % 2n === 0n ? big / 2n : -(big + 1n) / 2n;
  }

  /** A varint-length byte field as a view of the buffer, or null for length -1. */
  bytes(): Buffer | null {
    const length = this.varInt();
    if (length < 0) return null;
    const start = this.at;
    this.at += length;
    return this.buffer.subarray(start, this.at);
  }

  /** A varint-length UTF-8 string, or null for length -1. */
  text(): string | null {
    const length = this.varInt();
    if (length < 0) return null;
    const start = this.at;
    this.at += length;
    return this.buffer.toString('utf8', start, this.at);
  }
}

/** `base` plus `delta` as the decimal text kafkajs's `Long` arithmetic gives (a bigint's: no wrapping at 64 bits). */
function plus(base: bigint, baseNumber: number, delta: number | bigint): string {
  if (typeof delta === 'number') {
    const sum = baseNumber + delta;
    if (Number.isSafeInteger(baseNumber) && Number.isSafeInteger(sum)) return String(sum);
  }
  return (base + BigInt(delta)).toString();
}

/** A record's headers as kafkajs gathers them: one value per key, an array of them for a key repeated. */
function gatherHeaders(cursor: Cursor): DecodedRecord['headers'] {
  const count = cursor.varInt();
  const headers: DecodedRecord['headers'] = {};
  if (count <= 0) return headers;
  const pairs: [string, Buffer | null][] = [];
  for (let i = 0; i < count; i++) pairs.push([String(cursor.text()), cursor.bytes()]);
  if (pairs.some(([key]) => key === '__proto__')) return gatherLikeKafkajs(pairs);
  for (const [key, value] of pairs) {
    const held = headers[key];
    headers[key] = held === undefined ? value : Array.isArray(held) ? held.concat([value]) : [held, value];
  }
  return headers;
}

/** kafkajs's own gathering (a spread per header), for a key an assignment would not make an own property of. */
function gatherLikeKafkajs(pairs: readonly [string, Buffer | null][]): DecodedRecord['headers'] {
  return pairs.reduce<Record<string, unknown>>((held, [key, value]) => {
    const before = held[key];
    return { ...held, [key]: before === undefined ? value : Array.isArray(before) ? before.concat([value]) : [before, value] };
  }, {}) as DecodedRecord['headers'];
}

/** A batch's first offset and first timestamp, to which its records' deltas are added. */
class BatchBases {
  private readonly offsetNumber: number;
  private readonly timestampNumber: number;
  private lastDelta: number | bigint | undefined;
  private lastTimestamp = '';

  constructor(
    private readonly offset: bigint,
    private readonly timestamp: bigint,
  ) {
    this.offsetNumber = Number(offset);
    this.timestampNumber = Number(timestamp);
  }

  /** The offset of the record `delta` after the first. */
  offsetAt(delta: number): string {
    return plus(this.offset, this.offsetNumber, delta);
  }

  /** The timestamp `delta` after the first; the text of the last delta again when it repeats (the records of one send share their time). */
  timestampAt(delta: number | bigint): string {
    if (delta !== this.lastDelta) [this.lastDelta, this.lastTimestamp] = [delta, plus(this.timestamp, this.timestampNumber, delta)];
    return this.lastTimestamp;
  }
}

/** One record at the cursor: its length, then its fields, as kafkajs's record decoder reads them. */
function readRecord(cursor: Cursor, context: DecodedRecord['batchContext'], bases: BatchBases): DecodedRecord {
  const length = cursor.varInt();
  const end = cursor.at + length;
  const attributes = cursor.buffer.readInt8(cursor.at++);
  const timestampDelta = cursor.varLong();
  const timestamp =
    context.timestampType === TimestampTypes.LOG_APPEND_TIME && context.maxTimestamp ? context.maxTimestamp : bases.timestampAt(timestampDelta);
  const offset = bases.offsetAt(cursor.varInt());
  const key = cursor.bytes();
  const value = cursor.bytes();
  const headers = gatherHeaders(cursor);
  cursor.at = end;
  return { magicByte: context.magicByte, attributes, timestamp, offset, key, value, headers, isControlRecord: context.isControlBatch, batchContext: context };
}

/**
 * Reads one record batch (magic 2) at `fetchDecoder`'s position and moves past it: the same
 * batch context and records, field for field, as kafkajs 2.2.4's record batch decoder
 * (`src/protocol/recordBatch/v0/decoder.js`), which it replaces in kafkajs's Fetch decoding
 * (kafkajsRecordBatchDecoding.ts). kafkajs adds every record's offset and timestamp deltas in
 * its `Long` class, from the batch's first offset as text, builds a decoder per record and a
 * new object per header; this adds numbers while they are exact (bigints beyond 2^53, as
 * kafkajs's `Long`, which is a bigint, does) and reads every record from one cursor. A batch cut short by the
 * fetch's size limit throws kafkajs's KafkaJSPartialMessageError, which kafkajs's caller takes
 * as the end of the record set; compressed batches go through kafkajs's codec table, so codecs
 * registered with kafkajs work. Varints of five bytes are read whole (kafkajs drops their top
 * bits: lengths of 128 MiB and more).
 */
export async function readRecordBatch(fetchDecoder: FetchDecoder): Promise<DecodedRecordBatch> {
  const { buffer } = fetchDecoder;
  const at = fetchDecoder.offset;
  const firstOffsetBig = buffer.readBigInt64BE(at + L.BASE_OFFSET);
  const length = buffer.readInt32BE(at + L.LENGTH);
  const end = at + L.LOG_OVERHEAD + length;
  fetchDecoder.offset = end;
  const remaining = Math.max(0, Math.min(length, buffer.length - (at + L.LOG_OVERHEAD)));
  if (remaining < length) throw new KafkaJSPartialMessageError(`Tried to decode a partial record batch: remainingBytes(${remaining}) < recordBatchLength(${length})`);
  const attributes = buffer.readInt16BE(at + L.ATTRIBUTES);
  const firstTimestampBig = buffer.readBigInt64BE(at + L.BASE_TIMESTAMP);
  const context: RecordBatchContext = {
    firstOffset: firstOffsetBig.toString(),
    firstTimestamp: firstTimestampBig.toString(),
    partitionLeaderEpoch: buffer.readInt32BE(at + L.LEADER_EPOCH),
    inTransaction: (attributes & BatchAttribute.TRANSACTIONAL) > 0,
    isControlBatch: (attributes & BatchAttribute.CONTROL) > 0,
    lastOffsetDelta: buffer.readInt32BE(at + L.LAST_OFFSET_DELTA),
    producerId: buffer.readBigInt64BE(at + L.PRODUCER_ID).toString(),
    producerEpoch: buffer.readInt16BE(at + L.PRODUCER_EPOCH),
    firstSequence: buffer.readInt32BE(at + L.BASE_SEQUENCE),
    maxTimestamp: buffer.readBigInt64BE(at + L.MAX_TIMESTAMP).toString(),
    timestampType: (attributes & BatchAttribute.LOG_APPEND_TIME) > 0 ? TimestampTypes.LOG_APPEND_TIME : TimestampTypes.CREATE_TIME,
  };
  const batchContext = { ...context, magicByte: buffer.readInt8(at + L.MAGIC) };
  const bases = new BatchBases(firstOffsetBig, firstTimestampBig);
  const count = buffer.readInt32BE(at + L.RECORD_COUNT);
  const records: DecodedRecord[] = [];
  if (count > 0) {
    const codec = lookupCodecByAttributes(attributes);
    const recordsStart = at + L.HEADER_SIZE;
    const cursor = codec === null ? new Cursor(buffer, recordsStart) : new Cursor(await codec.decompress(buffer.subarray(recordsStart, end)), 0);
    for (let i = 0; i < count; i++) records.push(readRecord(cursor, batchContext, bases));
  }
  return { ...context, records };
}
