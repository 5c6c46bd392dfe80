import { FerrisError } from '../types/errors.js';
import { formatType, type SqlType, type SqlTypeKind } from '../types/sqlType.js';

/** The numeric type kinds. */
export const NUMERIC_KINDS: readonly SqlTypeKind[] = ['INTEGER', 'DOUBLE', 'DECIMAL'];

/**
 * Checks that argument `index` (0-based) of `fn` has one of the `accepted` kinds.
 * NULL (a bare NULL literal) and ANY (known only at run time) are always accepted.
 * Throws FerrisError('SQL_TYPE') naming the function, the 1-based position and the kinds.
 */
export function expectArgument(
  fn: string,
  argTypes: readonly SqlType[],
  index: number,
  accepted: readonly SqlTypeKind[],
): SqlType {
  const type = argTypes[index];
  if (type === undefined) {
    throw new FerrisError('INTERNAL', `${fn}: argument ${index + 1} is missing`);
  }
  if (type.kind === 'NULL' || type.kind === 'ANY' || accepted.includes(type.kind)) return type;
  throw argumentTypeError(fn, index, type, accepted);
}

/** Checks every argument from `from` on against `accepted` (see {@link expectArgument}). */
export function expectArguments(
  fn: string,
  argTypes: readonly SqlType[],
  accepted: readonly SqlTypeKind[],
  from = 0,
): void {
  for (let i = from; i < argTypes.length; i++) expectArgument(fn, argTypes, i, accepted);
}

/** The SQL_TYPE error for argument `index` (0-based) of `fn`. */
function argumentTypeError(
  fn: string,
  index: number,
  type: SqlType,
  accepted: readonly SqlTypeKind[],
): FerrisError {
  return new FerrisError(
    'SQL_TYPE',
    `${fn}: argument ${index + 1} has type ${formatType(type)}; accepted: ${accepted.join(', ')}`,
  );
}
