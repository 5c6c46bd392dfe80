import type { Decimal } from '../types/decimal.js';
import { FerrisError } from '../types/errors.js';
import { DOUBLE, INTEGER, type SqlType } from '../types/sqlType.js';
import { expectArgument, expectArguments, NUMERIC_KINDS } from './argumentTypes.js';
import { bound, defineFunction } from './define.js';
import { negateInteger, type IntegerValue } from './integerArithmetic.js';
import { bindByFirstArgumentType } from './firstArgumentDispatch.js';
import { bindBinaryOperator } from './operators.js';
import { anyNull, doubleOf } from './runtimeValues.js';
import type { BoundFunction, ScalarFunction } from './types.js';

/*
 * Math functions. Like PostgreSQL, inputs outside a function's domain are errors of the record
 * (FerrisError EVALUATION): SQRT of a negative number, LN/LOG of zero or a negative number,
 * POWER(0, negative) and a negative base with a fractional exponent; so are results that
 * overflow a double. Functions of doubles (SQRT, EXP, LN, LOG, POWER) return DOUBLE.
 */

function outOfDomain(fn: string, why: string): FerrisError {
  return new FerrisError('EVALUATION', `${fn}: ${why}`);
}

/** Checks that a double result of finite inputs is finite. */
function finite(fn: string, result: number): number {
  if (!Number.isFinite(result)) throw outOfDomain(fn, 'value out of range: overflow');
  return result;
}

function absFor(type: SqlType): BoundFunction {
  switch (type.kind) {
    case 'INTEGER':
      return bound(INTEGER, (args) => {
        const x = args[0] as IntegerValue | null;
        return x === null ? null : x < 0 ? negateInteger(x) : x;
      });
    case 'DECIMAL':
      return bound(type, (args) => {
        const x = args[0] as Decimal | null;
        return x === null ? null : x.abs();
      });
    default:
      return bound(DOUBLE, (args) => {
        const x = args[0] as number | null;
        return x === null ? null : Math.abs(x);
      });
  }
}

const ABS = defineFunction({
  name: 'ABS',
  category: 'math',
  signature: 'ABS(x)',
  description: 'The absolute value of x, of the same type.',
  minArgs: 1,
  maxArgs: 1,
  bind(argTypes) {
    expectArgument('ABS', argTypes, 0, NUMERIC_KINDS);
    return bindByFirstArgumentType(argTypes, absFor);
  },
});

const SIGN = defineFunction({
  name: 'SIGN',
  category: 'math',
  signature: 'SIGN(x)',
  description: '-1, 0 or 1 as x is negative, zero or positive (NULL for NaN).',
  minArgs: 1,
  maxArgs: 1,
  bind(argTypes) {
    expectArgument('SIGN', argTypes, 0, NUMERIC_KINDS);
    return bound(INTEGER, (args) => {
      const x = args[0];
      if (x === null) return null;
      if (typeof x === 'bigint') return x < 0n ? -1 : 1;
      if (typeof x === 'number') return Number.isNaN(x) ? null : Math.sign(x) + 0;
      return (x as Decimal).sign();
    });
  },
});

/** Declares a function of one double argument. */
function unaryDouble(name: string, description: string, body: (x: number) => number, aliases: readonly string[] = []): ScalarFunction {
  return defineFunction({
    name,
    aliases,
    category: 'math',
    signature: `${name}(x)`,
    description,
    minArgs: 1,
    maxArgs: 1,
    bind(argTypes) {
      expectArgument(name, argTypes, 0, NUMERIC_KINDS);
      return bound(DOUBLE, (args) => {
        const x = args[0];
        return x === null ? null : body(doubleOf(x, name, 1));
      });
    },
  });
}

/** Checks that x is in the domain of a logarithm (x > 0). */
function logArgument(fn: string, x: number): number {
  if (x === 0) throw outOfDomain(fn, 'cannot take the logarithm of zero');
  if (x < 0) throw outOfDomain(fn, `cannot take the logarithm of a negative number (${x})`);
  return x;
}

/** The natural logarithm, checking the domain. */
function ln(fn: string, x: number): number {
  return Math.log(logArgument(fn, x));
}

