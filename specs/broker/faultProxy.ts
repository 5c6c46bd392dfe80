import { createConnection, createServer, type Socket } from 'node:net';
import type { Kafka, RetryOptions } from 'kafkajs';
import { afterAll, beforeAll } from 'vitest';
import type { RunningBroker } from '../../lib/broker/index.js';
import { wholeResponseSockets } from '../../lib/connectors/kafka/wholeResponseSocket.js';
import { kafkaFor, testBroker } from './helpers.js';

/** A TCP proxy in front of a broker that injects network faults (for specs). */
export interface FaultProxy {
  /** The port the proxy listens on (start the broker advertising it, so clients stay behind the proxy). */
  readonly port: number;
  /** `127.0.0.1:port`. */
  readonly address: string;
  /** Where connections are forwarded; set once the broker listens. */
  forwardTo(port: number, host?: string): void;
  /** Resets every open connection now, as a broker restart or a network cut would (new connections work). */
  dropConnections(): number;
  /**
   * Resets every open connection in the middle of its next response: the client gets only the
   * first half of the next chunk the broker sends on it, then the connection is reset (a cut
   * while a response is on the wire). Returns how many connections will be cut so.
   */
  cutMidResponse(): number;
  /**
   * Stops answering on every open connection whose first request was a Fetch (kafkajs fetches on
   * a connection of its own): requests still go out, no response comes back and nothing is
   * reset, as on a half-open connection whose far end a NAT or firewall forgot. New connections
   * work. Returns how many connections stall.
   */
  stallFetchConnections(): number;
  /** Holds every response (broker to client) back `ms` ms from now on, keeping their order; 0 ends the delay. */
  delayResponses(ms: number): void;
  /**
   * Black-holes the network for `ms` ms: bytes in both directions vanish and new connections
   * hang; when it ends, the connections that lost bytes are reset (as TCP gives up on them).
   * Resolves when it ended.
   */
  blackHole(ms: number): Promise<void>;
  /** Connections accepted so far. */
  readonly accepted: number;
  close(): Promise<void>;
}

/** The API key of a Kafka Fetch request. */
const FETCH_API_KEY = 1;

/** One client connection and its upstream twin. */
interface Pipe {
  readonly client: Socket;
  readonly upstream: Socket;
  /** The time the previous response chunk was released (responses never overtake each other). */
  lastRelease: number;
  lostBytes: boolean;
  /** Set by `cutMidResponse`: called with the next response chunk instead of delivering it. */
  cut: ((chunk: Buffer) => void) | undefined;
  /** The API key of the first request the client sent (1: Fetch), once it sent one. */
  firstApiKey: number | undefined;
  /** Set by `stallFetchConnections`: responses are dropped. */
  stalled: boolean;
}

/**
 * Starts a fault proxy on a free loopback port. It forwards bytes unchanged; it knows nothing
 * of the Kafka protocol, so the broker must advertise the proxy's port in its Metadata
 * responses (`startBroker({ advertisedPort: proxy.port })`), else clients connect around it.
 */
export async function startFaultProxy(): Promise<FaultProxy> {
  let target: { port: number; host: string } | undefined;
  let delayMs = 0;
  let blackHoleUntil = 0;
  let accepted = 0;
  const pipes = new Set<Pipe>();
  const holed = (): boolean => Date.now() < blackHoleUntil;

  const server = createServer((client) => {
    accepted++;
    if (target === undefined) {
      client.destroy();
      return;
    }
    const upstream = createConnection(target.port, target.host);
    const pipe: Pipe = { client, upstream, lastRelease: 0, lostBytes: false, cut: undefined, firstApiKey: undefined, stalled: false };
    pipes.add(pipe);
    const end = (): void => {
      pipes.delete(pipe);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.on('data', (chunk: Buffer) => {
      // A request is its int32 size, then its int16 API key.
      if (pipe.firstApiKey === undefined && chunk.length >= 6) pipe.firstApiKey = chunk.readInt16BE(4);
      if (holed()) pipe.lostBytes = true;
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      const release = Math.max(Date.now() + delayMs, pipe.lastRelease);
      pipe.lastRelease = release;
      const deliver = (): void => {
        if (pipe.stalled) return;
        if (pipe.cut !== undefined) pipe.cut(chunk);
        else if (holed()) pipe.lostBytes = true;
        else if (!client.destroyed) client.write(chunk);
      };
      if (release <= Date.now()) deliver();
      else setTimeout(deliver, release - Date.now());
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });

  const reset = (pipe: Pipe): void => {
    pipes.delete(pipe);
    pipe.client.resetAndDestroy();
    pipe.upstream.destroy();
  };
  return {
    port,
    address: `127.0.0.1:${port}`,
    get accepted() {
      return accepted;
    },
    forwardTo(toPort, host = '127.0.0.1') {
      target = { port: toPort, host };
    },
    dropConnections() {
      const dropped = pipes.size;
      for (const pipe of [...pipes]) reset(pipe);
      return dropped;
    },
    cutMidResponse() {
      for (const pipe of pipes) {
        pipe.cut = (chunk) => {
          pipe.cut = () => undefined;
          // The half is written, then left 50 ms to be read, before the reset discards what is unread.
          pipe.client.write(chunk.subarray(0, Math.ceil(chunk.length / 2)), () => setTimeout(() => reset(pipe), 50));
        };
      }
      return pipes.size;
    },
    stallFetchConnections() {
      const fetching = [...pipes].filter((pipe) => pipe.firstApiKey === FETCH_API_KEY);
      for (const pipe of fetching) pipe.stalled = true;
      return fetching.length;
    },
    delayResponses(ms) {
      delayMs = ms;
    },
    async blackHole(ms) {
      blackHoleUntil = Date.now() + ms;
      await new Promise((resolve) => setTimeout(resolve, ms));
      for (const pipe of [...pipes]) if (pipe.lostBytes) reset(pipe);
    },
    close() {
      for (const pipe of [...pipes]) reset(pipe);
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A test broker advertising a fault proxy's port (so every client connection goes through the proxy), and a kafkajs client of it. */
export interface ProxiedBroker {
  readonly proxy: FaultProxy;
  readonly broker: RunningBroker;
  readonly kafka: Kafka;
}

/**
 * Starts a fault proxy and a test broker advertising the proxy's port before the spec file's
 * tests (closing both after them), with a kafkajs client that retries as `retry` says; returns
 * the getter of the three. The client's sockets hand it whole responses, as the connectors'
 * do: a response cut short by `cutMidResponse` would otherwise stall the spec's own readers.
 */
export function proxiedTestBroker(retry: RetryOptions): () => ProxiedBroker {
  let started: ProxiedBroker | undefined;
  beforeAll(async () => {
    const proxy = await startFaultProxy();
    const broker = await testBroker({ advertisedPort: proxy.port });
    proxy.forwardTo(broker.port);
    started = { proxy, broker, kafka: kafkaFor(broker, { retry, socketFactory: wholeResponseSockets }) };
  });
  afterAll(async () => {
    await started?.broker.close();
    await started?.proxy.close();
  });
  return () => {
    if (started === undefined) throw new Error('the proxied test broker is used before its beforeAll ran');
    return started;
  };
}
