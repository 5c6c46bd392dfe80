import { FerrisError } from '../../../types/errors.js';

/**
 * The Confluent schema-registry wire format: a message value is the magic byte 0, the schema
 * id as a big-endian 32-bit integer, then the payload. Protobuf payloads are preceded by the
 * path of the message type in the schema (message indexes), see {@link readMessageIndexes}.
 */

const MAGIC_BYTE = 0;
/** Magic byte and schema id. */
export const WIRE_HEADER_BYTES = 5;

/** A framed value taken apart: the schema id and what follows the header. */
export interface FramedValue {
  readonly schemaId: number;
  readonly body: Buffer;
}

/** Splits a framed value; throws BAD_RECORD when it does not start with the magic byte and an id. */
export function unframe(value: Buffer): FramedValue {
  if (value.length < WIRE_HEADER_BYTES || value[0] !== MAGIC_BYTE) {
    throw new FerrisError('BAD_RECORD', 'not in the schema-registry wire format (magic byte 0 and a 4-byte schema id)');
  }
  return { schemaId: value.readInt32BE(1), body: value.subarray(WIRE_HEADER_BYTES) };
}

/** The header of values written with a schema id: the magic byte and the id. */
export function wireHeader(schemaId: number): Buffer {
  const header = Buffer.alloc(WIRE_HEADER_BYTES);
  header[0] = MAGIC_BYTE;
  header.writeInt32BE(schemaId, 1);
  return header;
}

/** Reads a zig-zag varint at `at`; returns the value and the offset after it. */
function readZigZag(buf: Buffer, at: number): [number, number] {
  let raw = 0;
  let shift = 0;
  for (;;) {
    if (at >= buf.length || shift > 28) throw new FerrisError('BAD_RECORD', 'truncated protobuf message indexes');
    const byte = buf[at++]!;
    raw |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) break;
    shift += 7;
  }
  return [(raw >>> 1) ^ -(raw & 1), at];
}

function writeZigZag(n: number, out: number[]): void {
  let raw = ((n << 1) ^ (n >> 31)) >>> 0;
  while (raw > 0x7f) {
    out.push((raw & 0x7f) | 0x80);
    raw >>>= 7;
  }
  out.push(raw);
}

/**
 * Reads the message indexes of a Protobuf body: the path of the message type in its schema
 * (`[0]` the first top-level message, `[1, 0]` the first nested message of the second), as a
 * zig-zag varint count followed by the indexes; a single 0 byte stands for `[0]`. Returns the
 * path and the protobuf payload after it.
 */
export function readMessageIndexes(body: Buffer): { readonly path: readonly number[]; readonly payload: Buffer } {
  let [count, at] = readZigZag(body, 0);
  if (count === 0) return { path: [0], payload: body.subarray(at) };
  if (count < 0 || count > 100) throw new FerrisError('BAD_RECORD', `invalid protobuf message index count ${count}`);
  const path: number[] = [];
  for (; count > 0; count--) {
    const [index, next] = readZigZag(body, at);
    path.push(index);
    at = next;
  }
  return { path, payload: body.subarray(at) };
}

/** The message-index prefix of a path (the single 0 byte for `[0]`). */
export function messageIndexes(path: readonly number[]): Buffer {
  if (path.length === 1 && path[0] === 0) return Buffer.from([0]);
  const out: number[] = [];
  writeZigZag(path.length, out);
  for (const index of path) writeZigZag(index, out);
  return Buffer.from(out);
}
