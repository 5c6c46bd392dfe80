import type { ColumnRef, ComparisonOperator, Expr, FromItem, Query, SelectQuery } from '../sql/ast.js';
import { toSql } from '../sql/toSql.js';
import { commonSuperType } from '../functions/operators.js';
import { FerrisError, notSupported, type SourceLocation } from '../types/errors.js';
import { BOOLEAN, formatType } from '../types/sqlType.js';
import { columnsOf, type BoundExpr } from './boundExpr.js';
import { bindExpr, type ExprContext } from './bindExpr.js';
import { conjunctsOf, equalityKey, lookupOf, shift, type JoinEnvironment, type JoinRight, type JoinSide } from './bindJoin.js';
import { andAll } from './boundColumns.js';
import { coerceTo } from './coerce.js';
import type { SubqueryExpr } from './exprChildren.js';
import { isAggregateCall } from './functionKinds.js';
import type { JoinNode } from './joinNode.js';
import { containsJoin, watermarked } from './joinWatermarks.js';
import { resolveColumn } from './resolveColumn.js';
import { nameMatches, type Scope, type ScopeRelation } from './scope.js';

/** What decorrelating subqueries needs from the query. */
export interface SubqueryEnvironment extends JoinEnvironment {
  /** Binds the FROM item of a subquery as the right side of a join (a file URI is then a table). */
  bindTable(from: FromItem): JoinRight;
  /** Subqueries that are AND-ed parts of WHERE, where NULL and FALSE both drop the row. */
  readonly filters: ReadonlySet<Expr>;
}

/** The outer query's input with a lookup per subquery, and the subqueries' values over it. */
export interface Decorrelated {
  readonly side: JoinSide;
  /** The value of each subquery node of the AST, over the widened input row. */
  readonly substitute: (expr: Expr) => BoundExpr | undefined;
}

/**
 * Rewrites each subquery against a table into a lookup of the outer stream's rows in that table
 * (a probe-mode hash join: every stream row kept once, with its first match and whether it
 * matched), and gives the subquery's value over the widened row:
 *
 * - `[NOT] EXISTS (SELECT ... FROM t WHERE t.k = s.k AND ...)`: whether the row matched;
 * - `(SELECT t.v FROM t WHERE ...)`: `t.v` of the one match, NULL without one, a row error for
 *   a second;
 * - `x [NOT] IN (SELECT t.k FROM t ...)` (also `= ANY`, `<> ALL`): a lookup by `t.k = x`, and,
 *   for SQL's NULLs, whether the table has any row at all (when x is NULL) and any row whose
 *   `t.k` is NULL (when x is not found): `x IN (...)` is TRUE on a match, else NULL when x is
 *   NULL and the subquery has rows, or when the subquery has a NULL; else FALSE. An IN that is
 *   an AND-ed part of WHERE needs only the first lookup (NULL drops the row as FALSE does);
 * - `x op ANY (SELECT t.v FROM t ...)` (`SOME`) as IN, with `x op t.v` a condition on the pair
 *   instead of a key, and `x op ALL (...)` as `NOT (x op' ANY (...))`, `op'` the negated `op`.
 *
 * Equalities of the subquery's WHERE between a table column and the outer row become the lookup
 * key; the rest is a condition on the matched pair. A subquery over a stream is a planning error.
 */
export function decorrelate(side: JoinSide, subqueries: readonly SubqueryExpr[], env: SubqueryEnvironment): Decorrelated {
  const values = new Map<Expr, BoundExpr>();
  let current = side;
  for (const subquery of subqueries) {
    const binder = new SubqueryBinder(current, subquery, env);
    values.set(subquery, binder.value());
    current = binder.side;
  }
  const widened: JoinSide = { ...current, relations: side.relations, eventTime: side.eventTime };
  return { side: widened, substitute: (expr) => values.get(expr) };
}

/** Binds one subquery: adds its lookups to the side, and gives its value. */
class SubqueryBinder {
  /** The outer input so far: each lookup `value()` adds is stacked on it. */
  side: JoinSide;
  private readonly select: SelectQuery;
  private readonly table: JoinRight;
  private readonly tableName: string;
  private readonly text: string;

