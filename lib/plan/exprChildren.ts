import type { Expr } from '../sql/ast.js';

/** An expression holding a subquery. */
export type SubqueryExpr = Extract<Expr, { type: 'in_subquery' | 'exists' | 'scalar_subquery' | 'quantified' }>;

/** The subquery expressions in `exprs` (not those nested inside other subqueries). */
export function subqueriesIn(exprs: readonly (Expr | null)[]): SubqueryExpr[] {
  const found: SubqueryExpr[] = [];
  const visit = (expr: Expr): void => {
    if (expr.type === 'in_subquery' || expr.type === 'exists' || expr.type === 'scalar_subquery' || expr.type === 'quantified') found.push(expr);
    else forEachChild(expr, visit);
  };
  for (const expr of exprs) if (expr) visit(expr);
  return found;
}

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
