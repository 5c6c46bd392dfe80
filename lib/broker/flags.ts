import { FerrisError } from '../types/errors.js';
import type { BrokerOptions } from './options.js';

/** The command-line flags of `ferris broker`, as strings (the same for the CLI and `main.js`). */
export interface BrokerFlags {
  readonly host?: string | undefined;
  readonly advertisedHost?: string | undefined;
  readonly port?: string | undefined;
  readonly dataDir?: string | undefined;
  readonly defaultPartitions?: string | undefined;
  readonly autoCreateTopics?: string | undefined;
  readonly groupMinSessionTimeoutMs?: string | undefined;
  readonly transactionMaxTimeoutMs?: string | undefined;
  readonly retentionBytes?: string | undefined;
}

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

/** Validates the flags and turns them into {@link BrokerOptions}. */
export function brokerOptionsFromFlags(flags: BrokerFlags): BrokerOptions {
  const options: { -readonly [K in keyof BrokerOptions]: BrokerOptions[K] } = {};
  if (flags.host !== undefined) options.host = flags.host;
  if (flags.advertisedHost !== undefined) options.advertisedHost = flags.advertisedHost;
  options.port = integer('port', flags.port, 0, 65535);
  if (flags.dataDir !== undefined) options.dataDir = flags.dataDir;
  options.defaultPartitions = integer('default-partitions', flags.defaultPartitions, 1, 100_000);
  options.autoCreateTopics = bool('auto-create-topics', flags.autoCreateTopics);
  options.groupMinSessionTimeoutMs = integer('group-min-session-timeout-ms', flags.groupMinSessionTimeoutMs, 1, 1_800_000);
  options.transactionMaxTimeoutMs = integer('transaction-max-timeout-ms', flags.transactionMaxTimeoutMs, 1, 86_400_000);
  options.retentionBytes = integer('retention-bytes', flags.retentionBytes, -1, Number.MAX_SAFE_INTEGER);
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as BrokerOptions;
}
