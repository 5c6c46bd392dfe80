import type { OrderByItem } from '../sql/ast.js';
import { FerrisError } from '../types/errors.js';
import type { BoundExpr } from './boundExpr.js';
import { bindExpr, type ExprContext } from './bindExpr.js';
import type { SortKey } from './logicalPlan.js';
import { nameMatches } from './scope.js';

/** A select item as ORDER BY sees it: its output name and its expression (in the context's terms). */
export interface OrderByOutput {
  readonly name: string;
  readonly expr: BoundExpr;
}

/**
 * Binds ORDER BY items as PostgreSQL does: a whole number is the position of a select item
 * (`ORDER BY 2`), a bare name is an output column first (`SELECT -price AS price ... ORDER BY
 * price` sorts by the output), anything else an expression over the context. Without NULLS,
 * NULLs sort last ascending and first descending (NULL is larger than every value).
 */
export function bindOrderBy(items: readonly OrderByItem[], ctx: ExprContext, outputs: readonly OrderByOutput[]): SortKey[] {
  return items.map((item) => ({
    expr: bindOrderByExpr(item, ctx, outputs),
    descending: item.direction === 'DESC',
    nullsFirst: item.nulls === null ? item.direction === 'DESC' : item.nulls === 'FIRST',
  }));
}

function bindOrderByExpr(item: OrderByItem, ctx: ExprContext, outputs: readonly OrderByOutput[]): BoundExpr {
  const expr = item.expr;
  if (expr.type === 'number') {
    const position = Number(expr.text);
    if (!/^\d+$/.test(expr.text) || position < 1 || position > outputs.length) {
      throw new FerrisError('SQL_BIND', `ORDER BY position ${expr.text} is not in the select list: use 1 to ${outputs.length}`, { location: expr.loc });
    }
    return outputs[position - 1]!.expr;
  }
  if (expr.type === 'column' && expr.table === null) {
    const output = outputs.find((o) => nameMatches(o.name, expr.name.text, expr.name.quoted));
    if (output) return output.expr;
  }
  return bindExpr(expr, { ...ctx, clause: 'ORDER BY' });
}
