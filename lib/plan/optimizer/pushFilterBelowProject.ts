import { isDeterministic } from '../boundExpr.js';
import type { LogicalPlan } from '../logicalPlan.js';
import { substituteColumns } from '../rewriteExpr.js';
import type { OptimizerRule } from './rule.js';

/**
 * A filter over a projection (a WHERE on a subquery's output) moves below it, with the
 * projection's expressions inlined, so rows are dropped before the projection computes them.
 */
export const pushFilterBelowProject: OptimizerRule = {
  name: 'push_filter_below_project',
  apply(plan: LogicalPlan): LogicalPlan {
    if (plan.op !== 'filter' || plan.input.op !== 'project') return plan;
    const project = plan.input;
    if (!project.exprs.every(isDeterministic)) return plan;
    const predicate = substituteColumns(plan.predicate, project.exprs);
    return { ...project, input: { op: 'filter', input: project.input, predicate, columns: project.input.columns } };
  },
};
