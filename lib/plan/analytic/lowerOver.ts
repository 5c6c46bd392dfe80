import { reachOf, type WindowFunction } from '../../../operators/analytic/windowFunctions.js';
import type { Row } from '../../types/value.js';
import { compileExpr } from '../compileExpr.js';
import { aggregateBinding, compileGrouping } from '../compileGrouping.js';
import { compileSort, describeSort } from '../compileSort.js';
import type { OverNode } from '../logicalPlan.js';
import type { LoweredNode, PhysicalNode } from '../physicalPlan.js';
import type { JobTimeConfig } from '../timeConfig.js';
import { lowerTopN } from './lowerTopN.js';
import type { WindowCall } from './windowCall.js';

/**
 * Lowers an OVER node to the `overWindow` operator: PARTITION BY to a key, ORDER BY to a
 * comparator (its first key, as a number, is the event time or RANGE position), each call to
 * a compiled window function; a top-N node (see lib/plan/optimizer/rankFilterToTopN.ts) to
 * `topNPerPartition`. EXPLAIN names the state it keeps and what bounds it.
 */
export function lowerOver(plan: OverNode, inputs: readonly PhysicalNode[], time: JobTimeConfig): LoweredNode {
  if (plan.topN !== undefined) return lowerTopN(plan, plan.topN, inputs);
  const first = plan.orderBy[0];
  const numeric = first !== undefined && ['TIMESTAMP', 'INTEGER', 'DOUBLE'].includes(first.expr.type.kind);
  const key = numeric ? compileExpr(first.expr) : undefined;
  // A NULL key has no position: NaN, outside every RANGE offset (its frame is its peers) and never an event time.
  const order = { compare: compileSort(plan.orderBy), position: key && ((row: Row) => (key(row) ?? NaN) as number) };
  const functions = plan.calls.map(compileCall);
  const expireAfter = plan.expiry.kind === 'after' ? plan.expiry.ms : plan.expiry.kind === 'never' ? undefined : time.stateTtl;
  return {
    operator: 'overWindow',
    config: { partitionOf: compileGrouping(plan.partitionBy, []).keyOf, order, release: plan.release, functions, expireAfter },
    inputs,
    detail: describe(plan, functions, expireAfter),
  };
}

function compileCall(call: WindowCall): WindowFunction {
  switch (call.kind) {
    case 'row_number':
    case 'rank':
    case 'dense_rank':
    case 'percent_rank':
    case 'cume_dist':
      return { kind: call.kind };
    case 'ntile':
      return { kind: 'ntile', buckets: call.buckets };
    case 'lag':
    case 'lead':
      return { kind: call.kind, value: compileExpr(call.value), offset: call.offset, fallback: compileExpr(call.fallback) };
    case 'first_value':
    case 'last_value':
      return { kind: call.kind, value: compileExpr(call.value), frame: call.frame };
    case 'nth_value':
      return { kind: 'nth_value', value: compileExpr(call.value), n: call.n, frame: call.frame };
    case 'aggregate':
      return { kind: 'aggregate', aggregate: aggregateBinding(call.aggregate), frame: call.frame };
  }
}

function describe(plan: OverNode, functions: readonly WindowFunction[], expireAfter: number | undefined): string {
  const reach = reachOf(functions);
  const parts = [
    plan.partitionBy.length > 0 ? `partition [${plan.partitionBy.map((e) => e.text).join(', ')}]` : 'one partition',
    plan.orderBy.length > 0 ? `order [${describeSort(plan.orderBy)}]` : 'no order',
    `[${plan.calls.map((c) => c.text).join(', ')}]`,
  ];
  if (plan.release === 'end') return [...parts, 'state: every row, held until the end of input'].join(', ');
  const ahead = [reach.aheadRows > 0 ? `${reach.aheadRows} row(s)` : '', reach.aheadRange > 0 ? `${reach.aheadRange} ms` : ''].filter(Boolean).join(' and ');
  const behind = [`${reach.behindRows} row(s)`, reach.behindRange > 0 ? `${reach.behindRange} ms` : '', reach.head > 0 ? `the first ${reach.head}` : ''].filter(Boolean).join(' and ');
  return [
    ...parts,
    `state: per partition the rows the watermark has not passed${ahead ? ` (and ${ahead} ahead)` : ''} plus the last ${behind} emitted`,
    expireAfter === undefined ? 'partitions never expire (no state.ttl or EXPIRE AFTER)' : `idle partitions expire after ${expireAfter} ms of event time`,
  ].join(', ');
}
