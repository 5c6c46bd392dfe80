import { Socket } from 'node:net';
import type { ISocketFactory } from 'kafkajs';

/** The bytes of a Kafka response's size prefix (a big-endian int32, the bytes that follow it). */
const SIZE_BYTES = 4;

/** kafkajs's own keep-alive delay on its sockets. */
const KEEP_ALIVE_MS = 60_000;

/**
 * Cuts a stream of Kafka responses (each a 4-byte size and that many bytes) into runs of whole
 * responses: {@link take} returns the bytes of every response completed so far and keeps the
 * start of an incomplete one until the rest arrives.
 *
 * ```text
 * chunks in:  [size|resp 1 ...][... 1|size|resp 2|si][ze|resp 3]
 * taken out:  -                [resp 1 and resp 2    ][resp 3   ]
 * ```
 */
export class ResponseFrames {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes at the start of `chunks` that are whole responses. */
  private whole = 0;
  /** Where the response being read ends (in the buffered bytes), once its size prefix is in. */
  private frameEnd: number | undefined;

  /** Adds a chunk read from the socket; returns the whole responses it completes (one buffer), if any. */
  take(chunk: Buffer): Buffer | undefined {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.frameEnd === undefined) {
        if (this.buffered - this.whole < SIZE_BYTES) break;
        // A negative size (never sent by a broker) counts as 0, so that the loop always moves on.
        this.frameEnd = this.whole + SIZE_BYTES + Math.max(0, this.sizeAt(this.whole));
      }
      if (this.frameEnd > this.buffered) break;
      this.whole = this.frameEnd;
      this.frameEnd = undefined;
    }
    if (this.whole === 0) return undefined;
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    const out = all.subarray(0, this.whole);
    const rest = all.subarray(this.whole);
    this.chunks = rest.length === 0 ? [] : [rest];
    this.buffered = rest.length;
    if (this.frameEnd !== undefined) this.frameEnd -= this.whole;
    this.whole = 0;
    return out;
  }

  /** The size prefix starting `offset` bytes into the buffered chunks (it may span several). */
  private sizeAt(offset: number): number {
    const bytes = Buffer.alloc(SIZE_BYTES);
    let copied = 0;
    let skip = offset;
    for (const chunk of this.chunks) {
      if (skip >= chunk.length) {
        skip -= chunk.length;
        continue;
      }
      copied += chunk.copy(bytes, copied, skip, Math.min(chunk.length, skip + SIZE_BYTES - copied));
      skip = 0;
      if (copied === SIZE_BYTES) break;
    }
    return bytes.readInt32BE(0);
  }
}

/**
 * A TCP socket that hands its reader whole Kafka responses only: the start of a response stays
 * here until its last byte arrived, and is dropped with the socket when the connection ends
 * first. kafkajs 2.2.4 keeps one receive buffer per connection across reconnects
 * (`Connection.chunks`, never cleared), so half a response read before a reset was completed by
 * the first bytes of the next socket: every later response of that connection was read from a
 * wrong offset and none matched a request again (kafkajs logs `Response without match`
 * once). A consumer whose fetch connection was hit stopped fetching for good, without an error
 * (see docs/streaming-semantics.md, "Recovery from network faults").
 */
export class WholeResponseSocket extends Socket {
  private readonly frames = new ResponseFrames();

  /** Node's socket pushes what it reads here: only whole responses go on to the reader. */
  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (!Buffer.isBuffer(chunk)) return super.push(chunk, encoding);
    const whole = this.frames.take(chunk);
    return whole === undefined ? true : super.push(whole);
  }
}

/**
 * The socket factory of the connectors' kafkajs clients: plain TCP sockets, kept alive as
 * kafkajs's own are, that deliver whole responses ({@link WholeResponseSocket}). The clients
 * have no TLS settings, so kafkajs never asks for a TLS socket.
 */
export const wholeResponseSockets: ISocketFactory = ({ host, port, onConnect }) => {
  const socket = new WholeResponseSocket();
  socket.connect({ host, port }, onConnect);
  socket.setKeepAlive(true, KEEP_ALIVE_MS);
  return socket;
};
