import { FerrisError } from '../types/errors.js';

/** Settings of a broker; every field has a default (see {@link resolveOptions}). */
export interface BrokerOptions {
  /** Interface to bind (default 127.0.0.1). */
  readonly host?: string;
  /** Host clients are told to connect to (default: `host`, or 127.0.0.1 when binding 0.0.0.0 or ::). */
  readonly advertisedHost?: string;
  /** TCP port; 0 picks a free one (default 9092). */
  readonly port?: number;
  /** Port clients are told to connect to, e.g. a proxy's in front of the broker (default: the bound port). */
  readonly advertisedPort?: number;
  /** Directory for logs and state; without it everything lives in memory. */
  readonly dataDir?: string;
  /** Partitions of auto-created topics and of CreateTopics with -1 (default 1). */
  readonly defaultPartitions?: number;
  /** Whether Metadata creates unknown topics (default true). */
  readonly autoCreateTopics?: boolean;
  /** This node's id, also reported as controller and coordinator (default 1). */
  readonly nodeId?: number;
  /** Smallest session timeout a group member may ask for (default 6000 ms). */
  readonly groupMinSessionTimeoutMs?: number;
  /** Largest session timeout a group member may ask for (default 1 800 000 ms). */
  readonly groupMaxSessionTimeoutMs?: number;
  /** Delay before the first rebalance of an empty group completes (default 0 ms). */
  readonly groupInitialRebalanceDelayMs?: number;
  /** Largest transaction timeout a producer may ask for (default 900 000 ms). */
  readonly transactionMaxTimeoutMs?: number;
  /** Bytes kept per partition before the oldest batches are dropped (default -1: unlimited). */
  readonly retentionBytes?: number;
  /** Partitions one CreateTopics or CreatePartitions request may add (default 10 000). */
  readonly maxPartitionsPerRequest?: number;
  /** Partitions the broker holds at most, over all topics (default 100 000). */
  readonly maxPartitions?: number;
  /** Largest request frame; a bigger one closes the connection (default 100 MiB, Kafka's `socket.request.max.bytes`). */
  readonly maxRequestBytes?: number;
  /** Request bytes received but not yet handled, summed over all connections (default 256 MiB). */
  readonly maxBufferedBytes?: number;
  /** A connection without traffic and without a request in progress is closed after this long (default 600 000 ms). */
  readonly connectionsMaxIdleMs?: number;
  /** Partition log files kept open at once with `dataDir` (default 256). */
  readonly maxOpenFiles?: number;
  /** A users file (`user:password` lines): every connection must then authenticate with SASL. */
  readonly usersFile?: string;
  /** Largest record batch accepted (default 1 048 588 bytes). */
  readonly maxMessageBytes?: number;
  /** Caps the advertised max version per API key, to emulate an older broker. */
  readonly maxVersions?: Readonly<Record<number, number>>;
  /** Where log lines go (default: stderr); pass `() => {}` to silence. */
  readonly log?: (line: string) => void;
}

/** {@link BrokerOptions} with every default filled in. */
export type ResolvedOptions = Required<Omit<BrokerOptions, 'dataDir' | 'usersFile'>> & {
  readonly dataDir: string | undefined;
  readonly usersFile: string | undefined;
};

/** Fills in the defaults of {@link BrokerOptions}; fails on settings that contradict each other. */
export function resolveOptions(options: BrokerOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    host: options.host ?? '127.0.0.1',
    advertisedHost: options.advertisedHost ?? (options.host === undefined || options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host),
    port: options.port ?? 9092,
    advertisedPort: options.advertisedPort ?? 0,
    dataDir: options.dataDir,
    defaultPartitions: options.defaultPartitions ?? 1,
    autoCreateTopics: options.autoCreateTopics ?? true,
    nodeId: options.nodeId ?? 1,
    groupMinSessionTimeoutMs: options.groupMinSessionTimeoutMs ?? 6000,
    groupMaxSessionTimeoutMs: options.groupMaxSessionTimeoutMs ?? 1_800_000,
    groupInitialRebalanceDelayMs: options.groupInitialRebalanceDelayMs ?? 0,
    transactionMaxTimeoutMs: options.transactionMaxTimeoutMs ?? 900_000,
    retentionBytes: options.retentionBytes ?? -1,
    maxPartitionsPerRequest: options.maxPartitionsPerRequest ?? 10_000,
    maxPartitions: options.maxPartitions ?? 100_000,
    maxRequestBytes: options.maxRequestBytes ?? 100 * 1024 * 1024,
    maxBufferedBytes: options.maxBufferedBytes ?? 256 * 1024 * 1024,
    connectionsMaxIdleMs: options.connectionsMaxIdleMs ?? 600_000,
    maxOpenFiles: options.maxOpenFiles ?? 256,
    usersFile: options.usersFile,
    maxMessageBytes: options.maxMessageBytes ?? 1_048_588,
    maxVersions: options.maxVersions ?? {},
    log: options.log ?? ((line: string) => process.stderr.write(`${new Date().toISOString()} broker: ${line}\n`)),
  };
  if (resolved.maxBufferedBytes < resolved.maxRequestBytes) {
    throw new FerrisError('CONFIG', `--max-buffered-bytes (${resolved.maxBufferedBytes}) must be at least --max-request-bytes (${resolved.maxRequestBytes}), or no request of the largest size could ever be received`);
  }
  return resolved;
}
