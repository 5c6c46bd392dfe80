import { FerrisError } from '../types/errors.js';
import type { BrokerOptions } from './options.js';

/** One command-line flag of `ferris broker` (and of `node dist/lib/broker/main.js`). */
export interface BrokerFlag {
  /** The flag without its dashes, e.g. `max-request-bytes`. */
  readonly name: string;
  /** Its key in {@link BrokerFlags} (commander's camel case of `name`). */
  readonly key: BrokerFlagKey;
  /** The placeholder shown by `--help`, e.g. `bytes`. */
  readonly value: string;
  readonly description: string;
  /** The default as shown by `--help`; absent when there is none. */
  readonly default?: string;
}

const FLAG_KEYS = [
  'host', 'advertisedHost', 'advertisedPort', 'port', 'dataDir', 'defaultPartitions', 'autoCreateTopics', 'groupMinSessionTimeoutMs',
  'transactionMaxTimeoutMs', 'retentionBytes', 'maxPartitionsPerRequest', 'maxPartitions', 'maxRequestBytes', 'maxBufferedBytes',
  'connectionsMaxIdleMs', 'maxOpenFiles', 'users',
] as const;

/** The key of one flag in {@link BrokerFlags}. */
export type BrokerFlagKey = (typeof FLAG_KEYS)[number];

/** The command-line flags of `ferris broker`, as strings (the same for the CLI and `main.js`). */
export type BrokerFlags = { readonly [K in BrokerFlagKey]?: string | undefined };

/** Every flag, in `--help` order; the CLI and `main.js` both declare exactly these. */
export const BROKER_FLAGS: readonly BrokerFlag[] = [
  { name: 'host', key: 'host', value: 'host', description: 'interface to bind', default: '127.0.0.1' },
  { name: 'advertised-host', key: 'advertisedHost', value: 'host', description: 'host clients are told to connect to (default: --host, or 127.0.0.1 for 0.0.0.0)' },
  { name: 'port', key: 'port', value: 'port', description: 'TCP port (0 picks a free one)', default: '9092' },
  { name: 'advertised-port', key: 'advertisedPort', value: 'port', description: 'port clients are told to connect to, e.g. a proxy\'s or a port mapping\'s (default: the bound port)' },
  { name: 'data-dir', key: 'dataDir', value: 'dir', description: 'keep logs, offsets and transactions here (default: memory only)' },
  { name: 'default-partitions', key: 'defaultPartitions', value: 'n', description: 'partitions of auto-created topics', default: '1' },
  { name: 'auto-create-topics', key: 'autoCreateTopics', value: 'bool', description: 'create unknown topics on Metadata: true|false', default: 'true' },
  { name: 'group-min-session-timeout-ms', key: 'groupMinSessionTimeoutMs', value: 'ms', description: 'smallest accepted consumer session timeout', default: '6000' },
  { name: 'transaction-max-timeout-ms', key: 'transactionMaxTimeoutMs', value: 'ms', description: 'largest accepted transaction timeout', default: '900000' },
  { name: 'retention-bytes', key: 'retentionBytes', value: 'n', description: 'bytes kept per partition before the oldest batches are dropped (-1: all)', default: '-1' },
  { name: 'max-partitions-per-request', key: 'maxPartitionsPerRequest', value: 'n', description: 'partitions one CreateTopics or CreatePartitions request may add', default: '10000' },
  { name: 'max-partitions', key: 'maxPartitions', value: 'n', description: 'partitions the broker holds at most, over all topics', default: '100000' },
  { name: 'max-request-bytes', key: 'maxRequestBytes', value: 'bytes', description: 'largest request frame; a bigger one closes the connection', default: '104857600' },
  { name: 'max-buffered-bytes', key: 'maxBufferedBytes', value: 'bytes', description: 'request bytes received but not yet handled, over all connections', default: '268435456' },
  { name: 'connections-max-idle-ms', key: 'connectionsMaxIdleMs', value: 'ms', description: 'close a connection with no traffic and no request in progress for this long', default: '600000' },
  { name: 'users', key: 'users', value: 'file', description: 'require SASL (PLAIN or SCRAM-SHA-256) as one of the users in FILE, one user:password a line' },
  { name: 'max-open-files', key: 'maxOpenFiles', value: 'n', description: 'partition log files kept open at once with --data-dir (least recently used closed first)', default: '256' },
];

function integer(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new FerrisError('CONFIG', `--${flag} must be an integer between ${min} and ${max}, got '${text}'`);
  }
  return n;
}

function bool(flag: string, text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new FerrisError('CONFIG', `--${flag} must be one of: true, false; got '${text}'`);
}

const MAX_INT32 = 2 ** 31 - 1;

/** Validates the flags and turns them into {@link BrokerOptions}. */
export function brokerOptionsFromFlags(flags: BrokerFlags): BrokerOptions {
  const options: { -readonly [K in keyof BrokerOptions]: BrokerOptions[K] } = {};
  if (flags.host !== undefined) options.host = flags.host;
  if (flags.advertisedHost !== undefined) options.advertisedHost = flags.advertisedHost;
  options.port = integer('port', flags.port, 0, 65535);
  options.advertisedPort = integer('advertised-port', flags.advertisedPort, 1, 65535);
  if (flags.dataDir !== undefined) options.dataDir = flags.dataDir;
  options.defaultPartitions = integer('default-partitions', flags.defaultPartitions, 1, 100_000);
  options.autoCreateTopics = bool('auto-create-topics', flags.autoCreateTopics);
  options.groupMinSessionTimeoutMs = integer('group-min-session-timeout-ms', flags.groupMinSessionTimeoutMs, 1, 1_800_000);
  options.transactionMaxTimeoutMs = integer('transaction-max-timeout-ms', flags.transactionMaxTimeoutMs, 1, 86_400_000);
  options.retentionBytes = integer('retention-bytes', flags.retentionBytes, -1, Number.MAX_SAFE_INTEGER);
  options.maxPartitionsPerRequest = integer('max-partitions-per-request', flags.maxPartitionsPerRequest, 1, MAX_INT32);
  options.maxPartitions = integer('max-partitions', flags.maxPartitions, 1, MAX_INT32);
  options.maxRequestBytes = integer('max-request-bytes', flags.maxRequestBytes, 1024, MAX_INT32);
  options.maxBufferedBytes = integer('max-buffered-bytes', flags.maxBufferedBytes, 1024, Number.MAX_SAFE_INTEGER);
  options.connectionsMaxIdleMs = integer('connections-max-idle-ms', flags.connectionsMaxIdleMs, 1, MAX_INT32);
  options.maxOpenFiles = integer('max-open-files', flags.maxOpenFiles, 1, 1_000_000);
  if (flags.users !== undefined) options.usersFile = flags.users;
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as BrokerOptions;
}
