import { NUMERIC_KINDS, expectArgument } from '../functions/argumentTypes.js';
import { DOUBLE } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { defineAggregate } from './define.js';
import { doubleReader, type DoubleReader } from './doubleReader.js';
import { mergeable } from './mergeable.js';
import type { Accumulator, AggregateFunction } from './types.js';

/** Which statistic a co-moments accumulator reports. */
type Statistic = 'CORR' | 'COVAR_POP' | 'COVAR_SAMP' | 'REGR_SLOPE' | 'REGR_INTERCEPT' | 'REGR_R2';

/**
 * The co-moments of pairs (y, x): count, means, sums of squared deviations of x and y and the
 * sum of cross deviations, updated one pair at a time (the bivariate Welford update) and
 * merged pairwise. Pairs with a NULL on either side are skipped.
 */
class CoMomentsAccumulator implements Accumulator {
  n = 0;
  meanX = 0;
  meanY = 0;
  m2X = 0;
  m2Y = 0;
  cXY = 0;

  constructor(
    private readonly statistic: Statistic,
    private readonly readY: DoubleReader,
    private readonly readX: DoubleReader,
  ) {}

  add(args: readonly Value[]): void {
    const vy = args[0]!;
    const vx = args[1]!;
    if (vy === null || vx === null) return;
    const y = this.readY(vy);
    const x = this.readX(vx);
    const n = ++this.n;
    const dx = x - this.meanX;
    const dy = y - this.meanY;
    this.meanX += dx / n;
    this.meanY += dy / n;
    this.m2X += dx * (x - this.meanX);
    this.m2Y += dy * (y - this.meanY);
    this.cXY += dx * (y - this.meanY);
  }

  merge(other: Accumulator): void {
    const o = mergeable(other, CoMomentsAccumulator);
    if (o.n === 0) return;
    if (this.n === 0) {
      this.n = o.n;
      this.meanX = o.meanX;
      this.meanY = o.meanY;
      this.m2X = o.m2X;
      this.m2Y = o.m2Y;
      this.cXY = o.cXY;
      return;
    }
    const n = this.n + o.n;
    const dx = o.meanX - this.meanX;
    const dy = o.meanY - this.meanY;
    const weight = (this.n * o.n) / n;
    this.m2X += o.m2X + dx * dx * weight;
    this.m2Y += o.m2Y + dy * dy * weight;
    this.cXY += o.cXY + dx * dy * weight;
    this.meanX += (dx * o.n) / n;
    this.meanY += (dy * o.n) / n;
    this.n = n;
  }

  result(): Value {
    const { n, m2X, m2Y, cXY } = this;
    if (n === 0) return null;
    switch (this.statistic) {
      case 'COVAR_POP':
        return cXY / n;
      case 'COVAR_SAMP':
        return n < 2 ? null : cXY / (n - 1);
      case 'CORR':
        return m2X === 0 || m2Y === 0 ? null : clampUnit(cXY / (Math.sqrt(m2X) * Math.sqrt(m2Y)));
      case 'REGR_SLOPE':
        return m2X === 0 ? null : cXY / m2X;
      case 'REGR_INTERCEPT':
        return m2X === 0 ? null : this.meanY - (cXY / m2X) * this.meanX;
      case 'REGR_R2':
        if (m2X === 0) return null;
        return m2Y === 0 ? 1 : Math.min((cXY / m2X) * (cXY / m2Y), 1);
    }
  }
}

/** A correlation rounded just outside [-1, 1] back into it. */
function clampUnit(x: number): number {
  return x > 1 ? 1 : x < -1 ? -1 : x;
}

/** Defines one of the two-argument statistics. */
function coMomentsAggregate(name: Statistic, description: string): AggregateFunction {
  return defineAggregate({
    name,
    signature: `${name}(y, x)`,
    description: `${description}; pairs with a NULL are skipped (DOUBLE, co-moments updated per pair).`,
    minArgs: 2,
    maxArgs: 2,
    bind(argTypes) {
      const readY = doubleReader(expectArgument(name, argTypes, 0, NUMERIC_KINDS), name, 1);
      const readX = doubleReader(expectArgument(name, argTypes, 1, NUMERIC_KINDS), name, 2);
      return { returnType: DOUBLE, create: () => new CoMomentsAccumulator(name, readY, readX) };
    },
  });
}

/** CORR, COVAR_POP, COVAR_SAMP, REGR_SLOPE, REGR_INTERCEPT, REGR_R2. */
export const REGRESSION_FUNCTIONS: readonly AggregateFunction[] = [
  coMomentsAggregate('CORR', 'The Pearson correlation of y and x; NULL when either has no variance'),
  coMomentsAggregate('COVAR_POP', 'The population covariance of y and x; NULL over no pairs'),
  coMomentsAggregate('COVAR_SAMP', 'The sample covariance of y and x; NULL below 2 pairs'),
  coMomentsAggregate('REGR_SLOPE', 'The slope of the least-squares line y = slope × x + intercept; NULL when x has no variance'),
  coMomentsAggregate('REGR_INTERCEPT', 'The intercept of the least-squares line; NULL when x has no variance'),
  coMomentsAggregate('REGR_R2', 'The coefficient of determination of the least-squares line; NULL when x has no variance, 1 when y has none'),
];
