import { Decimal } from '../types/decimal.js';
import type { SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import type { ArithmeticOperator, BinaryKernel } from './operatorTypes.js';
import { cappedDecimal, decimalShape } from './superType.js';

/*
 * DECIMAL arithmetic with INTEGER or DECIMAL operands (DESIGN.md §4). The result type is fixed
 * at plan time and every kernel returns a value of exactly that scale:
 *   a ± b  scale max(sa, sb), precision max(pa − sa, pb − sb) + scale + 1
 *   a × b  scale sa + sb,     precision pa + pb
 *   a ÷ b  scale max(sa, sb) + 6 (HALF_UP), precision (pa − sa) + sb + scale; ÷ 0 → NULL
 *   a % b  scale max(sa, sb), precision min(pa − sa, pb − sb) + scale, sign of a; % 0 → NULL
 * Precision and scale are capped at 38; a value beyond 38 digits raises DECIMAL_OVERFLOW.
 * INTEGER operands count as DECIMAL(19, 0).
 */

/** The DECIMAL result type of `left op right` (both INTEGER or DECIMAL, at least one DECIMAL). */
export function decimalResultType(op: ArithmeticOperator, left: SqlType, right: SqlType): SqlType {
  const a = decimalShape(left);
  const b = decimalShape(right);
  const maxScale = Math.max(a.scale, b.scale);
  switch (op) {
    case '+':
    case '-':
      return cappedDecimal(Math.max(a.precision - a.scale, b.precision - b.scale) + maxScale + 1, maxScale);
    case '*':
      return cappedDecimal(a.precision + b.precision, a.scale + b.scale);
    case '/': {
      const scale = maxScale + 6;
      return cappedDecimal(a.precision - a.scale + b.scale + scale, scale);
    }
    case '%':
      return cappedDecimal(Math.min(a.precision - a.scale, b.precision - b.scale) + maxScale, maxScale);
  }
}

/** Reads an operand of `type` (INTEGER or DECIMAL) as a Decimal. */
function decimalReader(type: SqlType): (v: Value) => Decimal {
  return type.kind === 'DECIMAL' ? (v) => v as Decimal : (v) => Decimal.fromInteger(v as number | bigint);
}

/** The kernel of `left op right` producing values of `resultScale`. */
export function decimalKernel(
  op: ArithmeticOperator,
  left: SqlType,
  right: SqlType,
  resultScale: number,
): BinaryKernel {
  const readA = decimalReader(left);
  const readB = decimalReader(right);
  switch (op) {
    case '+':
      return (a, b) => readA(a).add(readB(b)).rescale(resultScale);
    case '-':
      return (a, b) => readA(a).sub(readB(b)).rescale(resultScale);
    case '*':
      if (left.kind === 'DECIMAL' && right.kind === 'INTEGER') return (a, b) => (a as Decimal).mulInteger(b as number | bigint).rescale(resultScale);
      if (left.kind === 'INTEGER' && right.kind === 'DECIMAL') return (a, b) => (b as Decimal).mulInteger(a as number | bigint).rescale(resultScale);
      return (a, b) => readA(a).mul(readB(b)).rescale(resultScale);
    case '/':
      return (a, b) => readA(a).divToScale(readB(b), resultScale);
    case '%':
      return (a, b) => {
        const r = readA(a).mod(readB(b));
        return r === null ? null : r.rescale(resultScale);
      };
  }
}
