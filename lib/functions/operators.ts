import { STRING, type SqlType } from '../types/sqlType.js';
import { bindArithmetic } from './arithmetic.js';
import { bindComparison } from './comparison.js';
import { nullSafeBinary, type BinaryOperator, type BoundBinary } from './operatorTypes.js';
import { textConverter } from './runtimeValues.js';

/*
 * The kernels of SQL operators, specialised by operand types at plan time so that the per-row
 * call does no type dispatch. NULL in → NULL out for every operator here.
 */

export type { BinaryOperator, BoundBinary, BoundUnary } from './operatorTypes.js';
export { bindNegate } from './negate.js';
export { compileLike } from './like.js';
export { commonSuperType } from './superType.js';

/** `a || b`: both sides as text (non-strings cast to STRING), NULL when either is NULL. */
function bindConcatenation(left: SqlType, right: SqlType): BoundBinary {
  if (left.kind === 'STRING' && right.kind === 'STRING') {
    return nullSafeBinary(STRING, (a, b) => (a as string) + (b as string));
  }
  const textA = textConverter(left);
  const textB = textConverter(right);
  return nullSafeBinary(STRING, (a, b) => textA(a) + textB(b));
}

/**
 * Binds a binary operator for its operand types: arithmetic (`+ - * / %`, see arithmetic.ts),
 * comparisons (`= <> < <= > >=`, BOOLEAN, see comparison.ts) and `||`. Throws
 * FerrisError('SQL_TYPE') naming the operator, both types and what is accepted.
 */
export function bindBinaryOperator(op: BinaryOperator, left: SqlType, right: SqlType): BoundBinary {
  switch (op) {
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
      return bindArithmetic(op, left, right);
    case '||':
      return bindConcatenation(left, right);
    default:
      return bindComparison(op, left, right);
  }
}
