import type { BatchConfig, BatchStrategy, BatchStrategyName } from '../../operators/batching/batchConfig.js';
import { didYouMean } from '../types/didYouMean.js';
import { FerrisError, notSupported } from '../types/errors.js';
import { appliesTo, BATCH_KEYS, batchKeySpec, type BatchKeySpec } from './batch/batchKeys.js';
import { formatBatchValue, parseBatchValue, type BatchValue } from './batch/batchValues.js';
import { orderSizes } from './batch/orderSizes.js';
import { describeResolved, type ResolvedBatchValue } from './batch/resolvedValue.js';
import type { Logger } from './logger.js';

export { BATCH_KEYS, type BatchKeySpec } from './batch/batchKeys.js';
export type { BatchConfig, BatchStrategy, BatchStrategyName } from '../../operators/batching/batchConfig.js';

/** A value the user wrote for a batch key. */
interface UserValue {
  readonly value: BatchValue;
  /** The key as written, when it is an alias or differs in case. */
  readonly writtenAs: string | undefined;
}

/** The keys a user may write, for "valid keys" hints. */
const SUPPORTED_KEYS: readonly string[] = BATCH_KEYS.filter((spec) => spec.notSupportedYet === undefined).map((spec) => spec.key);

/** The error for a `batch.*` key that does not exist. */
function unknownKey(key: string): FerrisError {
  const candidates = BATCH_KEYS.flatMap((spec) => [spec.key, ...spec.aliases]);
  const suggestion = didYouMean(key, candidates);
  const canonical = suggestion === undefined ? undefined : batchKeySpec(suggestion)!.key;
  return new FerrisError(
    'CONFIG',
    `unknown batch key '${key}'` +
      (canonical === undefined ? '' : `; did you mean '${canonical}'?`) +
      `; valid batch keys: ${SUPPORTED_KEYS.join(', ')}`,
  );
}

/**
 * Reads and checks the `batch.*` keys among `userKeys` (other keys are ignored): canonical
 * key → the value and how it was written. Unknown keys, a key given twice (through an alias
 * or another case) and bad values are CONFIG errors; recognised keys of features not built
 * yet are NOT_SUPPORTED errors.
 */
function readUserValues(userKeys: ReadonlyMap<string, string>): Map<string, UserValue> {
  const values = new Map<string, UserValue>();
  const written = new Map<string, string>();
  for (const [rawKey, text] of userKeys) {
    const key = rawKey.trim();
    if (!key.toLowerCase().startsWith('batch.')) continue;
    const spec = batchKeySpec(key);
    if (spec === undefined) throw unknownKey(key);
    if (spec.notSupportedYet !== undefined) throw notSupported(spec.notSupportedYet);
    const earlier = written.get(spec.key);
    if (earlier !== undefined) {
      throw new FerrisError('CONFIG', `'${earlier}' and '${key}' both set ${spec.key}; keep one of them`);
    }
    written.set(spec.key, key);
    values.set(spec.key, { value: parseBatchValue(spec, key, text), writtenAs: key === spec.key ? undefined : key });
  }
  return values;
}

/** A key's value by precedence: the user's, else the strategy's suggestion, else the default. */
function resolveKey(spec: BatchKeySpec, strategy: BatchStrategyName, user: UserValue | undefined): ResolvedBatchValue {
  if (user !== undefined) {
    return user.writtenAs === undefined
      ? { spec, value: user.value, source: 'user' }
      : { spec, value: user.value, source: 'user', writtenAs: user.writtenAs };
  }
  const suggestion = spec.suggestions[strategy];
  if (suggestion !== undefined) return { spec, value: parseBatchValue(spec, spec.key, suggestion), source: 'strategy', strategy };
  if (spec.default === undefined) throw new FerrisError('INTERNAL', `batch key ${spec.key} has neither a suggestion for ${strategy} nor a default`);
  return { spec, value: parseBatchValue(spec, spec.key, spec.default), source: 'default' };
}

