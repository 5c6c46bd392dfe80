import type { SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';

/** The binary SQL operators the planner compiles through {@link BoundBinary} kernels. */
export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '||' | '=' | '<>' | '<' | '<=' | '>' | '>=';

/** The arithmetic subset of {@link BinaryOperator}. */
export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';

/** The comparison subset of {@link BinaryOperator}. */
export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** A binary operator specialised for its operand types at plan time. NULL in → NULL out. */
export interface BoundBinary {
  readonly returnType: SqlType;
  call(a: Value, b: Value): Value;
}

/** A unary operator specialised for its operand type at plan time. NULL in → NULL out. */
export interface BoundUnary {
  readonly returnType: SqlType;
  call(a: Value): Value;
}

/** The per-row body of a binary operator, called with non-null operands only. */
export type BinaryKernel = (a: Value, b: Value) => Value;

/** Wraps a kernel so that a NULL operand gives NULL without calling it. */
export function nullSafeBinary(returnType: SqlType, kernel: BinaryKernel): BoundBinary {
  return {
    returnType,
    call: (a, b) => (a === null || b === null ? null : kernel(a, b)),
  };
}
