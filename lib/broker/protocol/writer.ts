const TWO_POW_32 = 4294967296;
const CHUNK_SIZE = 2048;
/** Buffers at least this large are appended by reference instead of copied. */
const ZERO_COPY_THRESHOLD = 1024;

/**
 * Writes Kafka wire primitives into a list of chunks. Large byte ranges (record batches) are
 * kept by reference, so a Fetch response never copies the log.
 */
export class Writer {
  private readonly chunks: Buffer[] = [];
  private buf: Buffer = Buffer.allocUnsafe(CHUNK_SIZE);
  private pos = 0;

  private room(n: number): Buffer {
    if (this.pos + n > this.buf.length) {
      this.flush();
      this.buf = Buffer.allocUnsafe(Math.max(CHUNK_SIZE, n));
    }
    return this.buf;
  }

  private flush(): void {
    if (this.pos === 0) return;
    this.chunks.push(this.buf.subarray(0, this.pos));
    this.buf = this.buf.subarray(this.pos);
    this.pos = 0;
  }

  /** Writes a signed 8-bit integer. */
  int8(v: number): this {
    this.pos = this.room(1).writeInt8(v, this.pos);
    return this;
  }

  /** Writes a signed 16-bit integer. */
  int16(v: number): this {
    this.pos = this.room(2).writeInt16BE(v, this.pos);
    return this;
  }

  /** Writes a signed 32-bit integer. */
  int32(v: number): this {
    this.pos = this.room(4).writeInt32BE(v, this.pos);
    return this;
  }

  /** Writes a signed 64-bit integer given as a safe-integer number. */
  int64(v: number): this {
    const b = this.room(8);
    const high = Math.floor(v / TWO_POW_32);
    b.writeInt32BE(high, this.pos);
    b.writeUInt32BE(v - high * TWO_POW_32, this.pos + 4);
    this.pos += 8;
    return this;
  }

  /** Writes an unsigned LEB128 varint. */
  uvarint(v: number): this {
    let rest = v;
    while (rest >= 0x80) {
      this.pos = this.room(1).writeUInt8((rest & 0x7f) | 0x80, this.pos);
      rest = Math.floor(rest / 128);
    }
    this.pos = this.room(1).writeUInt8(rest, this.pos);
    return this;
  }

  /** Writes raw bytes; large ones are referenced, not copied. */
  bytes(data: Buffer): this {
    if (data.length >= ZERO_COPY_THRESHOLD) {
      this.flush();
      this.chunks.push(data);
      return this;
    }
    const b = this.room(data.length);
    data.copy(b, this.pos);
    this.pos += data.length;
    return this;
  }

  /** Writes a string as UTF-8 bytes without a length prefix. */
  utf8(s: string): this {
    const n = Buffer.byteLength(s);
    const b = this.room(n);
    this.pos += b.write(s, this.pos, 'utf8');
    return this;
  }

  /** Ends writing and returns the chunks (views that must not outlive their use). */
  finish(): Buffer[] {
    this.flush();
    return this.chunks;
  }
}
