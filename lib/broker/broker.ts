import { createServer, type Server } from 'node:net';
import { FerrisError } from '../types/errors.js';
import type { FaultInjector } from './faults.js';
import { exposureWarning } from './auth/exposure.js';
import { ByteBudget } from './net/byteBudget.js';
import { Connection } from './net/connection.js';
import { resolveOptions, type BrokerOptions } from './options.js';
import { BrokerState } from './state.js';

/** A started broker. */
export interface RunningBroker {
  /** The host clients connect to (the advertised one). */
  readonly host: string;
  /** The bound port (the real one when started with port 0). */
  readonly port: number;
  /** `host:port`, ready for a client's bootstrap list. */
  readonly address: string;
  /** Fault injection for tests (drop connections, delay responses, answer with an error code). */
  readonly faults: FaultInjector;
  /** The broker's state, for tests that inspect or seed it directly. */
  readonly state: BrokerState;
  /** Stops listening, closes every connection, stops timers and closes files. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

/** Starts a single-node broker speaking the Kafka wire protocol. */
export async function startBroker(options: BrokerOptions = {}): Promise<RunningBroker> {
  const resolved = resolveOptions(options);
  const state = new BrokerState(resolved);
  const connections = new Set<Connection>();
  const budget = new ByteBudget(resolved.maxBufferedBytes);
  const server = createServer((socket) => {
    connections.add(new Connection(socket, state, budget, (c) => connections.delete(c)));
  });
  let port: number;
  try {
    port = await listen(server, resolved.port, resolved.host);
  } catch (error: unknown) {
    state.close();
    throw new FerrisError('IO', `broker cannot listen on ${resolved.host}:${resolved.port}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  // advertisedPort 0: clients are told the bound port.
  state.advertisedPort = resolved.advertisedPort === 0 ? port : resolved.advertisedPort;
  const warning = exposureWarning(resolved.host, state.credentials !== undefined);
  if (warning !== undefined) resolved.log(warning);
  resolved.log(`listening on ${resolved.host}:${port}${resolved.dataDir === undefined ? ' (in memory)' : ` (data in ${resolved.dataDir})`}`);
  let closing: Promise<void> | undefined;
  return {
    host: resolved.advertisedHost,
    port,
    address: `${resolved.advertisedHost}:${port}`,
    faults: state.faults,
    state,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const c of [...connections]) c.close();
        state.close();
      });
      return closing;
    },
  };
}
