import type { BoundExpr } from './boundExpr.js';
import { inputsOf, type LogicalPlan } from './logicalPlan.js';

/** Whether a plan reads a join (whose output already carries the combined watermark of its inputs). */
export function containsJoin(plan: LogicalPlan): boolean {
  return plan.op === 'join' || inputsOf(plan).some(containsJoin);
}

/**
 * A join input with watermarks assigned from `eventTime` (per `_partition` when it has one),
 * so the join can tell when a row can no longer be matched; the input as it is without an
 * event time.
 */
export function watermarked(
  plan: LogicalPlan,
  eventTime: BoundExpr | undefined,
  partition: { readonly expr: BoundExpr; readonly expected: number | undefined } | undefined,
): LogicalPlan {
  if (eventTime === undefined) return plan;
  return { op: 'watermark', input: plan, eventTime, partition: partition?.expr, expectedPartitions: partition?.expected, columns: plan.columns };
}
