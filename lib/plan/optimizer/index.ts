import { inputsOf, withInputs, type LogicalPlan } from '../logicalPlan.js';
import { foldConstants } from './foldConstants.js';
import { mergeFilters } from './mergeFilters.js';
import { mergeProjects } from './mergeProjects.js';
import { pushFilterBelowProject } from './pushFilterBelowProject.js';
import { pushFilterIntoJoin } from './pushFilterIntoJoin.js';
import { pushWatermarkBelowUnion } from './pushWatermarkBelowUnion.js';
import { rankFilterToTopN } from './rankFilterToTopN.js';
import type { OptimizerRule } from './rule.js';

/** The rules, in the order they are tried at each node. */
export const OPTIMIZER_RULES: readonly OptimizerRule[] = [pushFilterBelowProject, pushFilterIntoJoin, pushWatermarkBelowUnion, mergeFilters, mergeProjects, foldConstants, rankFilterToTopN];

/**
 * Optimizes a plan bottom-up: inputs first, then every rule at the node until none changes
 * it (each rule is meaning-preserving, so the result computes exactly the same rows).
 */
export function optimize(plan: LogicalPlan, rules: readonly OptimizerRule[] = OPTIMIZER_RULES): LogicalPlan {
  let node = withInputs(plan, inputsOf(plan).map((input) => optimize(input, rules)));
  for (let changed = true; changed; ) {
    changed = false;
    for (const rule of rules) {
      const next = rule.apply(node);
      if (next !== node && rule !== foldConstants) {
        node = withInputs(next, inputsOf(next).map((input) => optimize(input, rules)));
        changed = true;
        break;
      }
      node = next;
    }
  }
  return node;
}
