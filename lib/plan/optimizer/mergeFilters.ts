import { BOOLEAN } from '../../types/sqlType.js';
import type { LogicalPlan } from '../logicalPlan.js';
import type { OptimizerRule } from './rule.js';

/** Two filters in a row become one with both conditions (`AND`), one pass over each batch. */
export const mergeFilters: OptimizerRule = {
  name: 'merge_filters',
  apply(plan: LogicalPlan): LogicalPlan {
    if (plan.op !== 'filter' || plan.input.op !== 'filter') return plan;
    const inner = plan.input;
    return {
      op: 'filter',
      input: inner.input,
      predicate: {
        kind: 'and',
        left: inner.predicate,
        right: plan.predicate,
        type: BOOLEAN,
        text: `(${inner.predicate.text}) AND (${plan.predicate.text})`,
      },
      columns: plan.columns,
    };
  },
};
