/** Settings of a broker; every field has a default (see {@link resolveOptions}). */
export interface BrokerOptions {
  /** Interface to bind (default 127.0.0.1). */
  readonly host?: string;
  /** Host clients are told to connect to (default: `host`, or 127.0.0.1 when binding 0.0.0.0 or ::). */
  readonly advertisedHost?: string;
  /** TCP port; 0 picks a free one (default 9092). */
  readonly port?: number;
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
  /** Largest record batch accepted (default 1 048 588 bytes). */
  readonly maxMessageBytes?: number;
  /** Caps the advertised max version per API key, to emulate an older broker. */
  readonly maxVersions?: Readonly<Record<number, number>>;
  /** Where log lines go (default: stderr); pass `() => {}` to silence. */
  readonly log?: (line: string) => void;
}

/** {@link BrokerOptions} with every default filled in. */
export type ResolvedOptions = Required<Omit<BrokerOptions, 'dataDir'>> & { readonly dataDir: string | undefined };

/** Fills in the defaults of {@link BrokerOptions}. */
export function resolveOptions(options: BrokerOptions): ResolvedOptions {
  return {
    host: options.host ?? '127.0.0.1',
    advertisedHost: options.advertisedHost ?? (options.host === undefined || options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host),
    port: options.port ?? 9092,
    dataDir: options.dataDir,
    defaultPartitions: options.defaultPartitions ?? 1,
    autoCreateTopics: options.autoCreateTopics ?? true,
    nodeId: options.nodeId ?? 1,
    groupMinSessionTimeoutMs: options.groupMinSessionTimeoutMs ?? 6000,
    groupMaxSessionTimeoutMs: options.groupMaxSessionTimeoutMs ?? 1_800_000,
    groupInitialRebalanceDelayMs: options.groupInitialRebalanceDelayMs ?? 0,
    transactionMaxTimeoutMs: options.transactionMaxTimeoutMs ?? 900_000,
    retentionBytes: options.retentionBytes ?? -1,
    maxMessageBytes: options.maxMessageBytes ?? 1_048_588,
    maxVersions: options.maxVersions ?? {},
    log: options.log ?? ((line: string) => process.stderr.write(`${new Date().toISOString()} broker: ${line}\n`)),
  };
}
