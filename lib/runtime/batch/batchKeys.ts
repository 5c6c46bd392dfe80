import { BATCH_STRATEGY_NAMES, type BatchStrategyName } from '../../../operators/batching/batchConfig.js';

/** How a batch key's value is written. */
export type BatchValueKind = 'boolean' | 'strategy' | 'count' | 'duration' | 'bytes';

/** What each kind of value accepts, for error messages and docs. */
export const BATCH_VALUE_FORMATS: Readonly<Record<BatchValueKind, string>> = {
  boolean: 'true or false',
  strategy: BATCH_STRATEGY_NAMES.join(', '),
  count: 'a positive integer (rows)',
  duration: "a positive duration: '100ms', '5s', '1m' or plain milliseconds",
  bytes: "a positive number of bytes: '1048576', '512KB', '1MB' (KB = 1024 bytes)",
};

/** A `batch.*` key: its meaning, how it is written, and where its value comes from when unset. */
export interface BatchKeySpec {
  readonly key: string;
  readonly description: string;
  readonly kind: BatchValueKind;
  /** The accepted values of an enumeration (`batch.strategy`). */
  readonly values?: readonly string[];
  /** The strategies the key matters for; `'all'` for the common keys. */
  readonly appliesTo: readonly BatchStrategyName[] | 'all';
  /** The value each strategy suggests when the user did not set the key. */
  readonly suggestions: Readonly<Partial<Record<BatchStrategyName, string>>>;
  /** The global default, when neither the user nor the strategy sets the key. */
  readonly default?: string;
  /** Other spellings accepted for the key (the reference guide's parameter names). */
  readonly aliases: readonly string[];
  /** Set when the key is recognised but its feature is not built yet. */
  readonly notSupportedYet?: string;
}

/**
 * Every `batch.*` key, in the order the resolved configuration is logged. Defaults and
 * suggestions are those of the reference guide (docs/batching.md says where they differ).
 */
export const BATCH_KEYS: readonly BatchKeySpec[] = [
  {
    key: 'batch.enable',
    description: 're-batch rows by the strategy; false passes batches on as the source reads them',
    kind: 'boolean',
    values: ['true', 'false'],
    appliesTo: 'all',
    suggestions: {},
    default: 'true',
    aliases: ['batch.enable_batching'],
  },
  {
    key: 'batch.strategy',
    description: 'how rows are grouped into batches',
    kind: 'strategy',
    values: BATCH_STRATEGY_NAMES,
    appliesTo: 'all',
    suggestions: {},
    default: 'fixed_size',
    aliases: [],
  },
  {
    key: 'batch.size',
    description: 'rows per batch (fixed_size)',
    kind: 'count',
    appliesTo: ['fixed_size'],
    suggestions: { fixed_size: '100' },
    aliases: ['batch.batch_size'],
  },
  {
    key: 'batch.window',
    description: 'how long the first row of a batch waits for more rows (time_window)',
    kind: 'duration',
    appliesTo: ['time_window'],
    suggestions: { time_window: '5s' },
    aliases: ['batch.window_duration_ms'],
  },
  {
    key: 'batch.min_size',
    description: 'smallest batch size adaptive_size goes down to (and starts at)',
    kind: 'count',
    appliesTo: ['adaptive_size'],
    suggestions: { adaptive_size: '50' },
    aliases: [],
  },
  {
    key: 'batch.adaptive_max_size',
    description: 'largest batch size adaptive_size goes up to',
    kind: 'count',
    appliesTo: ['adaptive_size'],
    suggestions: { adaptive_size: '1000' },
    aliases: [],
  },
  {
    key: 'batch.target_latency',
    description: 'latency adaptive_size steers towards (first row buffered → batch handled downstream)',
    kind: 'duration',
    appliesTo: ['adaptive_size'],
    suggestions: { adaptive_size: '100ms' },
    aliases: ['batch.target_latency_ms'],
  },
  {
    key: 'batch.memory_size',
    description: 'estimated bytes of rows at which memory_based emits a batch',
    kind: 'bytes',
    appliesTo: ['memory_based'],
    suggestions: { memory_based: '1048576' },
    aliases: ['batch.target_memory_bytes'],
  },
  {
    key: 'batch.low_latency_max_size',
    description: 'largest batch low_latency emits',
    kind: 'count',
    appliesTo: ['low_latency'],
    suggestions: { low_latency: '10' },
    aliases: [],
  },
  {
    key: 'batch.low_latency_wait',
    description: 'longest a row waits under low_latency when not eager',
    kind: 'duration',
    appliesTo: ['low_latency'],
    suggestions: { low_latency: '5ms' },
    aliases: ['batch.max_wait_time_ms'],
  },
  {
    key: 'batch.eager_processing',
    description: 'low_latency emits every input batch at once instead of waiting for more rows',
    kind: 'boolean',
    values: ['true', 'false'],
    appliesTo: ['low_latency'],
    suggestions: { low_latency: 'true' },
    aliases: [],
  },
  {
    key: 'batch.timeout',
    description: 'longest an incomplete batch waits for more rows (fixed_size, adaptive_size, memory_based)',
    kind: 'duration',
    appliesTo: ['fixed_size', 'adaptive_size', 'memory_based'],
    suggestions: {},
    default: '1000ms',
    aliases: ['batch.timeout_ms'],
  },
  {
    key: 'batch.max_size',
    description: 'hard limit of rows per batch, whatever the strategy',
    kind: 'count',
    appliesTo: 'all',
    suggestions: { fixed_size: '1000', time_window: '1000', adaptive_size: '1000' },
    default: '10000',
    aliases: ['batch.max_batch_size'],
  },
  {
    key: 'batch.mega_batch_size',
    description: "rows per batch of the original's mega_batch strategy",
    kind: 'count',
    appliesTo: [],
    suggestions: {},
    aliases: [],
    notSupportedYet: "the mega_batch strategy; use 'fixed_size' with a large 'batch.size'",
  },
  {
    key: 'batch.parallel',
    description: "parallel batch processing of the original's mega_batch strategy",
    kind: 'boolean',
    appliesTo: [],
    suggestions: {},
    aliases: [],
    notSupportedYet: "parallel batch processing ('batch.parallel')",
  },
  {
    key: 'batch.reuse_buffer',
    description: "buffer reuse of the original's mega_batch strategy",
    kind: 'boolean',
    appliesTo: [],
    suggestions: {},
    aliases: [],
    notSupportedYet: "'batch.reuse_buffer' (output batches are new arrays handed downstream)",
  },
];

/** The spec of a batch key by its name or an alias (case-insensitive). */
export function batchKeySpec(key: string): BatchKeySpec | undefined {
  const lower = key.toLowerCase();
  return BATCH_KEYS.find((spec) => spec.key === lower || spec.aliases.includes(lower));
}

/** Whether the key matters for a strategy. */
export function appliesTo(spec: BatchKeySpec, strategy: BatchStrategyName): boolean {
  return spec.appliesTo === 'all' || spec.appliesTo.includes(strategy);
}
