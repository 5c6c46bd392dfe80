/** Printing of queries (SELECT, WITH, UNION) as canonical single-line SQL. */
import type { FromItem, Join, Query, SelectItem, SelectQuery, WindowClause } from '../ast.js';
import { FerrisError } from '../../types/errors.js';
import { printExpr, printOrderBy } from './expressions.js';
import { printIdentifier, printInterval, printProperties, printString } from './literals.js';

/** Prints a query. */
export function printQuery(query: Query): string {
  switch (query.type) {
    case 'select':
      return printSelect(query);
    case 'with': {
      const ctes = query.ctes.map((cte) => `${printIdentifier(cte.name)} AS (${printQuery(cte.query)})`).join(', ');
      return `WITH ${ctes} ${printQuery(query.body)}`;
    }
    case 'union': {
      if (query.left.type === 'with' || query.right.type !== 'select') {
        throw new FerrisError('INTERNAL', 'a UNION operand must be a SELECT (or a UNION on the left); the grammar has no parenthesised queries');
      }
      return `${printQuery(query.left)} UNION ${query.all ? 'ALL ' : ''}${printSelect(query.right)}`;
    }
  }
}

function printSelect(select: SelectQuery): string {
  const parts = [`SELECT ${select.distinct ? 'DISTINCT ' : ''}${select.items.map(printSelectItem).join(', ')}`];
  if (select.from !== null) parts.push(`FROM ${printFromItem(select.from)}`);
  for (const join of select.joins) parts.push(printJoin(join));
  if (select.where !== null) parts.push(`WHERE ${printExpr(select.where)}`);
  if (select.groupBy.length > 0) parts.push(`GROUP BY ${select.groupBy.map(printExpr).join(', ')}`);
  if (select.window !== null) parts.push(printWindowClause(select.window));
  if (select.having !== null) parts.push(`HAVING ${printExpr(select.having)}`);
  if (select.orderBy.length > 0) parts.push(`ORDER BY ${printOrderBy(select.orderBy)}`);
  if (select.limit !== null) parts.push(`LIMIT ${select.limit.text}`);
  if (select.emit !== null) parts.push(`EMIT ${select.emit}`);
  if (select.properties.length > 0) parts.push(printProperties(select.properties));
  return parts.join(' ');
}

function printSelectItem(item: SelectItem): string {
  if (item.type === 'star') return item.table === null ? '*' : `${printIdentifier(item.table)}.*`;
  const alias = item.alias === null ? '' : ` AS ${printIdentifier(item.alias)}`;
  return `${printExpr(item.expr)}${alias}${item.primaryKey ? ' PRIMARY KEY' : ''}`;
}

function printFromItem(item: FromItem): string {
  const alias = item.alias === null ? '' : ` AS ${printIdentifier(item.alias)}`;
  switch (item.type) {
    case 'table_ref':
      return `${printIdentifier(item.name)}${alias}`;
    case 'uri_ref':
      return `${printString(item.uri)}${alias}`;
    case 'subquery_ref':
      return `(${printQuery(item.query)})${alias}`;
  }
}

function printJoin(join: Join): string {
  const kind = join.kind === 'INNER' ? 'JOIN' : `${join.kind} JOIN`;
  const within = join.within === null ? '' : ` WITHIN ${printInterval(join.within)}`;
  return `${kind} ${printFromItem(join.right)} ON ${printExpr(join.on)}${within}`;
}

function printWindowClause(window: WindowClause): string {
  const args = window.timeColumn === null ? [] : [printExpr(window.timeColumn)];
  switch (window.kind) {
    case 'TUMBLING':
      args.push(printInterval(window.size));
      break;
    case 'SLIDING':
      args.push(printInterval(window.size), printInterval(window.advance));
      break;
    case 'SESSION':
      args.push(printInterval(window.gap));
      if (window.partitionKey !== null) args.push(printExpr(window.partitionKey));
      break;
  }
  return `WINDOW ${window.kind}(${args.join(', ')})`;
}
