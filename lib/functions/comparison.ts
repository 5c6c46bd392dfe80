import { compareValues, valuesEqual } from '../types/compare.js';
import { Decimal } from '../types/decimal.js';
import { FerrisError } from '../types/errors.js';
import { BOOLEAN, formatType, isNumeric, type SqlType, type SqlTypeKind } from '../types/sqlType.js';
import { MS_PER_DAY } from '../types/time.js';
import type { Value } from '../types/value.js';
import { nullSafeBinary, type BinaryKernel, type BoundBinary, type ComparisonOperator } from './operatorTypes.js';

/*
 * Comparison kernels, chosen once per operand type pair. Numbers compare exactly across
 * INTEGER, DOUBLE and DECIMAL (a double is read through its shortest decimal text; NaN is
 * larger than every number); strings by UTF-16 code units; false < true; TIMESTAMP with DATE
 * as midnight UTC of the date. ARRAY, MAP, STRUCT and ANY operands use the generic value order
 * of compare.ts. Every kernel returns BOOLEAN, NULL when an operand is NULL.
 */

/** Kinds whose JS representations compare correctly with the native operators. */
const NATIVE_CLASSES: readonly (readonly SqlTypeKind[])[] = [
  ['INTEGER', 'DOUBLE'],
  ['STRING'],
  ['BOOLEAN'],
  ['TIMESTAMP'],
  ['DATE'],
  ['INTERVAL'],
];

function nativeKernel(op: ComparisonOperator): BinaryKernel {
  switch (op) {
    // Loose equality compares a bigint and a number by value; both sides have the same class.
    case '=':
      return (a, b) => a == b; // eslint-disable-line eqeqeq
    case '<>':
      return (a, b) => a != b; // eslint-disable-line eqeqeq
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

/** A kernel testing the sign of an order function's result. */
function orderKernel(op: ComparisonOperator, order: (a: Value, b: Value) => number): BinaryKernel {
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

/** Orders a decimal against a double exactly (NaN is the largest number). */
export function compareDecimalToDouble(d: Decimal, x: number): number {
  if (Number.isNaN(x) || x === Infinity) return -1;
  if (x === -Infinity) return 1;
  let other: Decimal;
  try {
    other = Decimal.fromNumber(x);
  } catch {
    // Beyond 38 digits (e.g. 1e300 or 1.2345e-30): no decimal is that large, or that many digits.
    const approx = d.toNumber();
    return approx < x ? -1 : approx > x ? 1 : Math.sign(d.sign() - Math.sign(x));
  }
  return d.compare(other);
}

/** The order function of a numeric pair involving a DECIMAL. */
function decimalOrder(left: SqlTypeKind, right: SqlTypeKind): (a: Value, b: Value) => number {
  const asDecimal = (v: Value): Decimal => Decimal.fromInteger(v as number | bigint);
  if (left === 'DECIMAL') {
    if (right === 'DECIMAL') return (a, b) => (a as Decimal).compare(b as Decimal);
    if (right === 'INTEGER') return (a, b) => (a as Decimal).compare(asDecimal(b));
    return (a, b) => compareDecimalToDouble(a as Decimal, b as number);
  }
  if (left === 'INTEGER') return (a, b) => asDecimal(a).compare(b as Decimal);
  return (a, b) => -compareDecimalToDouble(b as Decimal, a as number);
}

/** Whether `a` and `b` may be compared with the generic value order. */
function genericComparable(a: SqlType, b: SqlType): boolean {
  if (a.kind === 'ANY' || b.kind === 'ANY') return true;
  return a.kind === b.kind && (a.kind === 'ARRAY' || a.kind === 'MAP' || a.kind === 'STRUCT');
}

/** Binds a comparison for its operand types; throws FerrisError('SQL_TYPE') for incomparable types. */
export function bindComparison(op: ComparisonOperator, left: SqlType, right: SqlType): BoundBinary {
  if (left.kind === 'NULL' || right.kind === 'NULL') return { returnType: BOOLEAN, call: () => null };
  if (NATIVE_CLASSES.some((c) => c.includes(left.kind) && c.includes(right.kind))) {
    return nullSafeBinary(BOOLEAN, nativeKernel(op));
  }
  if (isNumeric(left) && isNumeric(right)) {
    return nullSafeBinary(BOOLEAN, orderKernel(op, decimalOrder(left.kind, right.kind)));
  }
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