/** The strategy and its parameters from the resolved keys. */
function buildStrategy(name: BatchStrategyName, number: (key: string) => number, flag: (key: string) => boolean): BatchStrategy {
  switch (name) {
    case 'fixed_size':
      return { kind: name, size: number('batch.size') };
    case 'time_window':
      return { kind: name, windowMs: number('batch.window') };
    case 'adaptive_size':
      return {
        kind: name,
        minSize: number('batch.min_size'),
        maxSize: number('batch.adaptive_max_size'),
        targetLatencyMs: number('batch.target_latency'),
      };
    case 'memory_based':
      return { kind: name, memoryBytes: number('batch.memory_size') };
    case 'low_latency':
      return {
        kind: name,
        maxSize: number('batch.low_latency_max_size'),
        waitMs: number('batch.low_latency_wait'),
        eager: flag('batch.eager_processing'),
      };
  }
}

/**
 * Resolves the `batch.*` keys of a job or a connector (other keys of `userKeys` are ignored)
 * into the configuration of `bufferStrategy`. Each key the chosen strategy uses takes, in this
 * order of precedence, the user's value, the strategy's suggestion, or the global default;
 * a suggested or default size in the way of a user's size is adjusted to it. One `info` line
 * per key says the value and where it came from (`batch.size=500 (user)`,
 * `batch.window=5s (strategy time_window)`, `batch.max_size=10000 (default)`); a user key the
 * strategy does not use gets a `warn` line.
 *
 * Keys are case-insensitive and accept the reference guide's other spellings
 * (`batch.batch_size`, `batch.timeout_ms`, ...). Durations are `100ms`, `5s`, `1m` or plain
 * milliseconds; byte sizes plain bytes or `512KB`, `1MB`; strategies also `FixedSize` etc.
 *
 * @throws FerrisError `CONFIG` for an unknown key (with a did-you-mean and the valid keys), a
 *   bad value (naming the key and the accepted values or format), a key given twice, or two
 *   user sizes out of order; `NOT_SUPPORTED` for the mega_batch strategy and its keys.
 */
export function resolveBatchConfig(userKeys: ReadonlyMap<string, string>, log: Logger): BatchConfig {
  const user = readUserValues(userKeys);
  const strategySpec = batchKeySpec('batch.strategy')!;
  const strategy = resolveKey(strategySpec, 'fixed_size', user.get('batch.strategy')).value as BatchStrategyName;
  const resolved = new Map<string, ResolvedBatchValue>();
  const used = BATCH_KEYS.filter((spec) => spec.notSupportedYet === undefined && appliesTo(spec, strategy));
  for (const spec of BATCH_KEYS) {
    const given = user.get(spec.key);
    if (used.includes(spec) || given !== undefined || spec.default !== undefined) resolved.set(spec.key, resolveKey(spec, strategy, given));
  }
  orderSizes(strategy, resolved);
  const enabled = resolved.get('batch.enable')!.value === true;
  for (const spec of used) {
    if (!enabled && spec.key !== 'batch.enable') continue;
    const entry = resolved.get(spec.key)!;
    log('info', describeResolved(entry), { key: spec.key, value: formatBatchValue(spec, entry.value), source: entry.source });
  }
  for (const [key, entry] of user) {
    const spec = batchKeySpec(key)!;
    if (enabled ? appliesTo(spec, strategy) : key === 'batch.enable') continue;
    const why = enabled
      ? `it applies to ${(spec.appliesTo as readonly string[]).join(', ')}, and batch.strategy is ${strategy}`
      : 'batch.enable is false';
    const written = entry.writtenAs ?? key;
    log('warn', `${written}=${formatBatchValue(spec, entry.value)} (user) has no effect: ${why}`, { key: written, source: 'user' });
  }
  const number = (key: string): number => resolved.get(key)!.value as number;
  return {
    enabled,
    strategy: buildStrategy(strategy, number, (key) => resolved.get(key)!.value === true),
    maxSize: number('batch.max_size'),
    timeoutMs: number('batch.timeout'),
  };
}
