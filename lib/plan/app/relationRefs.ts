import type { Expr, FromItem, Query, TableRef, UriRef } from '../../sql/ast.js';
import { subqueriesIn } from '../exprChildren.js';
import { foldName } from '../scope.js';

/**
 * The named relations and URIs a query reads, in order of appearance (those of subqueries in
 * WHERE and the select list after FROM's), leaving out names that refer to its own common
 * table expressions.
 */
export function relationRefs(query: Query, ctes: ReadonlySet<string> = new Set()): (TableRef | UriRef)[] {
  switch (query.type) {
    case 'union':
      return [...relationRefs(query.left, ctes), ...relationRefs(query.right, ctes)];
    case 'with': {
      const inner = new Set(ctes);
      const refs: (TableRef | UriRef)[] = [];
      for (const cte of query.ctes) {
        refs.push(...relationRefs(cte.query, inner));
        inner.add(foldName(cte.name.text, cte.name.quoted));
      }
      return [...refs, ...relationRefs(query.body, inner)];
    }
    case 'select': {
      const items: FromItem[] = [...(query.from ? [query.from] : []), ...query.joins.map((j) => j.right)];
      const exprs: (Expr | null)[] = [query.where, ...query.items.flatMap((i) => (i.type === 'expr_item' ? [i.expr] : []))];
      const subqueries = subqueriesIn(exprs).flatMap((s) => relationRefs(s.query, ctes));
      return [...items.flatMap((item) => fromRefs(item, ctes)), ...subqueries];
    }
  }
}

function fromRefs(item: FromItem, ctes: ReadonlySet<string>): (TableRef | UriRef)[] {
  if (item.type === 'subquery_ref') return relationRefs(item.query, ctes);
  if (item.type === 'table_ref' && ctes.has(foldName(item.name.text, item.name.quoted))) return [];
  return [item];
}
