import { notSupported, type SourceLocation } from '../../types/errors.js';
import type { AggregateNode, LogicalPlan } from '../logicalPlan.js';

/** The aggregation feeding `plan` through row-by-row nodes, when it emits updates of its groups (EMIT CHANGES). */
function updatingAggregate(plan: LogicalPlan): AggregateNode | undefined {
  switch (plan.op) {
    case 'aggregate':
      return plan.emit === 'changes' ? plan : undefined;
    case 'filter':
    case 'project':
    case 'watermark':
    case 'sort':
    case 'limit':
      return updatingAggregate(plan.input);
    default:
      return undefined;
  }
}

/**
 * Refuses an aggregation over the output of one that emits changes (a GROUP BY without a
 * window emits its changed groups after every batch by default): updates are not retracted, so
 * the outer aggregation would count every update of an inner group as one more row, where SQL
 * sees one row per inner group. An inner EMIT FINAL (one row per group at the end of bounded
 * input) or an inner window (one final row per window) gives the rows SQL means.
 */
export function refuseAggregateOverChanges(input: LogicalPlan, at: SourceLocation): void {
  const inner = updatingAggregate(input);
  if (inner === undefined) return;
  const keys = inner.keys.map((k) => k.text).join(', ');
  throw notSupported(
    `a GROUP BY over the rows of a GROUP BY that emits changes (${keys === '' ? 'a global aggregate' : `keys [${keys}]`}): every update of an inner group would be ` +
      'aggregated again as one more row (updates are not retracted). Write EMIT FINAL in the inner query (one row per group when bounded input ends), or group the inner query by a window',
    at,
  );
}
