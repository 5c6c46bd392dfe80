import type { Socket } from 'node:net';
import { unsupportedApiVersionsBody } from '../handlers/apiVersions.js';
import { ROUTES } from '../handlers/index.js';
import type { Route } from '../handlers/route.js';
import { PRE_AUTHENTICATION_APIS, SaslSession } from '../auth/saslSession.js';
import { ErrorCode } from '../protocol/errorCodes.js';
import { ApiVersions } from '../protocol/messages/cluster.js';
import { Reader } from '../protocol/reader.js';
import { nullableString } from '../protocol/schema.js';
import { Writer } from '../protocol/writer.js';
import type { BrokerState } from '../state.js';
import type { ByteBudget } from './byteBudget.js';
import { FrameSplitter } from './frames.js';

/** Requests buffered per connection before the socket stops being read (backpressure). */
const MAX_QUEUED_REQUESTS = 64;

interface RequestHeader {
  readonly apiKey: number;
  readonly version: number;
  readonly correlationId: number;
  readonly clientId: string;
}

function skipTags(r: Reader): void {
  const count = r.uvarint();
  for (let i = 0; i < count; i++) {
    r.uvarint();
    r.bytesView(r.uvarint());
  }
}

/** The size prefix of every frame. */
const SIZE_BYTES = 4;

/**
 * One client connection. Requests are handled one at a time, in arrival order, so responses
 * go out in request order (as librdkafka requires); acks=0 produces get no response.
 * Received bytes count against the broker-wide `budget` until their request is handled; a
 * connection without traffic and without a request in progress for `--connections-max-idle-ms`
 * is closed.
 */
export class Connection {
  private readonly frames: FrameSplitter;
  private readonly queue: Buffer[] = [];
  private busy = false;
  private closed = false;
  /** Set once the last answer is written and the socket is ending (failed authentication). */
  private ending = false;
  private readonly sasl: SaslSession | undefined;
  /** Bytes of this connection counted in the budget: received, not yet handled. */
  private held = 0;
  private readonly peer: string;