  constructor(
    side: JoinSide,
    private readonly subquery: SubqueryExpr,
    private readonly env: SubqueryEnvironment,
  ) {
    this.side = side;
    this.text = toSql(subquery);
    this.select = simpleSelect(subquery.query, this.text);
    this.table = env.bindTable(this.select.from!);
    this.tableName = this.table.relations[0]!.name;
    if (this.table.table === undefined) {
      throw notSupported(
        `a subquery over '${this.tableName}', which is not a table: a stream never ends, so no outer row could be sure of the subquery's whole result. ` +
          `Read a table in the subquery (CREATE TABLE ... PRIMARY KEY, or a file URI), or JOIN the stream with a time bound`,
        this.select.from!.loc,
      );
    }
  }

  /** The subquery's value over the output row of the lookups added. */
  value(): BoundExpr {
    const { subquery } = this;
    switch (subquery.type) {
      case 'exists': {
        const matched = this.probe([], undefined);
        return subquery.negated ? { kind: 'not', operand: matched, type: BOOLEAN, text: this.text } : matched;
      }
      case 'scalar_subquery':
        return this.scalar();
      case 'in_subquery':
        return this.membership(subquery.expr, subquery.negated);
      case 'quantified': {
        const { op, quantifier } = subquery;
        if (quantifier !== 'ALL' && op === '=') return this.membership(subquery.left, false);
        if (quantifier === 'ALL' && (op === '<>' || op === '!=')) return this.membership(subquery.left, true);
        return this.quantified(subquery.left, op, quantifier === 'ALL');
      }
    }
  }

  private scalar(): BoundExpr {
    const item = this.onlyItem('a scalar subquery');
    if (this.select.distinct) throw notSupported('SELECT DISTINCT in a scalar subquery', this.select.loc);
    const width = this.side.plan.columns.length;
    const value = bindExpr(item, this.innerContext(width));
    const matched = this.probe([], `more than one row returned by the subquery ${this.text} for one row`);
    const nullOf: BoundExpr = { kind: 'literal', value: null, type: value.type, text: 'NULL' };
    return { kind: 'case', whens: [{ when: matched, then: value }], otherwise: nullOf, type: value.type, text: this.text };
  }

  /** `x IN (SELECT k ...)`, or `NOT IN` when `negated`, with SQL's NULLs. */
  private membership(operandAst: Expr, negated: boolean): BoundExpr {
    const item = this.onlyItem('IN (SELECT ...)');
    const operand = bindExpr(operandAst, this.outerContext());
    const key = (width: number): { left: BoundExpr; right: BoundExpr } => {
      const k = this.selected(item, width, 'IN (SELECT ...)');
      const type = commonSuperType(operand.type, k.type);
      if (!type) {
        throw new FerrisError('SQL_TYPE', `IN compares '${operand.text}' (${formatType(operand.type)}) with '${k.text}' (${formatType(k.type)})`, { location: item.loc });
      }
      return { left: coerceTo(operand, type, item.loc), right: coerceTo(k, type, item.loc) };
    };
    const found = this.probe([key(this.side.plan.columns.length)], undefined);
    return this.someOf(found, operand, item, negated);
  }

  /**
   * `x op ANY (SELECT v ...)` (`SOME`), or `x op ALL (...)` when `all`: a lookup for a row with
   * `x op v` (a condition on the pair, so the table's rows that the WHERE keys select are scanned),
   * and `x op ALL` as `NOT (x op' ANY)` with `op'` the negated comparison, which is the same under
   * SQL's NULLs: `x < ALL` is FALSE when some `v <= x`, else NULL for a NULL `x` or `v`, else TRUE.
   */
  private quantified(operandAst: Expr, op: ComparisonOperator, all: boolean): BoundExpr {
    const what = `${op} ${all ? 'ALL' : 'ANY'} (SELECT ...)`;
    const item = this.onlyItem(what);
    const operand = bindExpr(operandAst, this.outerContext());
    const width = this.side.plan.columns.length;
    this.selected(item, width, what);
    const inner = this.innerContext(width);
    const comparison: Expr = { type: 'binary', op: all ? NEGATED[op] : op, left: operandAst, right: item, loc: item.loc };
    const condition = bindExpr(comparison, { ...inner, substitute: (expr) => (expr === operandAst ? operand : inner.substitute?.(expr)) });
    const found = this.probe([], undefined, condition);
    return this.someOf(found, operand, item, all);
  }

