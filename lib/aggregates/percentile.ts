import { NUMERIC_KINDS, expectArgument } from '../functions/argumentTypes.js';
import { compareValues } from '../types/compare.js';
import { Decimal } from '../types/decimal.js';
import { DOUBLE, MAX_DECIMAL_PRECISION, decimalType, type SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { aggregateTypeError, defineAggregate } from './define.js';
import { doubleReader, type DoubleReader } from './doubleReader.js';
import { mergeable } from './mergeable.js';
import { fractionParameter } from './parameters.js';
import { continuousQuantileOfDecimals, continuousQuantileOfDoubles, discreteQuantile } from './quantiles.js';
import { SortedBag } from './sortedBag.js';
import type { Accumulator, AggregateFunction, BoundAggregate } from './types.js';

/** Orders doubles with NaN above everything (the order of `compareValues`). */
function compareDoubles(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
}

const compareDecimals = (a: Decimal, b: Decimal): number => a.compare(b);

/** PERCENTILE_CONT / MEDIAN over INTEGER, DOUBLE or ANY: values kept as doubles, DOUBLE result. */
class DoubleQuantileAccumulator implements Accumulator {
  private readonly bag = new SortedBag<number>(compareDoubles);

  constructor(
    private readonly fraction: Decimal,
    private readonly read: DoubleReader,
  ) {}

  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v !== null) this.bag.push(this.read(v));
  }

  merge(other: Accumulator): void {
    this.bag.pushAll(mergeable(other, DoubleQuantileAccumulator).bag);
  }

  result(): Value {
    return this.bag.size === 0 ? null : continuousQuantileOfDoubles(this.bag.sorted(), this.fraction);
  }
}

/** PERCENTILE_CONT / MEDIAN over DECIMAL: exact interpolation, rounded HALF_UP to `scale`. */
class DecimalQuantileAccumulator implements Accumulator {
  private readonly bag = new SortedBag<Decimal>(compareDecimals);

  constructor(
    private readonly fraction: Decimal,
    private readonly scale: number,
  ) {}

  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v !== null) this.bag.push(v as Decimal);
  }

  merge(other: Accumulator): void {
    this.bag.pushAll(mergeable(other, DecimalQuantileAccumulator).bag);
  }

  result(): Value {
    return this.bag.size === 0 ? null : continuousQuantileOfDecimals(this.bag.sorted(), this.fraction, this.scale);
  }
}

/** PERCENTILE_DISC: one of the input values. */
class DiscreteQuantileAccumulator implements Accumulator {
  private readonly bag: SortedBag<Value>;

  constructor(
    private readonly fraction: Decimal,
    compare: (a: Value, b: Value) => number,
  ) {
    this.bag = new SortedBag<Value>(compare);
  }

  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v !== null) this.bag.push(v);
  }

  merge(other: Accumulator): void {
    this.bag.pushAll(mergeable(other, DiscreteQuantileAccumulator).bag);
  }

  result(): Value {
    return this.bag.size === 0 ? null : discreteQuantile(this.bag.sorted(), this.fraction);
  }
}

/** The interpolating quantile `fraction` of a numeric argument of `type`. */
function bindContinuous(fn: string, type: SqlType, fraction: Decimal): BoundAggregate {
  if (type.kind === 'DECIMAL') {
    const scale = Math.min(type.scale + 6, MAX_DECIMAL_PRECISION);
    return {
      returnType: decimalType(MAX_DECIMAL_PRECISION, scale),
      create: () => new DecimalQuantileAccumulator(fraction, scale),
    };
  }
  const read = doubleReader(type, fn, 1);
  return { returnType: DOUBLE, create: () => new DoubleQuantileAccumulator(fraction, read) };
}

const HALF = Decimal.parse('0.5');

/** What MEDIAN and PERCENTILE_CONT return. */
const CONTINUOUS_RESULT =
  'INTEGER and DOUBLE give DOUBLE; DECIMAL(p,s) is interpolated exactly and gives DECIMAL(38,s+6) rounded HALF_UP; NULL over no values. Keeps every value (8 bytes per double, one Decimal per decimal).';

const MEDIAN = defineAggregate({
  name: 'MEDIAN',
  signature: 'MEDIAN([DISTINCT] x)',
  description: `The middle value; the mean of the two middle values for an even count (PERCENTILE_CONT(0.5)). ${CONTINUOUS_RESULT}`,
  minArgs: 1,
  maxArgs: 1,
  bind(argTypes) {
    return bindContinuous('MEDIAN', expectArgument('MEDIAN', argTypes, 0, NUMERIC_KINDS), HALF);
  },
});

const PERCENTILE_CONT = defineAggregate({
  name: 'PERCENTILE_CONT',
  signature: 'PERCENTILE_CONT(x, p) | PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY x)',
  description: `The p-quantile (0 ≤ p ≤ 1) interpolated linearly between the two values around position p × (n − 1). ${CONTINUOUS_RESULT}`,
  minArgs: 1,
  maxArgs: 1,
  parameters: 1,
  // A bare NULL argument still has its parameters checked; its result is NULL.
  bindsNullArguments: true,
  bind(argTypes, parameters) {
    const type = expectArgument('PERCENTILE_CONT', argTypes, 0, NUMERIC_KINDS);
    return bindContinuous('PERCENTILE_CONT', type, fractionParameter('PERCENTILE_CONT', parameters[0]!));
  },
});

/** Types without an order PERCENTILE_DISC could use. */
const UNORDERED_KINDS: ReadonlySet<SqlType['kind']> = new Set(['MAP', 'STRUCT']);

const PERCENTILE_DISC = defineAggregate({
  name: 'PERCENTILE_DISC',
  signature: 'PERCENTILE_DISC(x, p) | PERCENTILE_DISC(p) WITHIN GROUP (ORDER BY x)',
  description:
    'The first input value (in ascending order) whose cumulative share reaches p (0 ≤ p ≤ 1): always one of the values, of the type of x; NULL over no values. Keeps every value.',
  minArgs: 1,
  maxArgs: 1,
  parameters: 1,
  // A bare NULL argument still has its parameters checked; its result is NULL.
  bindsNullArguments: true,
  bind(argTypes, parameters) {
    const type = argTypes[0]!;
    if (UNORDERED_KINDS.has(type.kind)) {
      throw aggregateTypeError('PERCENTILE_DISC', `argument 1 has type ${type.kind}, which has no order; accepted: numbers, STRING, TIMESTAMP, DATE, INTERVAL, BOOLEAN, ARRAY`);
    }
    const fraction = fractionParameter('PERCENTILE_DISC', parameters[0]!);
    const compare = type.kind === 'DECIMAL' ? (compareDecimals as (a: Value, b: Value) => number) : compareValues;
    return { returnType: type, create: () => new DiscreteQuantileAccumulator(fraction, compare) };
  },
});

/** MEDIAN, PERCENTILE_CONT and PERCENTILE_DISC. */
export const PERCENTILE_FUNCTIONS: readonly AggregateFunction[] = [MEDIAN, PERCENTILE_CONT, PERCENTILE_DISC];
