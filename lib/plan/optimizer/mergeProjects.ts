import { isDeterministic, visitBound } from '../boundExpr.js';
import type { LogicalPlan } from '../logicalPlan.js';
import { substituteColumns } from '../rewriteExpr.js';
import type { OptimizerRule } from './rule.js';

/**
 * A projection over a projection becomes one, with the inner expressions inlined, when that
 * computes nothing twice: each inner expression that is not a plain column is used at most
 * once by the outer one.
 */
export const mergeProjects: OptimizerRule = {
  name: 'merge_projects',
  apply(plan: LogicalPlan): LogicalPlan {
    if (plan.op !== 'project' || plan.input.op !== 'project') return plan;
    const inner = plan.input;
    if (!inner.exprs.every(isDeterministic)) return plan;
    const uses = new Map<number, number>();
    for (const expr of plan.exprs) {
      visitBound(expr, (e) => {
        if (e.kind === 'column') uses.set(e.index, (uses.get(e.index) ?? 0) + 1);
      });
    }
    const duplicatesWork = [...uses].some(([index, count]) => count > 1 && inner.exprs[index]!.kind !== 'column' && inner.exprs[index]!.kind !== 'literal');
    if (duplicatesWork) return plan;
    const exprs = plan.exprs.map((e) => substituteColumns(e, inner.exprs));
    return { ...plan, input: inner.input, exprs };
  },
};
