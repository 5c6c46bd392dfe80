import type { BoundExpr } from './boundExpr.js';

/** Rebuilds an expression bottom-up, letting `rewrite` replace any node after its children. */
export function rewriteBound(expr: BoundExpr, rewrite: (e: BoundExpr) => BoundExpr): BoundExpr {
  const r = (e: BoundExpr): BoundExpr => rewriteBound(e, rewrite);
  let rebuilt: BoundExpr;
  switch (expr.kind) {
    case 'column':
    case 'literal':
      rebuilt = expr;
      break;
    case 'call':
      rebuilt = { ...expr, args: expr.args.map(r) };
      break;
    case 'binary':
    case 'and':
    case 'or':
    case 'distinct_from':
      rebuilt = { ...expr, left: r(expr.left), right: r(expr.right) };
      break;
    case 'negate':
    case 'not':
    case 'is':
    case 'cast':
    case 'field':
      rebuilt = { ...expr, operand: r(expr.operand) };
      break;
    case 'in_list':
      rebuilt = { ...expr, operand: r(expr.operand), items: expr.items.map((i) => ({ ...i, expr: r(i.expr) })) };
      break;
    case 'like':
      rebuilt = { ...expr, operand: r(expr.operand), pattern: r(expr.pattern) };
      break;
    case 'case':
      rebuilt = { ...expr, whens: expr.whens.map((w) => ({ when: r(w.when), then: r(w.then) })), otherwise: r(expr.otherwise) };
      break;
    case 'index':
      rebuilt = { ...expr, operand: r(expr.operand), index: r(expr.index) };
      break;
  }
  return rewrite(rebuilt);
}

/** Replaces every column reference `i` by `columns[i]` (inlining a projection below). */
export function substituteColumns(expr: BoundExpr, columns: readonly BoundExpr[]): BoundExpr {
  return rewriteBound(expr, (e) => (e.kind === 'column' ? columns[e.index]! : e));
}
