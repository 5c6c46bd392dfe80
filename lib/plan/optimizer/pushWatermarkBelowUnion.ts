import { isDeterministic } from '../boundExpr.js';
import type { LogicalPlan, WatermarkNode } from '../logicalPlan.js';
import { substituteColumns } from '../rewriteExpr.js';
import type { OptimizerRule } from './rule.js';

/** Whether a UNION ALL lies below `plan` through filters and deterministic projections only. */
function unionBelow(plan: LogicalPlan): boolean {
  if (plan.op === 'union_all') return true;
  if (plan.op === 'filter') return unionBelow(plan.input);
  if (plan.op === 'project') return plan.exprs.every(isDeterministic) && unionBelow(plan.input);
  return false;
}

/**
 * Watermarks of a window over a UNION ALL are assigned in each branch, not over the merged
 * rows: the union then emits the minimum of its branches' watermarks (`unionAll`), so a branch
 * read ahead in event time (its file read faster, its batches larger) cannot make another
 * branch's rows late, and each branch follows its own sources' `watermark.*` keys. The
 * watermark moves below filters and projections on the way (their expressions inlined into the
 * event time); a branch's rows have no `_partition` of their own, so each branch is one
 * partition. The rows computed are those of the single watermark over sorted input, which is
 * what the watermark above the union only gave when the branches were read in step.
 */
export const pushWatermarkBelowUnion: OptimizerRule = {
  name: 'push_watermark_below_union',
  apply(plan: LogicalPlan): LogicalPlan {
    if (plan.op !== 'watermark' || !unionBelow(plan.input)) return plan;
    const input = plan.input;
    const below = (node: LogicalPlan, eventTime: WatermarkNode['eventTime']): WatermarkNode => ({
      op: 'watermark',
      input: node,
      eventTime,
      partition: undefined,
      expectedPartitions: undefined,
      columns: node.columns,
    });
    switch (input.op) {
      case 'union_all':
        return { ...input, inputs: input.inputs.map((branch) => below(branch, plan.eventTime)) };
      case 'filter':
        return { ...input, input: below(input.input, plan.eventTime) };
      case 'project':
        return { ...input, input: below(input.input, substituteColumns(plan.eventTime, input.exprs)) };
      default:
        return plan;
    }
  },
};
