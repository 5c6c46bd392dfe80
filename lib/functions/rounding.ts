import { Decimal } from '../types/decimal.js';
import { DOUBLE, INTEGER, type SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { expectArgument, NUMERIC_KINDS } from './argumentTypes.js';
import { bound, defineFunction } from './define.js';
import { normalizeInteger, remainderIntegers, subtractIntegers, type IntegerValue } from './integerArithmetic.js';
import { bindByFirstArgumentType } from './firstArgumentDispatch.js';
import { integerOf } from './runtimeValues.js';
import { cappedDecimal } from './superType.js';
import type { BoundFunction, ScalarFunction } from './types.js';

/*
 * ROUND rounds half away from zero (HALF_UP) for every type; TRUNCATE rounds toward zero.
 * DOUBLE values are rounded on their shortest decimal text, so ROUND(1.005, 2) is 1.01.
 * DECIMAL keeps DECIMAL: with a constant n the result scale is max(n, 0), otherwise the input
 * scale is kept. INTEGER stays INTEGER (a negative n rounds to tens, hundreds, ...).
 */

type Mode = 'round' | 'truncate';

/** x × 10^n computed on the decimal text (exact for the shortest representation). */
function shiftPoint(x: number, n: number): number {
  const text = String(x);
  return text.includes('e') ? x * 10 ** n : Number(`${text}e${n}`);
}

/** Rounds a double to n decimal places, half away from zero or toward zero. */
function roundDouble(x: number, n: number, mode: Mode): number {
  if (!Number.isFinite(x)) return x;
  const magnitude = Math.abs(x);
  const shifted = shiftPoint(magnitude, n);
  const whole = mode === 'round' ? Math.round(shifted) : Math.trunc(shifted);
  const result = shiftPoint(whole, -n);
  return (x < 0 ? -result : result) + 0;
}

/** 10^k as an INTEGER value. */
function powerOfTen(k: number): IntegerValue {
  return normalizeInteger(10n ** BigInt(k));
}

/** Rounds an INTEGER to 10^-n (n < 0), half away from zero or toward zero. */
function roundInteger(x: IntegerValue, n: number, mode: Mode): IntegerValue {
  if (n >= 0) return x;
  if (mode === 'round') return normalizeInteger(Decimal.fromInteger(x).round(n).toBigInt());
  return subtractIntegers(x, remainderIntegers(x, powerOfTen(-n))!);
}

/** Rounds a decimal to n places (result scale max(n, 0)). */
function roundDecimal(d: Decimal, n: number, mode: Mode): Decimal {
  if (mode === 'round') return d.round(n);
  const unit = n >= 0 ? Decimal.fromUnscaled(1, n) : Decimal.fromInteger(10n ** BigInt(-n));
  return d.sub(d.mod(unit)!).rescale(Math.max(n, 0));
}

function bindRounding(name: string, mode: Mode, argTypes: readonly SqlType[], constants: readonly (Value | undefined)[]): BoundFunction {
  expectArgument(name, argTypes, 0, NUMERIC_KINDS);
  const withDigits = argTypes.length === 2;
  if (withDigits) expectArgument(name, argTypes, 1, ['INTEGER']);
  if (withDigits && argTypes[1]!.kind === 'NULL') return bound(argTypes[0]!, () => null);
  const constantDigits = withDigits ? constants[1] : 0;
  const fixedDigits = typeof constantDigits === 'number' && Number.isInteger(constantDigits) ? constantDigits : undefined;
  const digitsOf = (args: Value[]): number | null => {
    if (fixedDigits !== undefined) return fixedDigits;
    const n = args[1];
    return n === null ? null : integerOf(n, name, 2);
  };
  return bindByFirstArgumentType(argTypes, (type) => {
    switch (type.kind) {
      case 'INTEGER':
        return bound(INTEGER, (args) => {
          const x = args[0];
          const n = digitsOf(args);
          return x === null || n === null ? null : roundInteger(x as IntegerValue, n, mode);
        });
      case 'DECIMAL': {
        const resultScale = fixedDigits === undefined ? type.scale : Math.max(fixedDigits, 0);
        const carry = mode === 'round' ? 1 : 0;
        const returnType = cappedDecimal(type.precision - type.scale + resultScale + carry, resultScale);
        return bound(returnType, (args) => {
          const x = args[0];
          const n = digitsOf(args);
          return x === null || n === null ? null : roundDecimal(x as Decimal, n, mode).rescale(resultScale);
        });
      }
      default:
        return bound(DOUBLE, (args) => {
          const x = args[0];
          const n = digitsOf(args);
          return x === null || n === null ? null : roundDouble(x as number, n, mode);
        });
    }
  });
}

const ROUND = defineFunction({
  name: 'ROUND',
  category: 'math',
  signature: 'ROUND(x [, n])',
  description: 'x rounded half away from zero to n decimal places (default 0; negative n rounds left of the point). DECIMAL stays DECIMAL with scale n.',
  minArgs: 1,
  maxArgs: 2,
  bind: (argTypes, constants) => bindRounding('ROUND', 'round', argTypes, constants),
});

const TRUNCATE = defineFunction({
  name: 'TRUNCATE',
  aliases: ['TRUNC'],
  category: 'math',
  signature: 'TRUNCATE(x [, n])',
  description: 'x cut toward zero to n decimal places (default 0; negative n cuts left of the point).',
  minArgs: 1,
  maxArgs: 2,
  bind: (argTypes, constants) => bindRounding('TRUNCATE', 'truncate', argTypes, constants),
});

function ceilOrFloor(name: 'CEIL' | 'FLOOR'): ScalarFunction {
  const up = name === 'CEIL';
  return defineFunction({
    name,
    aliases: up ? ['CEILING'] : [],
    category: 'math',
    signature: `${name}(x)`,
    description: `The ${up ? 'smallest integer ≥ x' : 'largest integer ≤ x'}; DECIMAL gives DECIMAL with scale 0.`,
    minArgs: 1,
    maxArgs: 1,
    bind(argTypes) {
      expectArgument(name, argTypes, 0, NUMERIC_KINDS);
      return bindByFirstArgumentType(argTypes, (type) => {
        if (type.kind === 'INTEGER') return bound(INTEGER, (args) => args[0]);
        if (type.kind === 'DECIMAL') {
          return bound(cappedDecimal(type.precision - type.scale + 1, 0), (args) => {
            const x = args[0] as Decimal | null;
            return x === null ? null : up ? x.ceil() : x.floor();
          });
        }
        return bound(DOUBLE, (args) => {
          const x = args[0] as number | null;
          return x === null ? null : (up ? Math.ceil(x) : Math.floor(x)) + 0;
        });
      });
    },
  });
}

/** ROUND, TRUNCATE, CEIL, FLOOR. */
export const ROUNDING_FUNCTIONS: readonly ScalarFunction[] = [ROUND, TRUNCATE, ceilOrFloor('CEIL'), ceilOrFloor('FLOOR')];
