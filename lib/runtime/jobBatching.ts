import { resolveBatchConfig, type BatchConfig } from './batchConfig.js';
import type { Logger } from './logger.js';

/** The batch strategy of the `batch.*` keys given, or undefined when none is given (batches pass as read). */
export function batching(keys: ReadonlyMap<string, string>, log: Logger): BatchConfig | undefined {
  const batchKeys = new Map([...keys].filter(([key]) => key.startsWith('batch.')));
  return batchKeys.size === 0 ? undefined : resolveBatchConfig(batchKeys, log);
}
