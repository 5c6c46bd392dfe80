import { FerrisError } from '../types/errors.js';
import type { SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import type { BoundFunction, FunctionCategory, ScalarFunction } from './types.js';

/** What a function module declares; {@link defineFunction} adds the arity check. */
export interface FunctionSpec {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly category: FunctionCategory;
  readonly signature: string;
  readonly description: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Defaults to true. */
  readonly deterministic?: boolean;
  readonly implicitArgs?: readonly string[];
  /** Called only with an argument count inside [minArgs, maxArgs]. */
  bind(argTypes: readonly SqlType[], constants: readonly (Value | undefined)[]): BoundFunction;
}

/** Builds a {@link ScalarFunction} whose `bind` first checks the number of arguments. */
export function defineFunction(spec: FunctionSpec): ScalarFunction {
  const { minArgs, maxArgs, name } = spec;
  const fn: ScalarFunction = {
    name,
    aliases: spec.aliases ?? [],
    category: spec.category,
    signature: spec.signature,
    description: spec.description,
    minArgs,
    maxArgs,
    deterministic: spec.deterministic ?? true,
    bind(argTypes, constants) {
      if (argTypes.length < minArgs || argTypes.length > maxArgs) {
        throw new FerrisError(
          'SQL_TYPE',
          `${name} expects ${describeArity(minArgs, maxArgs)}, got ${argTypes.length}: ${spec.signature}`,
        );
      }
      return spec.bind(argTypes, constants);
    },
  };
  return spec.implicitArgs === undefined ? fn : { ...fn, implicitArgs: spec.implicitArgs };
}

function describeArity(min: number, max: number): string {
  const plural = (n: number): string => (n === 1 ? 'argument' : 'arguments');
  if (min === max) return `${min} ${plural(min)}`;
  if (max === Infinity) return `at least ${min} ${plural(min)}`;
  return `${min} to ${max} arguments`;
}

/** A bound function with its return type and per-row body. */
export function bound(returnType: SqlType, call: (args: Value[]) => Value): BoundFunction {
  return { returnType, call };
}
