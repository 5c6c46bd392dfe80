import type { BatchStrategyName } from '../../../operators/batching/batchConfig.js';
import { batchKeySpec } from './batchKeys.js';
import { parseBatchValue } from './batchValues.js';

/**
 * The batch strategy that `keys` choose, without logging: undefined when they hold no
 * `batch.*` key (batches pass as read) or turn batching off (`batch.enable = false`), else
 * `batch.strategy` (default `fixed_size`). Values are checked as `resolveBatchConfig` checks
 * them, so a bad one is the same CONFIG error.
 */
export function chosenStrategy(keys: ReadonlyMap<string, string>): BatchStrategyName | undefined {
  let enabled = true;
  let strategy: BatchStrategyName = 'fixed_size';
  let batching = false;
  for (const [key, text] of keys) {
    const spec = batchKeySpec(key.trim());
    if (spec === undefined) continue;
    batching = true;
    if (spec.key === 'batch.enable') enabled = parseBatchValue(spec, key, text) === true;
    if (spec.key === 'batch.strategy') strategy = parseBatchValue(spec, key, text) as BatchStrategyName;
  }
  return batching && enabled ? strategy : undefined;
}

/**
 * The batch strategy whose Kafka client suggestions a connector takes: a sink's own `batch.*`
 * keys when it has some, else the job's (its unprefixed `batch.*` keys).
 */
export function connectorStrategy(jobKeys: ReadonlyMap<string, string>, ownBatchKeys: ReadonlyMap<string, string> = new Map()): BatchStrategyName | undefined {
  const own = [...ownBatchKeys.keys()].some((key) => key.toLowerCase().startsWith('batch.'));
  return chosenStrategy(own ? ownBatchKeys : new Map([...jobKeys].filter(([key]) => key.toLowerCase().startsWith('batch.'))));
}
