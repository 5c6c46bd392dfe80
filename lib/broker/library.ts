import { startBroker as startFullBroker } from './broker.js';
import type { FaultInjector } from './faults.js';
import type { BrokerOptions } from './options.js';

/**
 * The in-process broker as the library exposes it: its address, fault injection and `close`.
 * The broker's internal state stays out of this type, so that a consumer's strict project
 * compiles against the published declarations without Node's type definitions.
 */
export interface EmbeddedBroker {
  /** The host clients connect to (the advertised one). */
  readonly host: string;
  /** The bound port (the real one when started with port 0). */
  readonly port: number;
  /** `host:port`, ready for a client's bootstrap list. */
  readonly address: string;
  /** Fault injection for tests (drop connections, delay responses, answer with an error code). */
  readonly faults: FaultInjector;
  /** Stops listening, closes every connection, stops timers and closes files. */
  close(): Promise<void>;
}

/**
 * Starts a single-node Kafka-protocol broker in this process, for tests and development.
 *
 * @example
 * const broker = await startBroker({ port: 0 });
 * // new Kafka({ brokers: [broker.address] }) ...
 * await broker.close();
 */
export function startBroker(options: BrokerOptions = {}): Promise<EmbeddedBroker> {
  return startFullBroker(options);
}
