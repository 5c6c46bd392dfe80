import { NUMERIC_KINDS, expectArgument } from '../functions/argumentTypes.js';
import { Decimal } from '../types/decimal.js';
import { ANY, DOUBLE, MAX_DECIMAL_PRECISION, decimalType, type SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { AnyNumericAccumulator } from './anyNumericAccumulator.js';
import { defineAggregate } from './define.js';
import { mergeable } from './mergeable.js';
import { DecimalTotal, DoubleTotal, IntegerTotal } from './sumStates.js';
import type { Accumulator, AggregateFunction, BoundAggregate, UnscaledAccumulator } from './types.js';

/** AVG(INTEGER): the exact sum divided once, as a DOUBLE. */
class IntegerAvgAccumulator extends IntegerTotal implements Accumulator {
  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v !== null) this.addInteger(v as number | bigint);
  }

  merge(other: Accumulator): void {
    this.addTotal(mergeable(other, IntegerAvgAccumulator));
  }

  result(): Value {
    return this.count === 0 ? null : Number(this.total()) / this.count;
  }
}

/** AVG(DECIMAL(p, s)): the exact sum ÷ count at scale s + 6, HALF_UP (the division rule). */
class DecimalAvgAccumulator extends DecimalTotal implements UnscaledAccumulator {
  constructor(
    scale: number,
    private readonly resultScale: number,
  ) {
    super(scale);
  }

  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v !== null) this.addDecimal(v as Decimal);
  }

  merge(other: Accumulator): void {
    this.addTotal(mergeable(other, DecimalAvgAccumulator));
  }

  result(): Value {
    return this.count === 0 ? null : this.total().divToScale(Decimal.fromInteger(this.count), this.resultScale);
  }
}

/** AVG(DOUBLE): compensated sum ÷ count. */
class DoubleAvgAccumulator extends DoubleTotal implements Accumulator {
  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v !== null) this.addDouble(v as number);
  }

  merge(other: Accumulator): void {
    this.addTotal(mergeable(other, DoubleAvgAccumulator));
  }

  result(): Value {
    return this.count === 0 ? null : this.total() / this.count;
  }
}

/** The AVG of an argument of a numeric `type`. */
function bindAvg(type: SqlType): BoundAggregate {
  switch (type.kind) {
    case 'INTEGER':
      return { returnType: DOUBLE, create: () => new IntegerAvgAccumulator() };
    case 'DOUBLE':
      return { returnType: DOUBLE, create: () => new DoubleAvgAccumulator() };
    case 'DECIMAL': {
      const scale = type.scale;
      const resultScale = Math.min(scale + 6, MAX_DECIMAL_PRECISION);
      return {
        returnType: decimalType(MAX_DECIMAL_PRECISION, resultScale),
        create: () => new DecimalAvgAccumulator(scale, resultScale),
        unscaledScale: scale,
      };
    }
    default:
      return { returnType: ANY, create: () => new AnyNumericAccumulator('AVG', true) };
  }
}

const AVG = defineAggregate({
  name: 'AVG',
  signature: 'AVG([DISTINCT] x)',
  description:
    'The mean of the non-NULL values: DECIMAL(p,s) gives the exact sum ÷ count as DECIMAL(38,s+6) rounded HALF_UP; INTEGER and DOUBLE give DOUBLE; NULL over no values.',
  minArgs: 1,
  maxArgs: 1,
  bind(argTypes) {
    return bindAvg(expectArgument('AVG', argTypes, 0, NUMERIC_KINDS));
  },
});

/** AVG. */
export const AVG_FUNCTIONS: readonly AggregateFunction[] = [AVG];