  /**
   * SQL's three values of "some row of the subquery satisfies the comparison with x" (negated
   * when `negated`), given the lookup `found` of such a row: TRUE on a match; else NULL when x is
   * NULL and the subquery has rows, or when the subquery has a NULL; else FALSE. As an AND-ed part
   * of WHERE (not negated) `found` alone decides, since NULL drops the row as FALSE does.
   */
  private someOf(found: BoundExpr, operand: BoundExpr, item: Expr, negated: boolean): BoundExpr {
    if (!negated && this.env.filters.has(this.subquery)) return found;
    const anyRow = this.probe([], undefined);
    const k = bindExpr(item, this.innerContext(this.side.plan.columns.length));
    const isNull: BoundExpr = { kind: 'is', what: 'NULL', negated: false, operand: k, type: BOOLEAN, text: `${k.text} IS NULL` };
    const anyNull = this.probe([{ left: TRUE, right: isNull }], undefined);
    const unknown: BoundExpr = { kind: 'literal', value: null, type: BOOLEAN, text: 'NULL' };
    const operandNull: BoundExpr = { kind: 'is', what: 'NULL', negated: false, operand, type: BOOLEAN, text: `${operand.text} IS NULL` };
    const whenEmpty: BoundExpr = { kind: 'case', whens: [{ when: anyRow, then: unknown }], otherwise: FALSE, type: BOOLEAN, text: 'NULL' };
    const result: BoundExpr = {
      kind: 'case',
      whens: [
        { when: found, then: TRUE },
        { when: operandNull, then: whenEmpty },
        { when: anyNull, then: unknown },
      ],
      otherwise: FALSE,
      type: BOOLEAN,
      text: this.text,
    };
    return negated ? { kind: 'not', operand: result, type: BOOLEAN, text: this.text } : result;
  }

  /** The selected value over the row after `width` columns, which must read the table alone. */
  private selected(item: Expr, width: number, what: string): BoundExpr {
    const k = bindExpr(item, this.innerContext(width));
    if ([...columnsOf(k)].some((index) => index < width)) {
      throw notSupported(`${what} whose selected value reads the outer row ('${k.text}'); select a column of '${this.tableName}' and compare the outer row in WHERE`, item.loc);
    }
    return k;
  }

  /** Names of the outer query's row (an operand of IN or a quantified comparison). */
  private outerContext(): ExprContext {
    return { scope: { relations: this.side.relations, eventTime: this.side.eventTime }, aliases: new Map(), clause: 'WHERE' };
  }

  /**
   * Adds a lookup of the current row in the table by the subquery's WHERE (its outer-inner
   * equalities as keys), `extraKeys` (each built for the row width at the time) and an
   * `extraCondition` on the pair (over the current row width); the BOOLEAN
   * column of whether a row matched.
   */
  private probe(extraKeys: readonly { left: BoundExpr; right: BoundExpr }[], atMostOne: string | undefined, extraCondition?: BoundExpr): BoundExpr {
    const left = this.side;
    const width = left.plan.columns.length;
    const ctx = this.innerContext(width);
    const leftKeys: BoundExpr[] = extraKeys.map((k) => k.left);
    const rightKeys: BoundExpr[] = extraKeys.map((k) => shift(k.right, -width));
    const residual: BoundExpr[] = extraCondition ? [extraCondition] : [];
    for (const conjunct of this.select.where ? conjunctsOf(this.select.where) : []) {
      const condition = bindExpr(conjunct, ctx);
      if (condition.type.kind !== 'BOOLEAN' && condition.type.kind !== 'NULL') {
        throw new FerrisError('SQL_TYPE', `WHERE needs a BOOLEAN condition, but '${condition.text}' is ${formatType(condition.type)}`, { location: conjunct.loc });
      }
      const key = equalityKey(condition, width, conjunct.loc);
      if (key) {
        leftKeys.push(key.left);
        rightKeys.push(shift(key.right, -width));
      } else {
        residual.push(condition);
      }
    }
    const right = this.table;
    const strategy = lookupOf(left, right, this.tableName, this.env, this.select.from!.loc);
    const tableColumns = right.plan.columns;
    const node: JoinNode = {
      op: 'join',
      kind: 'LEFT',
      left: containsJoin(left.plan) ? left.plan : watermarked(left.plan, left.eventTime, left.partition),
      right: watermarked(right.table!.changelog, strategy.tableTime, right.partition),
      leftKeys,
      rightKeys,
      residual: andAll(residual),
      strategy,
      probe: { atMostOne, subquery: this.text },
      columns: [...left.plan.columns, ...tableColumns.map((c) => ({ ...c, system: true })), { name: `$matched${width}`, type: BOOLEAN, system: true }],
    };
    this.side = { ...left, plan: node };
    return { kind: 'column', index: width + tableColumns.length, type: BOOLEAN, text: this.text };
  }

