import { andAll, boundConjuncts } from '../boundColumns.js';
import type { BoundExpr } from '../boundExpr.js';
import type { LogicalPlan, OverNode, TopNLimit } from '../logicalPlan.js';
import type { OptimizerRule } from './rule.js';

const RANKING = new Set(['row_number', 'rank', 'dense_rank']);
/** The comparison read the other way round (`1 >= r` is `r <= 1`). */
const SWAPPED: { readonly [op: string]: string } = { '<': '>', '<=': '>=', '=': '=', '>=': '<=', '>': '<' };

/** A whole-number literal's value, or undefined. */
function wholeNumber(expr: BoundExpr): number | undefined {
  if (expr.kind !== 'literal' || expr.type.kind !== 'INTEGER') return undefined;
  const n = Number(expr.value);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * The top-N a condition asks of the ranking calls of `over`: `r <= n`, `r < n`, `r = 1` (and
 * the same written `n >= r`, `n > r`, `1 = r`), `r` one of its calls; undefined for any other
 * condition, and for a bound below 1 (which keeps no row: left to the filter).
 */
function topNOf(condition: BoundExpr, over: OverNode): TopNLimit | undefined {
  if (condition.kind !== 'binary') return undefined;
  let { op, left, right } = condition;
  if (left.kind === 'literal' && right.kind === 'column') {
    [left, right] = [right, left];
    op = SWAPPED[op] ?? op;
  }
  const n = wholeNumber(right);
  if (left.kind !== 'column' || n === undefined) return undefined;
  const call = left.index - (over.columns.length - over.calls.length);
  if (call < 0 || call >= over.calls.length) return undefined;
  const limit = op === '<=' ? n : op === '<' ? n - 1 : op === '=' && n === 1 ? 1 : undefined;
  return limit !== undefined && limit >= 1 ? { call, limit } : undefined;
}

/**
 * Flink's top-N rewrite: a filter `r <= n` (or `r < n`, `r = 1`) over an OVER whose calls are
 * all ROW_NUMBER, RANK or DENSE_RANK, `r` being one of them, becomes a top-N OVER node that
 * keeps per partition only the rows that can still rank within `n` (see
 * operators/topNPerPartition.ts) instead of holding every row until the end of input; the
 * filter's other conditions stay above it. Only for an OVER released at the end of input: one
 * released by watermark already holds only the rows the watermark has not passed. The rows kept
 * always form a prefix of their partition in ORDER BY order, so every ranking call computed
 * over them has the value it had over the whole partition.
 */
export const rankFilterToTopN: OptimizerRule = {
  name: 'rank_filter_to_top_n',
  apply(plan: LogicalPlan): LogicalPlan {
    if (plan.op !== 'filter' || plan.input.op !== 'over') return plan;
    const over = plan.input;
    if (over.release !== 'end' || over.topN !== undefined || !over.calls.every((c) => RANKING.has(c.kind))) return plan;
    const conditions = boundConjuncts(plan.predicate);
    const at = conditions.findIndex((c) => topNOf(c, over) !== undefined);
    if (at < 0) return plan;
    const topN: LogicalPlan = { ...over, topN: topNOf(conditions[at]!, over)! };
    const rest = andAll(conditions.filter((_, i) => i !== at));
    return rest === undefined ? topN : { ...plan, input: topN, predicate: rest };
  },
};