  constructor(
    private readonly socket: Socket,
    private readonly state: BrokerState,
    private readonly budget: ByteBudget,
    private readonly onClose: (c: Connection) => void,
  ) {
    this.peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.frames = new FrameSplitter(state.options.maxRequestBytes);
    this.sasl = state.credentials === undefined ? undefined : new SaslSession(state.credentials);
    socket.setNoDelay(true);
    socket.setTimeout(state.options.connectionsMaxIdleMs);
    socket.on('timeout', () => this.idle());
    socket.on('data', (data: Buffer) => this.receive(data));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  /** Closes the connection. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.budget.release(this.held);
    this.held = 0;
    this.socket.destroy();
    this.onClose(this);
  }

  private idle(): void {
    if (this.busy || this.queue.length > 0) {
      this.socket.setTimeout(this.state.options.connectionsMaxIdleMs);
      return;
    }
    this.state.options.log(`closing connection from ${this.peer}: idle for ${this.state.options.connectionsMaxIdleMs} ms (--connections-max-idle-ms)`);
    this.close();
  }

  private receive(data: Buffer): void {
    if (this.ending) return;
    if (!this.budget.tryReserve(data.length)) {
      this.fail(new Error(`${this.budget.held} request bytes are buffered over all connections; ${data.length} more would exceed --max-buffered-bytes ${this.budget.limit}`));
      return;
    }
    this.held += data.length;
    try {
      for (const frame of this.frames.push(data)) this.queue.push(frame);
    } catch (error: unknown) {
      this.fail(error);
      return;
    }
    if (this.queue.length >= MAX_QUEUED_REQUESTS) this.socket.pause();
    this.pump();
  }

  private fail(error: unknown): void {
    this.state.options.log(`closing connection from ${this.peer}: ${error instanceof Error ? error.message : String(error)}`);
    this.close();
  }

  private pump(): void {
    while (!this.busy && !this.closed && !this.ending && this.queue.length > 0) {
      if (this.socket.writableNeedDrain) {
        this.busy = true;
        this.socket.once('drain', () => {
          this.busy = false;
          this.pump();
        });
        return;
      }
      const frame = this.queue.shift() as Buffer;
      this.budget.release(frame.length + SIZE_BYTES);
      this.held -= frame.length + SIZE_BYTES;
      let pending: Promise<void> | undefined;
      try {
        pending = this.process(frame);
      } catch (error: unknown) {
        this.fail(error);
        return;
      }
      if (pending !== undefined) {
        this.busy = true;
        pending.then(() => {
          this.busy = false;
          this.pump();
        }, (error: unknown) => this.fail(error));
      }
    }
    if (this.queue.length < MAX_QUEUED_REQUESTS && this.socket.isPaused()) this.socket.resume();
  }

  private process(frame: Buffer): Promise<void> | undefined {
    const r = new Reader(frame);
    const header: RequestHeader = { apiKey: r.int16(), version: r.int16(), correlationId: r.int32(), clientId: nullableString.read(r, 0, false) ?? '' };
    const route = ROUTES.get(header.apiKey);
    if (route === undefined || header.version < route.schema.minVersion || header.version > route.schema.maxVersion) {
      return this.unsupported(header, route);
    }
    if (this.sasl !== undefined && !this.sasl.authenticated && !PRE_AUTHENTICATION_APIS.has(header.apiKey)) {
      this.fail(new Error(`${route.schema.name} before SASL authentication`));
      return undefined;
    }
    const flexible = header.version >= route.schema.flexibleFrom;
    if (flexible) skipTags(r);
    const request = route.schema.request.read(r, header.version, flexible);
    const fault = this.state.faults.next(header.apiKey);
    if (fault?.kind === 'drop' && fault.afterHandling !== true) {
      this.fail(new Error(`fault injection dropped ${route.schema.name} v${header.version}`));
      return undefined;
    }
    const context = { version: header.version, clientId: header.clientId, clientHost: this.socket.remoteAddress ?? '', sasl: this.sasl };
    const reply = fault?.kind === 'error' ? route.reject(request, fault.errorCode) : route.handle(this.state, request, context);
    const send = (response: unknown): void => {
      if (fault?.kind === 'drop') this.fail(new Error(`fault injection dropped the answer to ${route.schema.name} v${header.version}`));
      else if (response !== null) this.send(route, header, flexible, response);
      if (this.sasl?.failed === true) this.endAfterAnswer();
    };
    const delay = fault?.kind === 'delay' ? fault.ms : 0;
    if (!(reply instanceof Promise) && delay === 0) {
      send(reply);
      return undefined;
    }
    return Promise.resolve(reply).then(async (response) => {
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (!this.closed) send(response);
    });
  }

  /** Lets the written answer reach the client, then closes (failed authentication). */
  private endAfterAnswer(): void {
    if (this.ending) return;
    this.ending = true;
    this.state.options.log(`closing connection from ${this.peer}: SASL authentication failed`);
    this.queue.length = 0;
    this.socket.end();
  }

  private unsupported(header: RequestHeader, route: Route | undefined): undefined {
    if (header.apiKey === ApiVersions.key) {
      const w = new Writer();
      ApiVersions.response.write(w, unsupportedApiVersionsBody(), 0, false);
      this.write(header.correlationId, false, w.finish());
      return undefined;
    }
    this.state.options.log(`${this.peer}: ${route === undefined ? `unknown API key ${header.apiKey}` : `${route.schema.name} v${header.version} not supported (accepted: v${route.schema.minVersion}-v${route.schema.maxVersion})`}; answering UNSUPPORTED_VERSION`);
    this.write(header.correlationId, false, [Buffer.from([0, ErrorCode.UNSUPPORTED_VERSION])]);
    return undefined;
  }

  private send(route: Route, header: RequestHeader, flexible: boolean, response: unknown): void {
    const w = new Writer();
    route.schema.response.write(w, response, header.version, flexible);
    this.write(header.correlationId, flexible && header.apiKey !== ApiVersions.key, w.finish());
  }

  private write(correlationId: number, taggedHeader: boolean, body: Buffer[]): void {
    if (this.closed) return;
    let size = 4 + (taggedHeader ? 1 : 0);
    for (const chunk of body) size += chunk.length;
    const head = Buffer.allocUnsafe(taggedHeader ? 9 : 8);
    head.writeInt32BE(size, 0);
    head.writeInt32BE(correlationId, 4);
    if (taggedHeader) head.writeUInt8(0, 8);
    this.socket.cork();
    this.socket.write(head);
    for (const chunk of body) this.socket.write(chunk);
    this.socket.uncork();
  }
}
