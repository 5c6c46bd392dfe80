import type { BatchStrategyName } from '../../../operators/batching/batchConfig.js';
import type { BatchKeySpec } from './batchKeys.js';
import { formatBatchValue, type BatchValue } from './batchValues.js';

/** Where a resolved batch value came from, from the highest precedence to the lowest. */
export type BatchValueSource = 'user' | 'strategy' | 'default' | 'adjusted';

/** The value a batch key ends up with, and why. */
export interface ResolvedBatchValue {
  readonly spec: BatchKeySpec;
  readonly value: BatchValue;
  readonly source: BatchValueSource;
  /** The key as the user wrote it when it differs from `spec.key` (an alias). */
  readonly writtenAs?: string;
  /** For `source: 'strategy'`, the strategy that suggested the value. */
  readonly strategy?: BatchStrategyName;
  /** For `source: 'adjusted'`, what was changed and why. */
  readonly reason?: string;
}

/** The key as the user wrote it, or its canonical name. */
export function writtenKey(resolved: ResolvedBatchValue): string {
  return resolved.writtenAs ?? resolved.spec.key;
}

/** Where the value came from, as the log shows it: `user`, `strategy time_window`, `default`, ... */
export function describeSource(resolved: ResolvedBatchValue): string {
  switch (resolved.source) {
    case 'user':
      return resolved.writtenAs === undefined ? 'user' : `user, as '${resolved.writtenAs}'`;
    case 'strategy':
      return `strategy ${resolved.strategy ?? ''}`.trimEnd();
    case 'default':
      return 'default';
    case 'adjusted':
      return `adjusted: ${resolved.reason ?? ''}`.trimEnd();
  }
}

/** The log line of a resolved value: `batch.size=500 (user)`. */
export function describeResolved(resolved: ResolvedBatchValue): string {
  return `${resolved.spec.key}=${formatBatchValue(resolved.spec, resolved.value)} (${describeSource(resolved)})`;
}
