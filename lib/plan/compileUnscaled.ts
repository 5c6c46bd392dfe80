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

/** A compiled expression over a positional row. */
type Compiled = (row: Row) => Value;

/** The unscaled value of a DECIMAL expression at its scale, NaN off the fast path. */
export type UnscaledExpr = (row: Row) => number;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * The unscaled form of `expr` at `scale`, or undefined when there is none: `expr` must be a
 * DECIMAL column of that scale, or a product of such a form with an INTEGER column or
 * constant (either order). Only columns and constants, so that evaluating the expression
 * again off the fast path repeats nothing observable.
 */
export function compileUnscaled(expr: BoundExpr, scale: number, compile: (e: BoundExpr) => Compiled): UnscaledExpr | undefined {
  if (expr.type.kind !== 'DECIMAL' || expr.type.scale !== scale) return undefined;
  if (expr.kind === 'binary' && expr.op === '*') {
    const product = compileProduct(expr.left, expr.right, scale, compile) ?? compileProduct(expr.right, expr.left, scale, compile);
    if (product !== undefined) return product;
  }
  if (expr.kind !== 'column') return undefined;
  const evaluate = compile(expr);
  return (row) => {
    const v = evaluate(row) as Decimal | null;
    return v !== null && v.big === null && v.scale === scale ? v.unscaled : NaN;
  };
}

/** `decimal × integer` when `decimal` is a DECIMAL of `scale` and `integer` an INTEGER (the product keeps the scale). */
function compileProduct(decimal: BoundExpr, integer: BoundExpr, scale: number, compile: (e: BoundExpr) => Compiled): UnscaledExpr | undefined {
  if (integer.type.kind !== 'INTEGER' || (integer.kind !== 'column' && integer.kind !== 'literal')) return undefined;
  const unscaled = compileUnscaled(decimal, scale, compile);
  if (unscaled === undefined) return undefined;
  const factor = compile(integer);
  return (row) => {
    const u = unscaled(row);
    if (u !== u) return NaN;
    const n = factor(row);
    if (typeof n !== 'number') return NaN;
    const p = u * n;
    return p <= MAX_SAFE && p >= -MAX_SAFE ? p + 0 : NaN;
  };
}
