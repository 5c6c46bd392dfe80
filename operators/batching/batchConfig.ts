/** The batch strategies `bufferStrategy` implements, by their SQL names (`'batch.strategy'`). */
export const BATCH_STRATEGY_NAMES = ['fixed_size', 'time_window', 'adaptive_size', 'memory_based', 'low_latency'] as const;

/** The name of a batch strategy. */
export type BatchStrategyName = (typeof BATCH_STRATEGY_NAMES)[number];

/** Emit every `size` rows. */
export interface FixedSizeStrategy {
  readonly kind: 'fixed_size';
  readonly size: number;
}

/** Emit the rows that arrived within `windowMs` of the first buffered row (or at the row limit). */
export interface TimeWindowStrategy {
  readonly kind: 'time_window';
  readonly windowMs: number;
}

/**
 * Emit batches whose size moves between `minSize` and `maxSize` so that the latency of a
 * batch (first row buffered → batch handled downstream) stays near `targetLatencyMs`.
 */
export interface AdaptiveSizeStrategy {
  readonly kind: 'adaptive_size';
  readonly minSize: number;
  readonly maxSize: number;
  readonly targetLatencyMs: number;
}

/** Emit when the estimated bytes of the buffered rows reach `memoryBytes`. */
export interface MemoryBasedStrategy {
  readonly kind: 'memory_based';
  readonly memoryBytes: number;
}

/**
 * Emit at most `maxSize` rows, never holding a row longer than `waitMs`; with `eager`, every
 * input batch is emitted at once (split into `maxSize` pieces).
 */
export interface LowLatencyStrategy {
  readonly kind: 'low_latency';
  readonly maxSize: number;
  readonly waitMs: number;
  readonly eager: boolean;
}

/** One of the five batch strategies with its parameters. */
export type BatchStrategy =
  | FixedSizeStrategy
  | TimeWindowStrategy
  | AdaptiveSizeStrategy
  | MemoryBasedStrategy
  | LowLatencyStrategy;

/**
 * How `bufferStrategy` re-batches rows: the resolved `batch.*` keys (see
 * `lib/runtime/batchConfig.ts` and docs/batching.md).
 */
export interface BatchConfig {
  /** `batch.enable`: when false, batches pass through as they come. */
  readonly enabled: boolean;
  readonly strategy: BatchStrategy;
  /** `batch.max_size`: no emitted batch has more rows, whatever the strategy. */
  readonly maxSize: number;
  /**
   * `batch.timeout`: the longest an incomplete batch waits for more rows under fixed_size,
   * adaptive_size and memory_based (time_window waits `windowMs`, low_latency `waitMs`).
   */
  readonly timeoutMs: number;
}
