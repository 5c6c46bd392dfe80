import { columnsOf, type BoundExpr } from './boundExpr.js';
import { inputsOf, type LogicalPlan } from './logicalPlan.js';

/** Every column index of a node's output. */
function allOf(plan: LogicalPlan): Set<number> {
  return new Set(plan.columns.map((_, i) => i));
}

/** `needed` plus the columns the expressions read. */
function withColumnsOf(needed: ReadonlySet<number>, exprs: readonly (BoundExpr | undefined)[]): Set<number> {
  const out = new Set(needed);
  for (const expr of exprs) if (expr !== undefined) columnsOf(expr, out);
  return out;
}

/**
 * The columns of each source a plan reads (projection pushdown): for every scanned source
 * id, the indices of its scan columns (declared then system columns) that an expression of
 * the plan reads or that reach the output. Worked out from the root down: every output
 * column is needed; a projection needs what its needed expressions read, a filter, a sort,
 * a watermark or an upsert passes its rows through and adds what its own expressions read,
 * an aggregation needs its keys, arguments and event time.
 */
export function sourceColumnsRead(plan: LogicalPlan): Map<string, Set<number>> {
  const read = new Map<string, Set<number>>();
  const visit = (node: LogicalPlan, needed: ReadonlySet<number>): void => {
    switch (node.op) {
      case 'scan': {
        const columns = read.get(node.sourceId) ?? new Set<number>();
        for (const c of needed) columns.add(c);
        read.set(node.sourceId, columns);
        return;
      }
      case 'one_row':
        return;
      case 'filter':
        return visit(node.input, withColumnsOf(needed, [node.predicate]));
      case 'project':
        return visit(node.input, withColumnsOf(new Set(), [...needed].map((c) => node.exprs[c])));
      case 'limit':
        return visit(node.input, needed);
      case 'union_all':
        for (const input of node.inputs) visit(input, needed);
        return;
      case 'aggregate':
        return visit(node.input, withColumnsOf(new Set(), [...node.keys, ...node.aggregates.flatMap((a) => a.args), node.eventTime]));
      case 'watermark':
        return visit(node.input, withColumnsOf(needed, [node.eventTime, node.partition]));
      case 'sort':
        return visit(node.input, withColumnsOf(needed, node.keys.map((k) => k.expr)));
      case 'upsert':
        return visit(node.input, withColumnsOf(needed, node.keys));
      default:
        // A node this analysis does not know reads everything below it.
        for (const input of inputsOf(node)) visit(input, allOf(input));
    }
  };
  visit(plan, allOf(plan));
  return read;
}
