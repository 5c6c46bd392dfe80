import type { FromItem, Property, Query, SelectQuery, Statement } from '../../sql/ast.js';
import { FerrisError } from '../../types/errors.js';

/**
 * The WITH keys of a job's statement: the statement's own, or for a bare query those of its
 * last SELECT (`SELECT ... UNION ALL SELECT ... WITH (...)`). A WITH anywhere else (the left
 * side of a UNION, a subquery, a CTE) would configure nothing, so it is refused rather than
 * ignored.
 */
export function statementProperties(statement: Statement, query: Query): readonly Property[] {
  const tail = statement.type === 'query' ? lastSelect(query) : undefined;
  const misplaced = selects(query).find((select) => select !== tail && select.properties.length > 0);
  if (misplaced !== undefined) {
    throw new FerrisError('CONFIG', 'this WITH (...) would configure nothing: a statement takes one WITH, at its very end', {
      location: misplaced.properties[0]!.loc,
    });
  }
  if ('properties' in statement) return statement.properties;
  return tail?.properties ?? [];
}

function lastSelect(query: Query): SelectQuery {
  if (query.type === 'select') return query;
  return lastSelect(query.type === 'union' ? query.right : query.body);
}

function selects(query: Query): SelectQuery[] {
  switch (query.type) {
    case 'select':
      return [query, ...[...(query.from ? [query.from] : []), ...query.joins.map((j) => j.right)].flatMap(fromSelects)];
    case 'union':
      return [...selects(query.left), ...selects(query.right)];
    case 'with':
      return [...query.ctes.flatMap((cte) => selects(cte.query)), ...selects(query.body)];
  }
}

function fromSelects(item: FromItem): SelectQuery[] {
  return item.type === 'subquery_ref' ? selects(item.query) : [];
}
