import { INTEGER } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { valueKey } from '../types/valueKey.js';
import { defineAggregate } from './define.js';
import { HyperLogLog } from './hyperLogLog.js';
import { hashKey, hashWords } from './keyHash.js';
import { mergeable } from './mergeable.js';
import type { Accumulator, AggregateFunction } from './types.js';

/** APPROX_COUNT_DISTINCT: a HyperLogLog sketch of the values' keys (equal values, equal keys). */
class ApproxCountDistinctAccumulator implements Accumulator {
  private readonly sketch = new HyperLogLog();

  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v === null) return;
    hashKey(valueKey(v));
    this.sketch.addHash(hashWords[0]!, hashWords[1]!);
  }

  merge(other: Accumulator): void {
    this.sketch.merge(mergeable(other, ApproxCountDistinctAccumulator).sketch);
  }

  result(): Value {
    return Math.round(this.sketch.estimate());
  }
}

const APPROX_COUNT_DISTINCT = defineAggregate({
  name: 'APPROX_COUNT_DISTINCT',
  signature: 'APPROX_COUNT_DISTINCT(x)',
  description:
    'An estimate of the number of distinct non-NULL values (HyperLogLog, 2^14 registers: standard error ≈ 0.81 %; at most 16 KiB per group); 0 over no values.',
  minArgs: 1,
  maxArgs: 1,
  distinctIrrelevant: true,
  bindsNullArguments: true,
  bind() {
    return { returnType: INTEGER, create: () => new ApproxCountDistinctAccumulator() };
  },
});

/** APPROX_COUNT_DISTINCT. */
export const APPROX_FUNCTIONS: readonly AggregateFunction[] = [APPROX_COUNT_DISTINCT];
