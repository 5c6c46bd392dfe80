import type { RankingKind } from '../../../operators/analytic/topRows.js';
import { FerrisError } from '../../types/errors.js';
import { compileGrouping } from '../compileGrouping.js';
import { compileSort, describeSort } from '../compileSort.js';
import type { OverNode, TopNLimit } from '../logicalPlan.js';
import type { LoweredNode, PhysicalNode } from '../physicalPlan.js';

function rankingKind(call: OverNode['calls'][number]): RankingKind {
  if (call.kind === 'row_number' || call.kind === 'rank' || call.kind === 'dense_rank') return call.kind;
  throw new FerrisError('INTERNAL', `a top-N OVER node computes ranking calls only, not ${call.text}`);
}

/**
 * Lowers a top-N OVER node (the optimizer's rewrite of `WHERE r <= n` over ranking calls) to
 * `topNPerPartition`; EXPLAIN names the limit and the state it bounds.
 */
export function lowerTopN(plan: OverNode, topN: TopNLimit, inputs: readonly PhysicalNode[]): LoweredNode {
  const functions = plan.calls.map(rankingKind);
  const limitBy = functions[topN.call]!;
  const name = plan.calls[topN.call]!.text.split(' OVER')[0]!;
  const partition = plan.partitionBy.length > 0 ? `partition [${plan.partitionBy.map((e) => e.text).join(', ')}]` : 'one partition';
  const tiesKept = limitBy === 'row_number' ? '' : limitBy === 'rank' ? ' and every row tied with the last' : ` (every row of the first ${topN.limit} values)`;
  return {
    operator: 'topNPerPartition',
    config: { partitionOf: compileGrouping(plan.partitionBy, []).keyOf, compare: compileSort(plan.orderBy), limitBy, limit: topN.limit, functions },
    inputs,
    detail:
      `${partition}, order [${describeSort(plan.orderBy)}], [${plan.calls.map((c) => c.text).join(', ')}], ${name} <= ${topN.limit}, ` +
      `state: per partition the top ${topN.limit} row(s)${tiesKept}, emitted at the end of input`,
  };
}
