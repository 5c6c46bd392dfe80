import { expectArgument } from '../functions/argumentTypes.js';
import { subtractIntegers } from '../functions/integerArithmetic.js';
import { doubleOf } from '../functions/runtimeValues.js';
import { Decimal, isDecimal } from '../types/decimal.js';
import { ANY, INTEGER, INTERVAL, MAX_DECIMAL_PRECISION, decimalType, type SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { defineAggregate } from './define.js';
import { extremeFactory, type Extreme } from './extremes.js';
import { mergeable } from './mergeable.js';
import type { Accumulator, AggregateFunction } from './types.js';

/** MIN and MAX of a DECIMAL take its values as unscaled integers at its scale (see `extremeFactory`). */
function unscaledScaleOf(type: SqlType): { unscaledScale?: number } {
  return type.kind === 'DECIMAL' ? { unscaledScale: type.scale } : {};
}

const MIN = defineAggregate({
  name: 'MIN',
  signature: 'MIN(x)',
  description:
    'The smallest non-NULL value (numbers, strings in code point order, timestamps, dates, ...), of the type of x; NULL over no values.',
  minArgs: 1,
  maxArgs: 1,
  distinctIrrelevant: true,
  bind(argTypes) {
    return { returnType: argTypes[0]!, create: extremeFactory(argTypes[0]!, false), ...unscaledScaleOf(argTypes[0]!) };
  },
});

const MAX = defineAggregate({
  name: 'MAX',
  signature: 'MAX(x)',
  description: 'The largest non-NULL value, of the type of x; NULL over no values.',
  minArgs: 1,
  maxArgs: 1,
  distinctIrrelevant: true,
  bind(argTypes) {
    return { returnType: argTypes[0]!, create: extremeFactory(argTypes[0]!, true), ...unscaledScaleOf(argTypes[0]!) };
  },
});

/** max − min of two non-null extremes. */
type Difference = (max: Value, min: Value) => Value;

/** DELTA: tracks both extremes, subtracts at the end. */
class DeltaAccumulator implements Accumulator {
  constructor(
    private readonly min: Extreme,
    private readonly max: Extreme,
    private readonly difference: Difference,
  ) {}

  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v === null) return;
    this.min.offer(v);
    this.max.offer(v);
  }

  merge(other: Accumulator): void {
    const o = mergeable(other, DeltaAccumulator);
    this.min.merge(o.min);
    this.max.merge(o.max);
  }

  result(): Value {
    const max = this.max.result();
    return max === null ? null : this.difference(max, this.min.result());
  }
}

const integerDifference: Difference = (max, min) => subtractIntegers(max as number | bigint, min as number | bigint);
const doubleDifference: Difference = (max, min) => (max as number) - (min as number);
const decimalDifference: Difference = (max, min) => (max as Decimal).sub(min as Decimal);
const anyDifference: Difference = (max, min) => {
  if (typeof max === 'number' && typeof min === 'number') return max - min;
  return asDecimal(max).sub(asDecimal(min));
};

/** A run-time value of an ANY argument as a decimal; EVALUATION error when it is not a number. */
function asDecimal(v: Value): Decimal {
  if (isDecimal(v)) return v;
  if (typeof v === 'bigint') return Decimal.fromInteger(v);
  return Decimal.fromNumber(doubleOf(v, 'DELTA', 1));
}

/** The return type and the subtraction of DELTA over `type`. */
function deltaShape(type: SqlType): { returnType: SqlType; difference: Difference } {
  switch (type.kind) {
    case 'INTEGER':
      return { returnType: INTEGER, difference: integerDifference };
    case 'DECIMAL':
      return {
        returnType: decimalType(Math.min(type.precision + 1, MAX_DECIMAL_PRECISION), type.scale),
        difference: decimalDifference,
      };
    case 'TIMESTAMP':
    case 'INTERVAL':
      return { returnType: INTERVAL, difference: doubleDifference };
    case 'DATE':
      return { returnType: INTEGER, difference: doubleDifference };
    case 'DOUBLE':
      return { returnType: type, difference: doubleDifference };
    default:
      return { returnType: ANY, difference: anyDifference };
  }
}

const DELTA = defineAggregate({
  name: 'DELTA',
  signature: 'DELTA(x)',
  description:
    'MAX(x) − MIN(x): numbers give their type (DECIMAL(p,s) gives DECIMAL(p+1,s)), TIMESTAMP gives an INTERVAL, DATE a number of days; NULL over no values.',
  minArgs: 1,
  maxArgs: 1,
  distinctIrrelevant: true,
  bind(argTypes) {
    const type = expectArgument('DELTA', argTypes, 0, ['INTEGER', 'DOUBLE', 'DECIMAL', 'TIMESTAMP', 'DATE', 'INTERVAL']);
    const { returnType, difference } = deltaShape(type);
    const createMin = extremeFactory(type, false);
    const createMax = extremeFactory(type, true);
    return { returnType, create: () => new DeltaAccumulator(createMin(), createMax(), difference) };
  },
});

/** MIN, MAX and DELTA. */
export const MIN_MAX_FUNCTIONS: readonly AggregateFunction[] = [MIN, MAX, DELTA];
