import { FerrisError } from '../types/errors.js';
import { formatType, type SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { expectArgument } from './argumentTypes.js';
import { bound, defineFunction } from './define.js';
import { bindComparison } from './comparison.js';
import { coercion, commonSuperTypeOf } from './superType.js';
import type { BoundFunction, ScalarFunction } from './types.js';

/*
 * Conditional functions. Their arguments are already evaluated when the function runs (CASE is
 * the planner's, and evaluates lazily). Mixed argument types convert to their common super
 * type (INTEGER with DECIMAL gives DECIMAL, with DOUBLE gives DOUBLE).
 */

/** The common super type of the given arguments, or a SQL_TYPE error listing their types. */
export function superTypeOfArguments(fn: string, types: readonly SqlType[]): SqlType {
  const result = commonSuperTypeOf(types);
  if (result === undefined) {
    throw new FerrisError(
      'SQL_TYPE',
      `${fn}: arguments of types ${types.map(formatType).join(', ')} have no common type; accepted: ` +
        'the same type, numbers with numbers, DATE with TIMESTAMP, or NULL',
    );
  }
  return result;
}

/** Converters of each argument to `target` (identity where none is needed). */
export function coercionsTo(types: readonly SqlType[], target: SqlType): ((v: Value) => Value)[] {
  return types.map((t) => coercion(t, target) ?? ((v: Value) => v));
}

/** COALESCE over the first `count` arguments. */
function bindCoalesce(fn: string, argTypes: readonly SqlType[]): BoundFunction {
  const returnType = superTypeOfArguments(fn, argTypes);
  const convert = coercionsTo(argTypes, returnType);
  const count = argTypes.length;
  return bound(returnType, (args) => {
    for (let i = 0; i < count; i++) {
      const v = args[i];
      if (v !== null) return convert[i]!(v);
    }
    return null;
  });
}

const COALESCE = defineFunction({
  name: 'COALESCE',
  category: 'conditional',
  signature: 'COALESCE(a, ...)',
  description: 'The first argument that is not NULL, or NULL.',
  minArgs: 1,
  maxArgs: Infinity,
  bind: (argTypes) => bindCoalesce('COALESCE', argTypes),
});

const IFNULL = defineFunction({
  name: 'IFNULL',
  aliases: ['NVL'],
  category: 'conditional',
  signature: 'IFNULL(a, b)',
  description: 'a when it is not NULL, else b (COALESCE of two arguments).',
  minArgs: 2,
  maxArgs: 2,
  bind: (argTypes) => bindCoalesce('IFNULL', argTypes),
});

const NULLIF = defineFunction({
  name: 'NULLIF',
  category: 'conditional',
  signature: 'NULLIF(a, b)',
  description: 'NULL when a equals b, else a.',
  minArgs: 2,
  maxArgs: 2,
  bind(argTypes) {
    const equals = bindComparison('=', argTypes[0]!, argTypes[1]!);
    return bound(argTypes[0]!, (args) => {
      const a = args[0];
      if (a === null || args[1] === null) return a;
      return equals.call(a, args[1]) === true ? null : a;
    });
  },
});

const IF = defineFunction({
  name: 'IF',
  aliases: ['IIF'],
  category: 'conditional',
  signature: 'IF(condition, then, else)',
  description: 'then when condition is TRUE, else the third argument (also when condition is NULL).',
  minArgs: 3,
  maxArgs: 3,
  bind(argTypes) {
    expectArgument('IF', argTypes, 0, ['BOOLEAN']);
    const branches = argTypes.slice(1);
    const returnType = superTypeOfArguments('IF', branches);
    const [thenValue, elseValue] = coercionsTo(branches, returnType);
    return bound(returnType, (args) => {
      if (args[0] === true) return args[1] === null ? null : thenValue!(args[1]);
      return args[2] === null ? null : elseValue!(args[2]);
    });
  },
});

/** LEAST or GREATEST: NULL arguments are skipped; NULL only when all are NULL. */
function extremum(name: 'LEAST' | 'GREATEST'): ScalarFunction {
  const wantLess = name === 'LEAST';
  return defineFunction({
    name,
    category: 'math',
    signature: `${name}(a, ...)`,
    description: `The ${wantLess ? 'smallest' : 'largest'} argument, ignoring NULLs (NULL when all are NULL).`,
    minArgs: 1,
    maxArgs: Infinity,
    bind(argTypes) {
      const returnType = superTypeOfArguments(name, argTypes);
      const convert = coercionsTo(argTypes, returnType);
      const better = bindComparison(wantLess ? '<' : '>', returnType, returnType);
      const count = argTypes.length;
      return bound(returnType, (args) => {
        let best: Value = null;
        for (let i = 0; i < count; i++) {
          const v = args[i];
          if (v === null) continue;
          const candidate = convert[i]!(v);
          if (best === null || better.call(candidate, best) === true) best = candidate;
        }
        return best;
      });
    },
  });
}

/** COALESCE, IFNULL, NULLIF, IF, LEAST, GREATEST. */
export const CONDITIONAL_FUNCTIONS: readonly ScalarFunction[] = [
  COALESCE,
  IFNULL,
  NULLIF,
  IF,
  extremum('LEAST'),
  extremum('GREATEST'),
];
