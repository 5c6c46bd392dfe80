import { gunzipSync } from 'node:zlib';
import { BatchAttribute, BatchLayout, Compression } from './batch.js';

const TWO_POW_32 = 4294967296;

/** Reads a zig-zag varint (records use signed varints) starting at `at`; returns value and next position. */
function readVarint(buf: Buffer, at: number): [value: number, next: number] {
  let raw = 0;
  let scale = 1;
  let pos = at;
  for (;;) {
    const byte = buf[pos++];
    if (byte === undefined) throw new RangeError('record varint runs past the batch');
    raw += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) break;
    scale *= 128;
  }
  const value = raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  return [value, pos];
}

/**
 * The offset delta and timestamp of the first record in `batch` whose timestamp reaches
 * `timestamp`, for uncompressed and gzip batches; undefined for other codecs (the broker has no
 * snappy, lz4 or zstd decoder) or when no record qualifies.
 */
export function firstRecordAtOrAfter(batch: Buffer, timestamp: number): { offsetDelta: number; timestamp: number } | undefined {
  const codec = batch.readInt16BE(BatchLayout.ATTRIBUTES) & BatchAttribute.COMPRESSION_MASK;
  const baseTimestamp = batch.readInt32BE(BatchLayout.BASE_TIMESTAMP) * TWO_POW_32 + batch.readUInt32BE(BatchLayout.BASE_TIMESTAMP + 4);
  const count = batch.readInt32BE(BatchLayout.RECORD_COUNT);
  let records: Buffer;
  if (codec === Compression.NONE) records = batch.subarray(BatchLayout.HEADER_SIZE);
  else if (codec === Compression.GZIP) records = gunzipSync(batch.subarray(BatchLayout.HEADER_SIZE));
  else return undefined;
  let pos = 0;
  for (let i = 0; i < count; i++) {
    const [length, bodyStart] = readVarint(records, pos);
    const [timestampDelta, afterTimestamp] = readVarint(records, bodyStart + 1);
    const [offsetDelta] = readVarint(records, afterTimestamp);
    if (baseTimestamp + timestampDelta >= timestamp) return { offsetDelta, timestamp: baseTimestamp + timestampDelta };
    pos = bodyStart + length;
  }
  return undefined;
}
