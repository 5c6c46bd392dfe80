import type { BoundExpr } from './boundExpr.js';
import { rewriteBound } from './rewriteExpr.js';

/** The input columns an expression reads (with repeats). */
export function columnsOf(expr: BoundExpr): number[] {
  const found: number[] = [];
  rewriteBound(expr, (e) => {
    if (e.kind === 'column') found.push(e.index);
    return e;
  });
  return found;
}

/** The AND-ed parts of a bound condition. */
export function boundConjuncts(expr: BoundExpr): BoundExpr[] {
  return expr.kind === 'and' ? [...boundConjuncts(expr.left), ...boundConjuncts(expr.right)] : [expr];
}

/** The conditions AND-ed together; undefined for none. */
export function andAll(conditions: readonly BoundExpr[]): BoundExpr | undefined {
  return conditions.reduce<BoundExpr | undefined>(
    (all, c) => (all === undefined ? c : { kind: 'and', left: all, right: c, type: c.type, text: `${all.text} AND ${c.text}` }),
    undefined,
  );
}
