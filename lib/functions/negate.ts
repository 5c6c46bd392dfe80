import { runtimeType } from '../types/cast.js';
import type { Decimal } from '../types/decimal.js';
import { FerrisError } from '../types/errors.js';
import { ANY, formatType, type SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';
import { negateInteger, type IntegerValue } from './integerArithmetic.js';
import type { BoundUnary } from './operatorTypes.js';

/** The kernel of unary minus for a known type, or undefined when it has none. */
function negateKernel(type: SqlType): ((a: Value) => Value) | undefined {
  switch (type.kind) {
    case 'INTEGER':
      return (a) => negateInteger(a as IntegerValue);
    case 'DOUBLE':
      return (a) => -(a as number);
    case 'INTERVAL':
      return (a) => -(a as number) + 0;
    case 'DECIMAL':
      return (a) => (a as Decimal).neg();
    default:
      return undefined;
  }
}

/**
 * Binds unary minus: INTEGER (exact), DOUBLE, DECIMAL (same type), INTERVAL; ANY by the run-time
 * value. NULL in → NULL out. Throws FerrisError('SQL_TYPE') for other types.
 */
export function bindNegate(type: SqlType): BoundUnary {
  if (type.kind === 'NULL') return { returnType: type, call: () => null };
  if (type.kind === 'ANY') {
    return {
      returnType: ANY,
      call: (a) => {
        if (a === null) return null;
        const kernel = negateKernel(runtimeType(a));
        if (kernel === undefined) throw new FerrisError('EVALUATION', `unary - cannot be applied to ${formatType(runtimeType(a))}`);
        return kernel(a);
      },
    };
  }
  const kernel = negateKernel(type);
  if (kernel === undefined) {
    throw new FerrisError(
      'SQL_TYPE',
      `unary - cannot be applied to ${formatType(type)}; accepted: INTEGER, DOUBLE, DECIMAL, INTERVAL`,
    );
  }
  return { returnType: type, call: (a) => (a === null ? null : kernel(a)) };
}
