import type { BatchStrategyName } from '../../../operators/batching/batchConfig.js';
import { FerrisError } from '../../types/errors.js';
import { formatBatchValue } from './batchValues.js';
import { type ResolvedBatchValue, writtenKey } from './resolvedValue.js';

/** Size keys that must not decrease from left to right, per strategy. */
const SIZE_CHAINS: Readonly<Partial<Record<BatchStrategyName, readonly string[]>>> = {
  fixed_size: ['batch.size', 'batch.max_size'],
  adaptive_size: ['batch.min_size', 'batch.adaptive_max_size', 'batch.max_size'],
  low_latency: ['batch.low_latency_max_size', 'batch.max_size'],
};

/** Who proposed a value that had to be adjusted: `strategy fixed_size suggested`, `the default was`. */
function previously(item: ResolvedBatchValue): string {
  return item.source === 'strategy' ? `strategy ${item.strategy ?? ''} suggested` : 'the default was';
}

/**
 * Keeps a strategy's size keys in order (e.g. `batch.size ≤ batch.max_size`). Values the user
 * wrote win: a suggested or default value in the way of one is raised or lowered to it (and
 * marked `adjusted` with the reason); two user values out of order are a CONFIG error naming
 * both. Suggestions and defaults are in order by themselves, so clamping keeps them in order.
 */
export function orderSizes(strategy: BatchStrategyName, resolved: Map<string, ResolvedBatchValue>): void {
  const chain = SIZE_CHAINS[strategy];
  if (chain === undefined) return;
  const items = chain.map((key) => resolved.get(key)!);
  const users = items.filter((item) => item.source === 'user');
  for (let i = 1; i < users.length; i++) {
    const lower = users[i - 1]!;
    const upper = users[i]!;
    if ((lower.value as number) > (upper.value as number)) {
      throw new FerrisError(
        'CONFIG',
        `'${writtenKey(lower)}' = ${String(lower.value)} is larger than '${writtenKey(upper)}' = ${String(upper.value)}; ` +
          `${lower.spec.key} must not exceed ${upper.spec.key}`,
      );
    }
  }
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.source === 'user') continue;
    const value = item.value as number;
    const floor = items.slice(0, i).filter((x) => x.source === 'user' && (x.value as number) > value).pop();
    const ceiling = items.slice(i + 1).find((x) => x.source === 'user' && (x.value as number) < value);
    const bound = floor ?? ceiling;
    if (bound === undefined) continue;
    const direction = bound === floor ? 'raised' : 'lowered';
    resolved.set(item.spec.key, {
      spec: item.spec,
      value: bound.value,
      source: 'adjusted',
      reason: `${direction} to match ${writtenKey(bound)}; ${previously(item)} ${formatBatchValue(item.spec, item.value)}`,
    });
  }
}
