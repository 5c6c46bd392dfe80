/**
 * Splits a TCP byte stream into size-prefixed Kafka frames. Chunks are concatenated only once
 * per frame that spans several of them. A size above `maxFrameBytes` (a stray HTTP request,
 * garbage, or simply too big) is an error, so the connection can be closed before buffering it.
 */
export class FrameSplitter {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** Adds received bytes; returns the complete frames (without their size prefix). */
  push(data: Buffer): Buffer[] {
    this.chunks.push(data);
    this.buffered += data.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      const size = this.peekSize();
      if (size < 0 || size > this.maxFrameBytes) throw new RangeError(`request size ${size} outside 0..${this.maxFrameBytes} (--max-request-bytes)`);
      if (this.buffered < size + 4) break;
      const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.buffered);
      frames.push(all.subarray(4, 4 + size));
      const rest = all.subarray(4 + size);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
    }
    return frames;
  }

  private peekSize(): number {
    const first = this.chunks[0] as Buffer;
    if (first.length >= 4) return first.readInt32BE(0);
    return Buffer.concat(this.chunks, this.buffered).readInt32BE(0);
  }
}
