import { runtimeType } from '../types/cast.js';
import { isDecimal, type Decimal } from '../types/decimal.js';
import { FerrisError } from '../types/errors.js';
import { ANY, DOUBLE, formatType, INTEGER, isNumeric, NULL_TYPE, type SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { decimalKernel, decimalResultType } from './decimalArithmetic.js';
import {
  addIntegers,
  divideIntegers,
  multiplyIntegers,
  remainderIntegers,
  subtractIntegers,
  type IntegerValue,
} from './integerArithmetic.js';
import { nullSafeBinary, type ArithmeticOperator, type BoundBinary } from './operatorTypes.js';
import { runtimeTypeKey } from './runtimeType.js';
import { temporalOperation } from './temporalArithmetic.js';

/*
 * Arithmetic kernels, chosen once per operand type pair at plan time:
 *   INTEGER op INTEGER → INTEGER, exact (bigint beyond 2^53), ÷ truncates toward zero
 *   anything with DOUBLE → DOUBLE
 *   DECIMAL with INTEGER or DECIMAL → DECIMAL (see decimalArithmetic.ts)
 *   dates, timestamps and intervals (see temporalArithmetic.ts)
 *   ANY → the kernel of the operands' run-time types, bound on first sight
 * Division or remainder by zero gives NULL for every numeric type.
 */

const INTEGER_KERNELS: Readonly<Record<ArithmeticOperator, (a: IntegerValue, b: IntegerValue) => IntegerValue | null>> = {
  '+': addIntegers,
  '-': subtractIntegers,
  '*': multiplyIntegers,
  '/': divideIntegers,
  '%': remainderIntegers,
};

/** The kernel of `op` on doubles (x ÷ 0 and x % 0 give NULL). */
function doubleKernel(op: ArithmeticOperator): (a: number, b: number) => number | null {
  switch (op) {
    case '+':
      return (a, b) => a + b;
    case '-':
      return (a, b) => a - b;
    case '*':
      return (a, b) => a * b;
    case '/':
      return (a, b) => (b === 0 ? null : a / b);
    case '%':
      return (a, b) => (b === 0 ? null : a % b);
  }
}

/** Reads a numeric value as a double. */
function toDouble(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return (v as Decimal).toNumber();
}

function bindDouble(op: ArithmeticOperator, left: SqlType, right: SqlType): BoundBinary {
  const f = doubleKernel(op);
  if (left.kind === 'DOUBLE' && right.kind === 'DOUBLE') {
    return nullSafeBinary(DOUBLE, (a, b) => f(a as number, b as number));
  }
  return nullSafeBinary(DOUBLE, (a, b) => f(toDouble(a), toDouble(b)));
}

/** Binds `left op right` for two known, non-NULL, non-ANY types, or returns undefined. */
function bindStatic(op: ArithmeticOperator, left: SqlType, right: SqlType): BoundBinary | undefined {
  if (isNumeric(left) && isNumeric(right)) {
    if (left.kind === 'INTEGER' && right.kind === 'INTEGER') {
      const f = INTEGER_KERNELS[op];
      return nullSafeBinary(INTEGER, (a, b) => f(a as IntegerValue, b as IntegerValue));
    }
    if (left.kind === 'DOUBLE' || right.kind === 'DOUBLE') return bindDouble(op, left, right);
    const returnType = decimalResultType(op, left, right);
    const scale = returnType.kind === 'DECIMAL' ? returnType.scale : 0;
    return nullSafeBinary(returnType, decimalKernel(op, left, right, scale));
  }
  const temporal = temporalOperation(op, left, right);
  return temporal === undefined ? undefined : nullSafeBinary(temporal.returnType, temporal.kernel);
}

function typeError(op: ArithmeticOperator, left: SqlType, right: SqlType): FerrisError {
  return new FerrisError(
    'SQL_TYPE',
    `operator ${op} cannot be applied to ${formatType(left)} and ${formatType(right)}; accepted: ` +
      'INTEGER, DOUBLE and DECIMAL with each other, TIMESTAMP/DATE ± INTERVAL, TIMESTAMP − TIMESTAMP, ' +
      'DATE ± INTEGER, DATE − DATE, INTERVAL ± INTERVAL, INTERVAL × or ÷ a number',
  );
}

/** Binds per run-time operand types, caching each pair's kernel. */
function bindDynamic(op: ArithmeticOperator): BoundBinary {
  const kernels = new Map<string, BoundBinary>();
  return nullSafeBinary(ANY, (a, b) => {
    const key = runtimeTypeKey(a) + runtimeTypeKey(b);
    let bound = kernels.get(key);
    if (bound === undefined) {
      const left = runtimeType(a);
      const right = runtimeType(b);
      bound = bindStatic(op, left, right);
      if (bound === undefined) {
        throw new FerrisError(
          'EVALUATION',
          `operator ${op} cannot be applied to the values ${String(isDecimal(a) ? a.toString() : a)} (${formatType(left)}) and ${String(isDecimal(b) ? b.toString() : b)} (${formatType(right)})`,
        );
      }
      kernels.set(key, bound);
    }
    return bound.call(a, b);
  });
}

/** Binds an arithmetic operator for its operand types; throws FerrisError('SQL_TYPE') when none applies. */
export function bindArithmetic(op: ArithmeticOperator, left: SqlType, right: SqlType): BoundBinary {
  if (left.kind === 'ANY' || right.kind === 'ANY') return bindDynamic(op);
  if (left.kind === 'NULL' || right.kind === 'NULL') {
    const other = left.kind === 'NULL' ? right : left;
    const returnType = other.kind === 'NULL' ? NULL_TYPE : (bindStatic(op, other, other)?.returnType ?? other);
    return { returnType, call: () => null };
  }
  const bound = bindStatic(op, left, right);
  if (bound === undefined) throw typeError(op, left, right);
  return bound;
}
