import type { LogicalPlan } from '../logicalPlan.js';

/**
 * An optimizer rule: a meaning-preserving rewrite of one plan node (its inputs are already
 * optimized). Returns the node unchanged when the rule does not apply.
 */
export interface OptimizerRule {
  readonly name: string;
  apply(plan: LogicalPlan): LogicalPlan;
}
