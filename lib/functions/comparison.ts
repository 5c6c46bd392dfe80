import { compareNumeric, compareStrings, compareValues, valuesEqual } from '../types/compare.js';
import { FerrisError } from '../types/errors.js';
import { BOOLEAN, formatType, isNumeric, type SqlType, type SqlTypeKind } from '../types/sqlType.js';
import { MS_PER_DAY } from '../types/time.js';
import type { Value } from '../types/value.js';
import { nullSafeBinary, type BinaryKernel, type BoundBinary, type ComparisonOperator } from './operatorTypes.js';

/*
 * Comparison kernels, chosen once per operand type pair, agreeing with the value order of
 * compare.ts. Numbers compare exactly across INTEGER, DOUBLE and DECIMAL (a double is read
 * through its shortest decimal text; NaN is larger than every number and equal to itself);
 * strings by Unicode code point; false < true; TIMESTAMP with DATE as midnight UTC of the date.
 * ARRAY, MAP, STRUCT and ANY operands use the generic value order of compare.ts. Every kernel
 * returns BOOLEAN, NULL when an operand is NULL.
 */

/** Kinds whose JS representations (number or bigint, boolean) order correctly with the native operators. */
const NATIVE_KINDS: readonly SqlTypeKind[] = ['INTEGER', 'BOOLEAN', 'TIMESTAMP', 'DATE', 'INTERVAL'];

function nativeKernel(op: ComparisonOperator): BinaryKernel {
  switch (op) {
    // Loose equality compares a bigint and a number by value; both sides have the same kind.
    case '=':
      return (a, b) => a == b;
    case '<>':
      return (a, b) => a != b;
    case '<':
      return (a, b) => (a as number) < (b as number);
    case '<=':
      return (a, b) => (a as number) <= (b as number);
    case '>':
      return (a, b) => (a as number) > (b as number);
    case '>=':
      return (a, b) => (a as number) >= (b as number);
  }
}

/** An order function: negative, zero or positive. */
type Order = (a: Value, b: Value) => number;

/** A kernel testing the sign of an order function's result. */
function orderKernel(op: ComparisonOperator, order: Order): BinaryKernel {
  switch (op) {
    case '=':
      return (a, b) => order(a, b) === 0;
    case '<>':
      return (a, b) => order(a, b) !== 0;
    case '<':
      return (a, b) => order(a, b) < 0;
    case '<=':
      return (a, b) => order(a, b) <= 0;
    case '>':
      return (a, b) => order(a, b) > 0;
    case '>=':
      return (a, b) => order(a, b) >= 0;
  }
}

/** Whether `a` and `b` may be compared with the generic value order. */
function genericComparable(a: SqlType, b: SqlType): boolean {
  if (a.kind === 'ANY' || b.kind === 'ANY') return true;
  return a.kind === b.kind && (a.kind === 'ARRAY' || a.kind === 'MAP' || a.kind === 'STRUCT');
}

/** Binds a comparison for its operand types; throws FerrisError('SQL_TYPE') for incomparable types. */
export function bindComparison(op: ComparisonOperator, left: SqlType, right: SqlType): BoundBinary {
  if (left.kind === 'NULL' || right.kind === 'NULL') return { returnType: BOOLEAN, call: () => null };
  if (left.kind === right.kind && NATIVE_KINDS.includes(left.kind)) return nullSafeBinary(BOOLEAN, nativeKernel(op));
  if (left.kind === 'STRING' && right.kind === 'STRING') {
    const kernel = op === '=' || op === '<>' ? nativeKernel(op) : orderKernel(op, compareStrings as Order);
    return nullSafeBinary(BOOLEAN, kernel);
  }
  if (isNumeric(left) && isNumeric(right)) return nullSafeBinary(BOOLEAN, orderKernel(op, compareNumeric as Order));
  if (left.kind === 'TIMESTAMP' && right.kind === 'DATE') {
    const native = nativeKernel(op);
    return nullSafeBinary(BOOLEAN, (a, b) => native(a, (b as number) * MS_PER_DAY));
  }
  if (left.kind === 'DATE' && right.kind === 'TIMESTAMP') {
    const native = nativeKernel(op);
    return nullSafeBinary(BOOLEAN, (a, b) => native((a as number) * MS_PER_DAY, b));
  }
  if (genericComparable(left, right)) {
    if (op === '=') return nullSafeBinary(BOOLEAN, valuesEqual);
    if (op === '<>') return nullSafeBinary(BOOLEAN, (a, b) => !valuesEqual(a, b));
    return nullSafeBinary(BOOLEAN, orderKernel(op, compareValues));
  }
  throw new FerrisError(
    'SQL_TYPE',
    `operator ${op} cannot compare ${formatType(left)} with ${formatType(right)}; accepted: numbers with numbers, ` +
      'STRING with STRING, BOOLEAN with BOOLEAN, TIMESTAMP/DATE with TIMESTAMP/DATE, INTERVAL with INTERVAL, ' +
      'ARRAY, MAP or STRUCT with the same kind',
  );
}
