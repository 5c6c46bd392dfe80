import type { BatchStrategyName } from '../../../../operators/batching/batchConfig.js';
import { DEFAULT_BATCH_SIZE } from '../../rowBatcher.js';

/*
 * The Kafka client settings the batch strategies suggest (the reference guide's "Source
 * Settings (Kafka)" and "Sink Settings (Kafka)" tables), with what kafkajs does with each.
 * No kafkajs import here: the registry and EXPLAIN read this table without loading the client.
 */

/** Which client a setting configures: the source's consumer or the sink's producer. */
export type KafkaSettingSide = 'source' | 'sink';

/** How a setting's value is written. */
export type KafkaSettingKind = 'bytes' | 'ms' | 'records' | 'retries' | 'compression' | 'acks';

/** The compressions of the sink (kafkajs codecs; snappy, lz4 and zstd registered by the client). */
export const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
/** The acknowledgements a sink's sends may wait for. */
export const ACKS = ['all', '-1', '1', '0'] as const;

/** One Kafka client setting. */
export interface KafkaSettingSpec {
  readonly key: string;
  readonly side: KafkaSettingSide;
  readonly kind: KafkaSettingKind;
  /** The least whole number accepted (numeric kinds). */
  readonly min?: number;
  /** The accepted values (compression, acks). */
  readonly values?: readonly string[];
  /** Other keys meaning the same setting (writing both is an error). */
  readonly aliases?: readonly string[];
  /** The value when neither the user nor the strategy sets it; undefined: derived (see `derivedDefault`). */
  readonly default?: string;
  /** How the default follows from other settings, for people (`session.timeout.ms / 10, at least 100`). */
  readonly derivedDefault?: string;
  /** What each strategy suggests (the guide's tables). */
  readonly suggestions: Readonly<Partial<Record<BatchStrategyName, string>>>;
  /** What the setting does here, in kafkajs terms. */
  readonly effect: string;
  /** Set when kafkajs has no equivalent: the user's value is refused and the strategy's suggestion not applied, for this reason. */
  readonly unsupported?: string;
}

/** Every Kafka client setting a batch strategy can suggest, consumer ones first, in the order they are logged. */
export const KAFKA_SETTINGS: readonly KafkaSettingSpec[] = [
  {
    key: 'fetch.min.bytes',
    side: 'source',
    kind: 'bytes',
    min: 1,
    default: '1',
    suggestions: { fixed_size: '1', time_window: '1', adaptive_size: '1', memory_based: '1', low_latency: '1' },
    effect: 'kafkajs consumer minBytes: the broker answers a fetch once it has this many bytes (or fetch.max.wait.ms passed)',
  },
  {
    key: 'fetch.max.wait.ms',
    side: 'source',
    kind: 'ms',
    min: 0,
    default: '250',
    suggestions: { fixed_size: '500', time_window: '500', adaptive_size: '500', memory_based: '500', low_latency: '1' },
    effect: 'kafkajs consumer maxWaitTimeInMs: how long the broker may hold a fetch waiting for fetch.min.bytes',
  },
  {
    key: 'fetch.max.bytes',
    side: 'source',
    kind: 'bytes',
    min: 1,
    default: '10485760',
    suggestions: {},
    effect: 'kafkajs consumer maxBytes: the most bytes one fetch returns',
  },
  {
    key: 'max.partition.fetch.bytes',
    side: 'source',
    kind: 'bytes',
    min: 1,
    default: '1048576',
    suggestions: {},
    effect: 'kafkajs consumer maxBytesPerPartition: the most bytes one fetch returns per partition',
  },
  {
    key: 'max.poll.records',
    side: 'source',
    kind: 'records',
    min: 1,
    aliases: ['batch.size'],
    default: String(DEFAULT_BATCH_SIZE),
    suggestions: { fixed_size: '500', time_window: '500', adaptive_size: '500', memory_based: '500', low_latency: '10' },
    effect: 'rows per batch the source hands to the pipeline (kafkajs has no poll: a fetched batch is cut into batches of this many records)',
  },
  {
    key: 'session.timeout.ms',
    side: 'source',
    kind: 'ms',
    min: 1,
    default: '10000',
    suggestions: { time_window: '30000', adaptive_size: '30000', low_latency: '10000' },
    effect: 'kafkajs consumer sessionTimeout: how long the group waits for a silent member before giving its partitions to others',
  },
  {
    key: 'heartbeat.interval.ms',
    side: 'source',
    kind: 'ms',
    min: 1,
    derivedDefault: 'session.timeout.ms / 10, at least 100',
    suggestions: { low_latency: '1000' },
    effect: 'kafkajs consumer heartbeatInterval: how often the member tells the group it is alive (below session.timeout.ms)',
  },
  {
    key: 'receive.buffer.bytes',
    side: 'source',
    kind: 'bytes',
    min: 1,
    suggestions: { fixed_size: '65536', memory_based: '32768' },
    effect: 'none',
    unsupported: 'kafkajs has no socket receive buffer setting (Node sockets do not expose SO_RCVBUF)',
  },
  {
    key: 'batch.size',
    side: 'sink',
    kind: 'bytes',
    min: 0,
    default: '16384',
    suggestions: { fixed_size: '16384', time_window: '65536', adaptive_size: '32768', memory_based: '16384', low_latency: '1024' },
    effect: "bytes (message keys and values, before compression) the sink gathers before a send; kafkajs has no producer batching of its own, so the sink does it",
  },
  {
    key: 'linger.ms',
    side: 'sink',
    kind: 'ms',
    min: 0,
    default: '0',
    suggestions: { fixed_size: '10', time_window: '5000', adaptive_size: '100', memory_based: '100', low_latency: '5' },
    effect: 'the longest a gathered message waits for batch.size before the sink sends it; 0 sends every write at once (kafkajs has no linger, the sink does it)',
  },
  {
    key: 'compression.type',
    side: 'sink',
    kind: 'compression',
    values: COMPRESSIONS,
    aliases: ['compression'],
    default: 'none',
    suggestions: { fixed_size: 'snappy', time_window: 'lz4', adaptive_size: 'snappy', memory_based: 'gzip', low_latency: 'none' },
    effect: 'kafkajs send compression: the codec of each produced record batch',
  },
  {
    key: 'acks',
    side: 'sink',
    kind: 'acks',
    values: ACKS,
    default: 'all',
    suggestions: { low_latency: '1' },
    effect: 'kafkajs send acks: all in-sync replicas (all, -1), the leader (1) or none (0)',
  },
  {
    key: 'retries',
    side: 'sink',
    kind: 'retries',
    min: 0,
    default: '8',
    suggestions: { low_latency: '0' },
    effect: 'kafkajs producer retry.retries: how often a failed send is retried (backoff 100 ms doubling up to 2 s)',
  },
  {
    key: 'buffer.memory',
    side: 'sink',
    kind: 'bytes',
    min: 1,
    suggestions: { fixed_size: '33554432', time_window: '33554432', adaptive_size: '33554432', memory_based: '33554432', low_latency: '16777216' },
    effect: 'none',
    unsupported: 'kafkajs has no producer buffer; the sink holds at most batch.size bytes of gathered messages and one send in flight',
  },
];

/** The settings of one side, in log order. */
export function settingsOf(side: KafkaSettingSide): readonly KafkaSettingSpec[] {
  return KAFKA_SETTINGS.filter((spec) => spec.side === side);
}
