import type { Decimal } from '../types/decimal.js';
import type { Row, Value } from '../types/value.js';
import type { BoundExpr } from './boundExpr.js';

/*
 * DECIMAL expressions evaluated to their unscaled integer, for aggregates that only add
 * unscaled values (SUM, AVG): `SUM(price * quantity)` then allocates no decimal per row. The
 * closure returns the unscaled value at the expression's scale as a safe integer, or NaN when
 * the row's value is off that path (NULL, a bigint-sized decimal, a decimal of another scale,
 * a product beyond 2^53): the caller then evaluates the expression as usual.
 * Which aggregates take unscaled values, at which scale, is `BoundAggregate.unscaledScale`.
 */

/** The unscaled value of a DECIMAL expression at its scale, NaN off the fast path. */
export type UnscaledExpr = (row: Row) => number;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * The unscaled form of `expr` at `scale`, or undefined when there is none: `expr` must be a
 * DECIMAL column of that scale, or its product with an INTEGER column or constant (either
 * order). Only columns and constants, so that evaluating the expression again off the fast
 * path repeats nothing observable.
 */
export function compileUnscaled(expr: BoundExpr, scale: number): UnscaledExpr | undefined {
  if (expr.type.kind !== 'DECIMAL' || expr.type.scale !== scale) return undefined;
  if (expr.kind === 'binary' && expr.op === '*') return compileProduct(expr.left, expr.right, scale) ?? compileProduct(expr.right, expr.left, scale);
  if (expr.kind !== 'column') return undefined;
  const index = expr.index;
  return (row) => unscaledAt(row[index]!, scale);
}

/** The unscaled value of a decimal of `scale` on the integer fast path, else NaN (NULL included). */
function unscaledAt(v: Value, scale: number): number {
  const d = v as Decimal | null;
  return d !== null && d.big === null && d.scale === scale ? d.unscaled : NaN;
}

/** `u × n` when `n` is a number and the product a safe integer, else NaN. */
function safeProduct(u: number, n: Value): number {
  if (typeof n !== 'number') return NaN;
  const p = u * n;
  return p <= MAX_SAFE && p >= -MAX_SAFE ? p + 0 : NaN;
}

/**
 * `decimal × integer` when `decimal` is a DECIMAL column of `scale` (the product keeps the
 * scale) and `integer` an INTEGER column or constant; one closure reading both columns.
 */
function compileProduct(decimal: BoundExpr, integer: BoundExpr, scale: number): UnscaledExpr | undefined {
  if (decimal.kind !== 'column' || decimal.type.kind !== 'DECIMAL' || decimal.type.scale !== scale || integer.type.kind !== 'INTEGER') return undefined;
  const d = decimal.index;
  if (integer.kind === 'column') {
    const i = integer.index;
    return (row) => safeProduct(unscaledAt(row[d]!, scale), row[i]!);
  }
  if (integer.kind !== 'literal') return undefined;
  const n = integer.value;
  return (row) => safeProduct(unscaledAt(row[d]!, scale), n);
}
