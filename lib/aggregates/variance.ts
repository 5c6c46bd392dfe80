import { NUMERIC_KINDS, expectArgument } from '../functions/argumentTypes.js';
import { DOUBLE } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { defineAggregate } from './define.js';
import { doubleReader, type DoubleReader } from './doubleReader.js';
import { mergeable } from './mergeable.js';
import type { Accumulator, AggregateFunction } from './types.js';

/** Which statistic a moments accumulator reports. */
type Statistic = 'VAR_SAMP' | 'VAR_POP' | 'STDDEV_SAMP' | 'STDDEV_POP';

/**
 * Count, mean and sum of squared deviations, updated with Welford's method (numerically
 * stable in double) and merged with Chan et al.'s pairwise formula.
 */
class MomentsAccumulator implements Accumulator {
  n = 0;
  mean = 0;
  m2 = 0;

  constructor(
    private readonly statistic: Statistic,
    private readonly read: DoubleReader,
  ) {}

  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v === null) return;
    const x = this.read(v);
    const n = ++this.n;
    const delta = x - this.mean;
    this.mean += delta / n;
    this.m2 += delta * (x - this.mean);
  }

  merge(other: Accumulator): void {
    const o = mergeable(other, MomentsAccumulator);
    if (o.n === 0) return;
    if (this.n === 0) {
      this.n = o.n;
      this.mean = o.mean;
      this.m2 = o.m2;
      return;
    }
    const n = this.n + o.n;
    const delta = o.mean - this.mean;
    this.mean += (delta * o.n) / n;
    this.m2 += o.m2 + (delta * delta * this.n * o.n) / n;
    this.n = n;
  }

  result(): Value {
    const sample = this.statistic === 'VAR_SAMP' || this.statistic === 'STDDEV_SAMP';
    const divisor = sample ? this.n - 1 : this.n;
    if (divisor <= 0) return null;
    const variance = Math.max(this.m2, 0) / divisor;
    return this.statistic === 'VAR_SAMP' || this.statistic === 'VAR_POP' ? variance : Math.sqrt(variance);
  }
}

/** Defines one of the four variance-family aggregates. */
function momentsAggregate(name: Statistic, aliases: readonly string[], description: string): AggregateFunction {
  return defineAggregate({
    name,
    aliases,
    signature: `${name}([DISTINCT] x)`,
    description: `${description} (DOUBLE, Welford's method).`,
    minArgs: 1,
    maxArgs: 1,
    bind(argTypes) {
      const read = doubleReader(expectArgument(name, argTypes, 0, NUMERIC_KINDS), name, 1);
      return { returnType: DOUBLE, create: () => new MomentsAccumulator(name, read) };
    },
  });
}

/** STDDEV_SAMP, STDDEV_POP, VAR_SAMP, VAR_POP. */
export const VARIANCE_FUNCTIONS: readonly AggregateFunction[] = [
  momentsAggregate('STDDEV_SAMP', ['STDDEV'], 'The sample standard deviation of the non-NULL values; NULL below 2 values'),
  momentsAggregate('STDDEV_POP', [], 'The population standard deviation of the non-NULL values; NULL over no values'),
  momentsAggregate('VAR_SAMP', ['VARIANCE'], 'The sample variance of the non-NULL values; NULL below 2 values'),
  momentsAggregate('VAR_POP', [], 'The population variance of the non-NULL values; NULL over no values'),
];
