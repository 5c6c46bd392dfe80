import { andAll, boundConjuncts, columnsOf } from '../boundColumns.js';
import { isDeterministic, type BoundExpr } from '../boundExpr.js';
import type { LogicalPlan } from '../logicalPlan.js';
import { rewriteBound } from '../rewriteExpr.js';
import type { OptimizerRule } from './rule.js';

/**
 * The parts of a WHERE over a join that read one side only move below the join, onto that
 * side, so rows are dropped before they are stored or looked up: left-only conditions for
 * INNER and LEFT joins, right-only ones for INNER and RIGHT interval joins. Never onto a
 * table (its rows replace each other by key: dropping one would bring back the row it
 * replaced), never onto a side a join pads with NULLs (the condition would then see NULLs).
 */
export const pushFilterIntoJoin: OptimizerRule = {
  name: 'push_filter_into_join',
  apply(plan: LogicalPlan): LogicalPlan {
    if (plan.op !== 'filter' || plan.input.op !== 'join') return plan;
    const join = plan.input;
    const width = join.left.columns.length;
    const toLeft = join.kind === 'INNER' || join.kind === 'LEFT';
    const toRight = join.strategy.kind === 'interval' && (join.kind === 'INNER' || join.kind === 'RIGHT');
    const left: BoundExpr[] = [];
    const right: BoundExpr[] = [];
    const kept: BoundExpr[] = [];
    for (const conjunct of boundConjuncts(plan.predicate)) {
      const columns = columnsOf(conjunct);
      if (!isDeterministic(conjunct) || columns.length === 0) kept.push(conjunct);
      else if (toLeft && columns.every((i) => i < width)) left.push(conjunct);
      else if (toRight && columns.every((i) => i >= width)) right.push(rewriteBound(conjunct, (e) => (e.kind === 'column' ? { ...e, index: e.index - width } : e)));
      else kept.push(conjunct);
    }
    if (left.length === 0 && right.length === 0) return plan;
    const onto = (side: LogicalPlan, conditions: readonly BoundExpr[]): LogicalPlan => {
      const predicate = andAll(conditions);
      return predicate === undefined ? side : { op: 'filter', input: side, predicate, columns: side.columns };
    };
    const pushed: LogicalPlan = { ...join, left: onto(join.left, left), right: onto(join.right, right) };
    const rest = andAll(kept);
    return rest === undefined ? pushed : { ...plan, input: pushed, predicate: rest };
  },
};
