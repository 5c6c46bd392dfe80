import { FerrisError } from '../../lib/types/errors.js';
import type { AdaptiveSizeStrategy, BatchConfig } from './batchConfig.js';

/** When a batch is complete, as the batch buffer sees it; one instance per subscription. */
export interface BatchLimits {
  /** Rows at which the current batch is complete (≥ 1; adaptive_size changes it). */
  readonly rowLimit: number;
  /** Estimated bytes at which the current batch is complete; Infinity when only rows count. */
  readonly byteBudget: number;
  /** The longest the first buffered row waits before its batch is emitted; Infinity: no timer. */
  readonly maxWaitMs: number;
  /** Whether rows left after the complete batches of an input are emitted at once. */
  readonly eager: boolean;
  /**
   * Feedback after each emitted batch: whether it was complete (`rowLimit` or `byteBudget`
   * reached) rather than flushed early, how long its first row waited, and how long the
   * downstream took to handle it.
   */
  batchEmitted(complete: boolean, waitMs: number, processingMs: number): void;
}

/** Limits that never change. */
class StaticLimits implements BatchLimits {
  constructor(
    readonly rowLimit: number,
    readonly byteBudget: number,
    readonly maxWaitMs: number,
    readonly eager: boolean,
  ) {}

  batchEmitted(): void {
    // static limits learn nothing from emitted batches
  }
}

/** How much adaptive_size shrinks a batch that was too slow. */
const ADAPTIVE_SHRINK_FACTOR = 0.8;
/** How much adaptive_size grows a batch that was fast. */
const ADAPTIVE_GROW_FACTOR = 1.2;

/**
 * adaptive_size: starts at `minSize`. A complete batch whose latency (wait + processing)
 * exceeded the target shrinks the size by 0.8; one that took less than half the target grows
 * it by 1.2 (at least one row). A batch flushed early (timer, watermark, barrier, end) says
 * nothing about a larger size; it only shrinks the size when its processing alone exceeded
 * the target. The size stays within `[minSize, min(maxSize, hardLimit)]`.
 */
class AdaptiveLimits implements BatchLimits {
  rowLimit: number;
  readonly byteBudget = Infinity;
  readonly eager = false;
  private readonly lower: number;
  private readonly upper: number;
  private readonly targetMs: number;

  constructor(
    strategy: AdaptiveSizeStrategy,
    hardLimit: number,
    readonly maxWaitMs: number,
  ) {
    this.upper = Math.min(strategy.maxSize, hardLimit);
    this.lower = Math.min(strategy.minSize, this.upper);
    this.targetMs = strategy.targetLatencyMs;
    this.rowLimit = this.lower;
  }

  batchEmitted(complete: boolean, waitMs: number, processingMs: number): void {
    const latency = complete ? waitMs + processingMs : processingMs;
    if (latency > this.targetMs) {
      this.rowLimit = Math.max(this.lower, Math.floor(this.rowLimit * ADAPTIVE_SHRINK_FACTOR));
    } else if (complete && latency < this.targetMs / 2) {
      this.rowLimit = Math.min(this.upper, Math.max(this.rowLimit + 1, Math.round(this.rowLimit * ADAPTIVE_GROW_FACTOR)));
    }
  }
}

/** Throws unless `value` is an integer ≥ 1. */
function requireCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new FerrisError('CONFIG', `invalid ${what} ${value}: expected a positive integer`);
  }
}

/** Throws unless `value` is a duration > 0 ms. */
function requireDuration(value: number, what: string): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new FerrisError('CONFIG', `invalid ${what} ${value}: expected a positive number of milliseconds`);
  }
}

/**
 * Checks the numbers of a config (a hand-built config with a size of 0 would otherwise never
 * complete a batch) and returns a factory of the limits of one `bufferStrategy` subscription.
 * Every strategy's row limit is capped by `maxSize`.
 */
export function batchLimitsFactory(config: BatchConfig): () => BatchLimits {
  requireCount(config.maxSize, 'batch.max_size');
  requireDuration(config.timeoutMs, 'batch.timeout');
  const strategy = config.strategy;
  switch (strategy.kind) {
    case 'fixed_size': {
      requireCount(strategy.size, 'batch.size');
      const rowLimit = Math.min(strategy.size, config.maxSize);
      return () => new StaticLimits(rowLimit, Infinity, config.timeoutMs, false);
    }
    case 'time_window':
      requireDuration(strategy.windowMs, 'batch.window');
      return () => new StaticLimits(config.maxSize, Infinity, strategy.windowMs, false);
    case 'adaptive_size': {
      requireCount(strategy.minSize, 'batch.min_size');
      requireCount(strategy.maxSize, 'batch.adaptive_max_size');
      requireDuration(strategy.targetLatencyMs, 'batch.target_latency');
      const maxWaitMs = Math.min(config.timeoutMs, strategy.targetLatencyMs);
      return () => new AdaptiveLimits(strategy, config.maxSize, maxWaitMs);
    }
    case 'memory_based':
      requireCount(strategy.memoryBytes, 'batch.memory_size');
      return () => new StaticLimits(config.maxSize, strategy.memoryBytes, config.timeoutMs, false);
    case 'low_latency': {
      requireCount(strategy.maxSize, 'batch.low_latency_max_size');
      requireDuration(strategy.waitMs, 'batch.low_latency_wait');
      const rowLimit = Math.min(strategy.maxSize, config.maxSize);
      return () => new StaticLimits(rowLimit, Infinity, strategy.waitMs, strategy.eager);
    }
  }
}
