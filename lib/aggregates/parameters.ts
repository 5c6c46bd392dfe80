import { Decimal, isDecimal } from '../types/decimal.js';
import type { Value } from '../types/value.js';
import { aggregateTypeError } from './define.js';

/**
 * A fraction parameter in [0, 1] (PERCENTILE_CONT, PERCENTILE_DISC) as an exact decimal: a
 * double is taken as its shortest text, so 0.3 is exactly 3/10. Throws SQL_TYPE otherwise.
 */
export function fractionParameter(fn: string, value: Value): Decimal {
  let fraction: Decimal | undefined;
  if (isDecimal(value)) fraction = value;
  else if (typeof value === 'bigint') fraction = Decimal.fromInteger(value);
  else if (typeof value === 'number' && Number.isFinite(value)) fraction = Decimal.fromNumber(value);
  if (fraction === undefined || fraction.sign() < 0 || fraction.compare(ONE) > 0) {
    throw aggregateTypeError(fn, `the fraction must be a constant number between 0 and 1, got ${describe(value)}`);
  }
  return fraction;
}

/** A text parameter (STRING_AGG's separator). Throws SQL_TYPE when it is not a constant string. */
export function textParameter(fn: string, what: string, value: Value): string {
  if (typeof value === 'string') return value;
  throw aggregateTypeError(fn, `the ${what} must be a constant string, got ${describe(value)}`);
}

const ONE = Decimal.fromInteger(1);

/** A parameter value for an error message. */
function describe(value: Value): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' || isDecimal(value)) {
    return String(value);
  }
  return 'a composite value';
}
