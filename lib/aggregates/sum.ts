import { NUMERIC_KINDS, expectArgument } from '../functions/argumentTypes.js';
import type { Decimal } from '../types/decimal.js';
import { ANY, DOUBLE, INTEGER, MAX_DECIMAL_PRECISION, decimalType, type SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { AnyNumericAccumulator } from './anyNumericAccumulator.js';
import { defineAggregate } from './define.js';
import { mergeable } from './mergeable.js';
import { DecimalTotal, DoubleTotal, IntegerTotal } from './sumStates.js';
import type { Accumulator, AggregateFunction, BoundAggregate, UnscaledAccumulator } from './types.js';

/** SUM(INTEGER): exact, a bigint beyond 2^53. */
class IntegerSumAccumulator extends IntegerTotal implements Accumulator {
  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v !== null) this.addInteger(v as number | bigint);
  }

  merge(other: Accumulator): void {
    this.addTotal(mergeable(other, IntegerSumAccumulator));
  }

  result(): Value {
    return this.count === 0 ? null : this.total();
  }
}

/** SUM(DECIMAL(p, s)): exact at scale s. */
class DecimalSumAccumulator extends DecimalTotal implements UnscaledAccumulator {
  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v !== null) this.addDecimal(v as Decimal);
  }

  merge(other: Accumulator): void {
    this.addTotal(mergeable(other, DecimalSumAccumulator));
  }

  result(): Value {
    return this.count === 0 ? null : this.total();
  }
}

/** SUM(DOUBLE): compensated summation. */
class DoubleSumAccumulator extends DoubleTotal implements Accumulator {
  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v !== null) this.addDouble(v as number);
  }

  merge(other: Accumulator): void {
    this.addTotal(mergeable(other, DoubleSumAccumulator));
  }

  result(): Value {
    return this.count === 0 ? null : this.total();
  }
}

/** The SUM of an argument of a numeric `type`. */
function bindSum(type: SqlType): BoundAggregate {
  switch (type.kind) {
    case 'INTEGER':
      return { returnType: INTEGER, create: () => new IntegerSumAccumulator() };
    case 'DOUBLE':
      return { returnType: DOUBLE, create: () => new DoubleSumAccumulator() };
    case 'DECIMAL': {
      const scale = type.scale;
      return { returnType: decimalType(MAX_DECIMAL_PRECISION, scale), create: () => new DecimalSumAccumulator(scale), unscaledScale: scale };
    }
    default:
      return { returnType: ANY, create: () => new AnyNumericAccumulator('SUM', false) };
  }
}

const SUM = defineAggregate({
  name: 'SUM',
  signature: 'SUM([DISTINCT] x)',
  description:
    'The exact sum of the non-NULL values: INTEGER gives INTEGER (a bigint beyond 2^53), DECIMAL(p,s) gives DECIMAL(38,s), DOUBLE gives DOUBLE; NULL over no values.',
  minArgs: 1,
  maxArgs: 1,
  bind(argTypes) {
    return bindSum(expectArgument('SUM', argTypes, 0, NUMERIC_KINDS));
  },
});

/** SUM. */
export const SUM_FUNCTIONS: readonly AggregateFunction[] = [SUM];
