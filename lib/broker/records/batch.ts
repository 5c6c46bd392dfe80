import { crc32c } from './crc32c.js';

/** Byte offsets of the record batch v2 header fields. */
export const BatchLayout = {
  BASE_OFFSET: 0,
  LENGTH: 8,
  LEADER_EPOCH: 12,
  MAGIC: 16,
  CRC: 17,
  ATTRIBUTES: 21,
  LAST_OFFSET_DELTA: 23,
  BASE_TIMESTAMP: 27,
  MAX_TIMESTAMP: 35,
  PRODUCER_ID: 43,
  PRODUCER_EPOCH: 51,
  BASE_SEQUENCE: 53,
  RECORD_COUNT: 57,
  HEADER_SIZE: 61,
  /** Bytes before the batch length field ends: batch size = length + this. */
  LOG_OVERHEAD: 12,
} as const;

/** Attribute bits of a record batch. */
export const BatchAttribute = { COMPRESSION_MASK: 0x07, LOG_APPEND_TIME: 0x08, TRANSACTIONAL: 0x10, CONTROL: 0x20 } as const;

/** Compression codec ids (attributes bits 0-2). */
export const Compression = { NONE: 0, GZIP: 1, SNAPPY: 2, LZ4: 3, ZSTD: 4 } as const;

/** The header fields of a record batch the broker needs, read without touching the records. */
export interface BatchHeader {
  readonly size: number;
  readonly magic: number;
  readonly crc: number;
  readonly attributes: number;
  readonly lastOffsetDelta: number;
  readonly maxTimestamp: number;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly recordCount: number;
}

const TWO_POW_32 = 4294967296;

function readInt64(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * TWO_POW_32 + buf.readUInt32BE(at + 4);
}

/** Writes a whole number of at most 2^53 either way as a big-endian int64 at `at`. */
export function writeInt64(buf: Buffer, at: number, v: number): void {
  const high = Math.floor(v / TWO_POW_32);
  buf.writeInt32BE(high, at);
  buf.writeUInt32BE(v - high * TWO_POW_32, at + 4);
}

/** Reads the header of the batch starting at `at`; the caller checks there are 61 bytes. */
export function readBatchHeader(buf: Buffer, at = 0): BatchHeader {
  return {
    size: buf.readInt32BE(at + BatchLayout.LENGTH) + BatchLayout.LOG_OVERHEAD,
    magic: buf.readInt8(at + BatchLayout.MAGIC),
    crc: buf.readUInt32BE(at + BatchLayout.CRC),
    attributes: buf.readInt16BE(at + BatchLayout.ATTRIBUTES),
    lastOffsetDelta: buf.readInt32BE(at + BatchLayout.LAST_OFFSET_DELTA),
    maxTimestamp: readInt64(buf, at + BatchLayout.MAX_TIMESTAMP),
    producerId: readInt64(buf, at + BatchLayout.PRODUCER_ID),
    producerEpoch: buf.readInt16BE(at + BatchLayout.PRODUCER_EPOCH),
    baseSequence: buf.readInt32BE(at + BatchLayout.BASE_SEQUENCE),
    recordCount: buf.readInt32BE(at + BatchLayout.RECORD_COUNT),
  };
}

/** Reads the base offset of the batch starting at `at`. */
export function readBaseOffset(buf: Buffer, at = 0): number {
  return readInt64(buf, at + BatchLayout.BASE_OFFSET);
}

/** Whether the stored CRC matches the bytes it covers (attributes to the batch end). */
export function batchCrcMatches(buf: Buffer, at: number, header: BatchHeader): boolean {
  return crc32c(buf, at + BatchLayout.ATTRIBUTES, at + header.size) === header.crc;
}

/** Overwrites base offset and leader epoch, the two fields outside the CRC. */
export function patchBatch(buf: Buffer, baseOffset: number, leaderEpoch: number): void {
  writeInt64(buf, BatchLayout.BASE_OFFSET, baseOffset);
  buf.writeInt32BE(leaderEpoch, BatchLayout.LEADER_EPOCH);
}

/** The kind of transaction marker a control batch carries. */
export type ControlType = 'abort' | 'commit';

/**
 * Builds a control batch (one record) ending a transaction: key = version 0 + type
 * (0 abort, 1 commit), value = version 0 + coordinator epoch, with a valid CRC-32C.
 */
export function buildControlBatch(baseOffset: number, producerId: number, producerEpoch: number, type: ControlType, timestamp: number): Buffer {
  // Record body: attributes, timestampDelta 0, offsetDelta 0, key length 4, key, value length 6, value, 0 headers.
  const body = Buffer.from([0, 0, 0, 8, 0, 0, 0, type === 'commit' ? 1 : 0, 12, 0, 0, 0, 0, 0, 0, 0]);
  const recordLength = body.length;
  const size = BatchLayout.HEADER_SIZE + 1 + recordLength;
  const buf = Buffer.alloc(size);
  writeInt64(buf, BatchLayout.BASE_OFFSET, baseOffset);
  buf.writeInt32BE(size - BatchLayout.LOG_OVERHEAD, BatchLayout.LENGTH);
  buf.writeInt8(2, BatchLayout.MAGIC);
  buf.writeInt16BE(BatchAttribute.TRANSACTIONAL | BatchAttribute.CONTROL, BatchLayout.ATTRIBUTES);
  buf.writeInt32BE(0, BatchLayout.LAST_OFFSET_DELTA);
  writeInt64(buf, BatchLayout.BASE_TIMESTAMP, timestamp);
  writeInt64(buf, BatchLayout.MAX_TIMESTAMP, timestamp);
  writeInt64(buf, BatchLayout.PRODUCER_ID, producerId);
  buf.writeInt16BE(producerEpoch, BatchLayout.PRODUCER_EPOCH);
  buf.writeInt32BE(-1, BatchLayout.BASE_SEQUENCE);
  buf.writeInt32BE(1, BatchLayout.RECORD_COUNT);
  buf.writeUInt8(recordLength << 1, BatchLayout.HEADER_SIZE);
  body.copy(buf, BatchLayout.HEADER_SIZE + 1);
  buf.writeUInt32BE(crc32c(buf, BatchLayout.ATTRIBUTES, size), BatchLayout.CRC);
  return buf;
}
