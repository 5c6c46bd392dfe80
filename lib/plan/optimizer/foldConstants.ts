import { childrenOf, type BoundExpr } from '../boundExpr.js';
import { compileExpr } from '../compileExpr.js';
import type { LogicalPlan } from '../logicalPlan.js';
import { rewriteBound } from '../rewriteExpr.js';
import type { OptimizerRule } from './rule.js';

/** Evaluates a deterministic expression whose inputs are all constants, once, at plan time. */
function fold(expr: BoundExpr): BoundExpr {
  return rewriteBound(expr, (e) => {
    if (e.kind === 'literal' || e.kind === 'column') return e;
    if (e.kind === 'call' && !e.deterministic) return e;
    const children = childrenOf(e);
    if (children.length === 0 || !children.every((c) => c.kind === 'literal')) return e;
    try {
      return { kind: 'literal', value: compileExpr(e)([]), type: e.type, text: e.text };
    } catch {
      return e; // an error here (e.g. overflow) is raised per record at run time instead
    }
  });
}

/** Constant folding in filters and projections: `price > 10 * 1.5` compares with 15.0. */
export const foldConstants: OptimizerRule = {
  name: 'fold_constants',
  apply(plan: LogicalPlan): LogicalPlan {
    if (plan.op === 'filter') return { ...plan, predicate: fold(plan.predicate) };
    if (plan.op === 'project') return { ...plan, exprs: plan.exprs.map(fold) };
    return plan;
  },
};
