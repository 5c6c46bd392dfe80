import { connect, type Socket } from 'node:net';
import type { ApiSchema } from '../../lib/broker/protocol/api.js';
import { Reader } from '../../lib/broker/protocol/reader.js';
import { Writer } from '../../lib/broker/protocol/writer.js';

/** A bare TCP client for protocol-level specs: sends frames, collects size-prefixed responses. */
export class RawClient {
  private buffered = Buffer.alloc(0);
  private readonly responses: Buffer[] = [];
  private waiting: (() => void) | undefined;
  private nextCorrelationId = 1_000_000;
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, d]);
      while (this.buffered.length >= 4 && this.buffered.length >= 4 + this.buffered.readInt32BE(0)) {
        const size = this.buffered.readInt32BE(0);
        this.responses.push(this.buffered.subarray(4, 4 + size));
        this.buffered = this.buffered.subarray(4 + size);
      }
      this.waiting?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiting?.();
    });
  }

  /** Connects to `port` on 127.0.0.1. */
  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Encodes a request frame (header v1, or v2 when `flexible`) with our own schemas. */
  static frame<Q>(schema: ApiSchema<Q, unknown>, version: number, correlationId: number, body: unknown, flexible = false): Buffer {
    const w = new Writer().int16(schema.key).int16(version).int32(correlationId).int16(4).utf8('spec');
    if (flexible) w.uvarint(0);
    schema.request.write(w, body, version, flexible);
    const payload = Buffer.concat(w.finish());
    const size = Buffer.alloc(4);
    size.writeInt32BE(payload.length);
    return Buffer.concat([size, payload]);
  }

  /** Writes raw bytes. */
  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The next response (correlation id first), or undefined if none arrives within `timeoutMs`. */
  async next(timeoutMs = 2000): Promise<Reader | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (this.responses.length === 0 && !this.closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiting = undefined;
    }
    const frame = this.responses.shift();
    return frame === undefined ? undefined : new Reader(frame);
  }

  /** Sends one request and reads its answer's body (fails when none arrives within `timeoutMs`). */
  async request<T>(schema: ApiSchema<unknown, unknown>, version: number, body: unknown, timeoutMs = 2000): Promise<T> {
    const correlationId = this.nextCorrelationId++;
    this.send(RawClient.frame(schema, version, correlationId, body));
    const response = await this.next(timeoutMs);
    if (response === undefined) throw new Error(`no answer to ${schema.name} v${version}${this.closed ? ': connection closed' : ''}`);
    const answered = response.int32();
    if (answered !== correlationId) throw new Error(`answer to ${answered} while waiting for ${correlationId}`);
    return readBody<T>(schema, version, response);
  }

  /** Closes the socket. */
  close(): void {
    this.socket.destroy();
  }
}

/** Reads a response body with a schema. */
export function readBody<T>(schema: ApiSchema<unknown, unknown>, version: number, r: Reader, flexible = false): T {
  return schema.response.read(r, version, flexible) as T;
}
