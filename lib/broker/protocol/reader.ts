import { ProtocolError } from './protocolError.js';

const TWO_POW_32 = 4294967296;

/** Reads Kafka wire primitives (big-endian) from a buffer, advancing an offset. */
export class Reader {
  offset: number;

  constructor(
    readonly buf: Buffer,
    offset = 0,
    readonly end = buf.length,
  ) {
    this.offset = offset;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.end - this.offset;
  }

  private need(n: number): number {
    const at = this.offset;
    if (at + n > this.end) throw new ProtocolError(`truncated request: needed ${n} bytes at offset ${at}`);
    this.offset = at + n;
    return at;
  }

  /** Reads a signed 8-bit integer. */
  int8(): number {
    return this.buf.readInt8(this.need(1));
  }

  /** Reads a signed 16-bit integer. */
  int16(): number {
    return this.buf.readInt16BE(this.need(2));
  }

  /** Reads a signed 32-bit integer. */
  int32(): number {
    return this.buf.readInt32BE(this.need(4));
  }

  /** Reads a signed 64-bit integer as a number (exact below 2^53, which covers offsets and ids). */
  int64(): number {
    const at = this.need(8);
    return this.buf.readInt32BE(at) * TWO_POW_32 + this.buf.readUInt32BE(at + 4);
  }

  /** Reads an unsigned LEB128 varint (flexible-version lengths and tags). */
  uvarint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.buf[this.need(1)] as number;
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new ProtocolError('unsigned varint longer than 5 bytes');
    }
  }

  /** Reads `n` raw bytes as a view (no copy). */
  bytesView(n: number): Buffer {
    const at = this.need(n);
    return this.buf.subarray(at, at + n);
  }

  /** Reads a UTF-8 string of `n` bytes. */
  utf8(n: number): string {
    const at = this.need(n);
    return this.buf.toString('utf8', at, at + n);
  }
}
