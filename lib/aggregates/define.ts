import { FerrisError } from '../types/errors.js';
import { NULL_TYPE, type SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { DistinctAccumulator } from './distinct.js';
import type { Accumulator, AggregateFunction, AggregateOptions, BoundAggregate } from './types.js';

/** What an aggregate module declares; {@link defineAggregate} adds the common checks. */
export interface AggregateSpec {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly signature: string;
  readonly description: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Constant parameters after the value arguments (default 0). */
  readonly parameters?: number;
  /** True when DISTINCT cannot change the result (MIN, MAX): no set of seen values is kept. */
  readonly distinctIrrelevant?: boolean;
  /** True for COUNT: `COUNT(*)` is allowed. */
  readonly allowsStar?: boolean;
  /**
   * True when the spec binds a bare NULL argument itself (COUNT(NULL) is 0, a percentile's
   * fraction is still checked); otherwise such an aggregate is always NULL without calling
   * the spec.
   */
  readonly bindsNullArguments?: boolean;
  /**
   * Called with a checked argument count, the right number of parameters, no NULL-typed
   * argument (unless `bindsNullArguments`) and DISTINCT already taken care of.
   */
  bind(argTypes: readonly SqlType[], parameters: readonly Value[], star: boolean): BoundAggregate;
}

/** The accumulator of an aggregate whose input is always NULL: its result is NULL. */
class NullAccumulator implements Accumulator {
  add(): void {}

  merge(): void {}

  result(): Value {
    return null;
  }
}

const NULL_ACCUMULATOR: Accumulator = new NullAccumulator();

/** The bound aggregate over a bare NULL argument (e.g. `SUM(NULL)`): always NULL. */
const ALWAYS_NULL: BoundAggregate = { returnType: NULL_TYPE, create: () => NULL_ACCUMULATOR };

/** A SQL_TYPE error of aggregate `fn`. */
export function aggregateTypeError(fn: string, message: string): FerrisError {
  return new FerrisError('SQL_TYPE', `${fn}: ${message}`);
}

/** Wraps a bound aggregate so that only distinct argument values (or tuples) reach it. */
function distinctOf(inner: BoundAggregate, arity: number): BoundAggregate {
  return { returnType: inner.returnType, create: () => new DistinctAccumulator(inner.create(), arity) };
}

/** Builds an {@link AggregateFunction} whose `bind` checks arity, parameters, `*` and DISTINCT. */
export function defineAggregate(spec: AggregateSpec): AggregateFunction {
  const { name, minArgs, maxArgs } = spec;
  const parameterCount = spec.parameters ?? 0;
  return {
    name,
    aliases: spec.aliases ?? [],
    signature: spec.signature,
    description: spec.description,
    minArgs,
    maxArgs,
    parameters: parameterCount,
    bind(argTypes: readonly SqlType[], parameters: readonly Value[], options: AggregateOptions): BoundAggregate {
      if (options.star) {
        if (spec.allowsStar !== true) throw aggregateTypeError(name, `* is only allowed in COUNT(*); use ${spec.signature}`);
        if (argTypes.length > 0 || options.distinct) throw aggregateTypeError(name, 'COUNT(*) takes no argument and no DISTINCT');
      } else if (argTypes.length < minArgs || argTypes.length > maxArgs) {
        throw aggregateTypeError(name, `expects ${describeArity(minArgs, maxArgs)}, got ${argTypes.length}: ${spec.signature}`);
      }
      if (parameters.length !== parameterCount) {
        throw aggregateTypeError(name, `expects ${parameterCount} constant parameter(s), got ${parameters.length}: ${spec.signature}`);
      }
      if (spec.bindsNullArguments !== true && argTypes.some((t) => t.kind === 'NULL')) return ALWAYS_NULL;
      const bound = spec.bind(argTypes, parameters, options.star);
      return options.distinct && spec.distinctIrrelevant !== true ? distinctOf(bound, argTypes.length) : bound;
    },
  };
}

/** "1 value argument", "1 to 2 value arguments". */
function describeArity(min: number, max: number): string {
  const plural = max === 1 ? 'argument' : 'arguments';
  return min === max ? `${min} value ${plural}` : `${min} to ${max} value ${plural}`;
}