const SQRT = unaryDouble('SQRT', 'The square root of x (an error for negative x).', (x) => {
  if (x < 0) throw outOfDomain('SQRT', `cannot take the square root of a negative number (${x})`);
  return Math.sqrt(x);
});
const EXP = unaryDouble('EXP', 'e raised to the power x.', (x) => (Number.isFinite(x) ? finite('EXP', Math.exp(x)) : Math.exp(x)));
const LN = unaryDouble('LN', 'The natural logarithm of x (an error for x ≤ 0).', (x) => ln('LN', x));
const LOG10 = unaryDouble('LOG10', 'The base-10 logarithm of x (an error for x ≤ 0).', (x) => Math.log10(logArgument('LOG10', x)));

/** log_base(x), checking the domain. */
function logBase(base: number, x: number): number {
  if (base === 1) throw outOfDomain('LOG', 'cannot use 1 as the base of a logarithm');
  return ln('LOG', x) / ln('LOG', base);
}

const LOG = defineFunction({
  name: 'LOG',
  category: 'math',
  signature: 'LOG([base,] x)',
  description: 'The base-10 logarithm of x, or with two arguments the logarithm of x in the given base.',
  minArgs: 1,
  maxArgs: 2,
  bind(argTypes) {
    expectArguments('LOG', argTypes, NUMERIC_KINDS);
    if (argTypes.length === 1) {
      return bound(DOUBLE, (args) => (args[0] === null ? null : Math.log10(logArgument('LOG', doubleOf(args[0], 'LOG', 1)))));
    }
    return bound(DOUBLE, (args) =>
      anyNull(args, 2) ? null : logBase(doubleOf(args[0], 'LOG', 1), doubleOf(args[1], 'LOG', 2)),
    );
  },
});

/** base^exponent with PostgreSQL's domain checks. */
function power(base: number, exponent: number): number {
  if (base === 0 && exponent < 0) throw outOfDomain('POWER', 'zero raised to a negative power is undefined');
  if (base < 0 && !Number.isInteger(exponent)) {
    throw outOfDomain('POWER', 'a negative number raised to a non-integer power gives a complex result');
  }
  const result = base ** exponent;
  return Number.isFinite(base) && Number.isFinite(exponent) ? finite('POWER', result) : result;
}

const POWER = defineFunction({
  name: 'POWER',
  aliases: ['POW'],
  category: 'math',
  signature: 'POWER(base, exponent)',
  description: 'base raised to exponent, as DOUBLE.',
  minArgs: 2,
  maxArgs: 2,
  bind(argTypes) {
    expectArguments('POWER', argTypes, NUMERIC_KINDS);
    return bound(DOUBLE, (args) => (anyNull(args, 2) ? null : power(doubleOf(args[0], 'POWER', 1), doubleOf(args[1], 'POWER', 2))));
  },
});

const MOD = defineFunction({
  name: 'MOD',
  category: 'math',
  signature: 'MOD(a, b)',
  description: 'The remainder of a ÷ b with the sign of a, like a % b (NULL when b is 0).',
  minArgs: 2,
  maxArgs: 2,
  bind(argTypes) {
    expectArguments('MOD', argTypes, NUMERIC_KINDS);
    const remainder = bindBinaryOperator('%', argTypes[0]!, argTypes[1]!);
    return bound(remainder.returnType, (args) => remainder.call(args[0], args[1]));
  },
});

const PI = defineFunction({
  name: 'PI',
  category: 'math',
  signature: 'PI()',
  description: 'The constant π as DOUBLE.',
  minArgs: 0,
  maxArgs: 0,
  bind: () => bound(DOUBLE, () => Math.PI),
});

const RANDOM = defineFunction({
  name: 'RANDOM',
  aliases: ['RAND'],
  category: 'math',
  signature: 'RANDOM()',
  description: 'A pseudo-random DOUBLE in [0, 1), different on every call.',
  minArgs: 0,
  maxArgs: 0,
  deterministic: false,
  bind: () => bound(DOUBLE, () => Math.random()),
});

/** ABS, SIGN, SQRT, EXP, LN, LOG, LOG10, POWER, MOD, PI, RANDOM. */
export const MATH_FUNCTIONS: readonly ScalarFunction[] = [ABS, SIGN, SQRT, EXP, LN, LOG, LOG10, POWER, MOD, PI, RANDOM];
