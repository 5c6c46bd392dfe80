import type { Expr } from '../sql/ast.js';

/** Calls `visit` on each direct sub-expression of an AST expression (not into subqueries, names or OVER clauses). */
export function forEachChild(expr: Expr, visit: (child: Expr) => void): void {
  for (const value of Object.values(expr)) {
    if (Array.isArray(value)) {
      for (const item of value) if (isExpr(item)) visit(item);
    } else if (isExpr(value)) {
      visit(value);
    }
  }
}

function isExpr(value: unknown): value is Expr {
  return typeof value === 'object' && value !== null && 'type' in value && 'loc' in value && !NOT_EXPRESSIONS.has((value as { type: string }).type);
}

/** AST nodes inside expressions not to look into: names, OVER clauses, subqueries (their window calls are theirs). */
const NOT_EXPRESSIONS = new Set(['identifier', 'window_spec', 'select', 'with', 'union']);
