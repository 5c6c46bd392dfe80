import { castValue } from '../types/cast.js';
import { isDecimal } from '../types/decimal.js';
import { FerrisError } from '../types/errors.js';
import { ANY, STRING, type SqlType } from '../types/sqlType.js';
import type { Value } from '../types/value.js';

/*
 * Reading argument values inside function bodies. Arguments of a declared type arrive in that
 * type's representation; arguments typed ANY (known only at run time) are converted here.
 */

/** A non-null argument as text: strings as they are, anything else cast to STRING. */
export function textOf(v: Value): string {
  return typeof v === 'string' ? v : (castValue(v, ANY, STRING) as string);
}

/**
 * A non-null argument as a JS integer: INTEGER values (number or bigint) and integral
 * decimals; throws FerrisError('EVALUATION') naming the function and position otherwise.
 */
export function integerOf(v: Value, fn: string, position: number): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  if (isDecimal(v) && v.equals(v.floor())) return Number(v.toBigInt());
  throw new FerrisError('EVALUATION', `${fn}: argument ${position} must be an integer, got ${textOf(v)}`);
}

/** A non-null numeric argument (INTEGER, DOUBLE or DECIMAL) as a double. */
export function doubleOf(v: Value, fn: string, position: number): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (isDecimal(v)) return v.toNumber();
  throw new FerrisError('EVALUATION', `${fn}: argument ${position} must be a number, got ${textOf(v)}`);
}

/** Whether any of the first `count` arguments is NULL. */
export function anyNull(args: readonly Value[], count: number): boolean {
  for (let i = 0; i < count; i++) if (args[i] === null) return true;
  return false;
}

/** A converter of non-null values of `type` to text, picked once at bind time. */
export function textConverter(type: SqlType): (v: Value) => string {
  if (type.kind === 'STRING' || type.kind === 'ANY' || type.kind === 'NULL') return textOf;
  return (v) => castValue(v, type, STRING) as string;
}