  /**
   * Names in the subquery over the row after `width` columns: the table's columns (after the
   * outer row's) first, as SQL resolves an inner name before an outer one, then the outer row's.
   */
  private innerContext(width: number): ExprContext {
    const relation = this.table.relations[0]!;
    const inner: ScopeRelation = { name: relation.name, columns: relation.columns.map((c) => ({ ...c, index: c.index + width })) };
    const scope: Scope = { relations: [...this.side.relations, inner], eventTime: this.side.eventTime };
    const innerOnly: ExprContext = { scope: { relations: [inner], eventTime: undefined }, aliases: new Map(), clause: 'WHERE' };
    const resolvesInside = (ref: ColumnRef): boolean =>
      (ref.table === null || nameMatches(inner.name, ref.table.text, ref.table.quoted)) &&
      inner.columns.some((c) => nameMatches(c.name, ref.name.text, ref.name.quoted));
    return {
      scope,
      aliases: new Map(),
      clause: 'subquery',
      substitute: (expr) => {
        if (expr.type === 'column' && resolvesInside(expr)) return resolveColumn(expr, innerOnly);
        if (expr.type === 'call' && isAggregateCall(expr.name.text.toUpperCase(), expr.args.length)) {
          throw notSupported(`aggregates in a subquery (${toSql(expr)}); aggregate the table in a CREATE TABLE ... AS SELECT and look it up`, expr.loc);
        }
        return undefined;
      },
    };
  }

  private onlyItem(what: string): Expr {
    const items = this.select.items;
    const only = items[0];
    if (items.length !== 1 || only === undefined || only.type !== 'expr_item') {
      throw new FerrisError('SQL_BIND', `${what} must select exactly one column, e.g. (SELECT t.v FROM t WHERE ...)`, { location: this.select.loc });
    }
    return only.expr;
  }
}

const TRUE: BoundExpr = { kind: 'literal', value: true, type: BOOLEAN, text: 'TRUE' };
const FALSE: BoundExpr = { kind: 'literal', value: false, type: BOOLEAN, text: 'FALSE' };

/** The comparison that holds exactly when `op` is FALSE (both are NULL on a NULL operand). */
const NEGATED: Readonly<Record<ComparisonOperator, ComparisonOperator>> = { '=': '<>', '<>': '=', '!=': '=', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };

/** A subquery the lookup can answer: one SELECT of one table, with WHERE at most. */
function simpleSelect(query: Query, text: string): SelectQuery {
  if (query.type !== 'select') throw notSupported(`${query.type === 'with' ? 'WITH' : 'UNION'} inside a subquery (${text})`, query.loc);
  const at = (what: string, loc: SourceLocation): never => {
    throw notSupported(`${what} in a subquery (${text}); a subquery reads one table with WHERE`, loc);
  };
  if (!query.from) at('a subquery without FROM', query.loc);
  if (query.joins.length > 0) at('JOIN', query.joins[0]!.loc);
  if (query.groupBy.length > 0) at('GROUP BY', query.groupBy[0]!.loc);
  if (query.having) at('HAVING', query.having.loc);
  if (query.window) at('WINDOW', query.window.loc);
  if (query.orderBy.length > 0) at('ORDER BY', query.orderBy[0]!.loc);
  if (query.limit) at('LIMIT', query.limit.loc);
  if (query.emit) at('EMIT', query.loc);
  return query;
}
