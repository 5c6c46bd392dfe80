import type { Expr, FromItem, Identifier, Query, SelectQuery } from '../sql/ast.js';
import { commonSuperType } from '../functions/operators.js';
import { FerrisError, notSupported, type SourceLocation } from '../types/errors.js';
import { formatType } from '../types/sqlType.js';
import type { BoundExpr } from './boundExpr.js';
import { bindExpr, type ExprContext } from './bindExpr.js';
import { coerceTo } from './coerce.js';
import { sourcesOf, type LogicalPlan, type PlanColumn } from './logicalPlan.js';
import { bindOrderBy } from './bindOrderBy.js';
import { sortPerWatermark } from './watermarkSort.js';
import { defaultOutputName } from './outputNames.js';
import { bindAggregation, needsAggregation } from './aggregation/bindAggregation.js';
import { bindWindows } from './analytic/bindOver.js';
import { foldName, type Scope, type ScopeRelation } from './scope.js';
import { bindJoin, conjunctsOf, type JoinRight, type JoinSide } from './bindJoin.js';
import { decorrelate } from './bindSubquery.js';
import { subqueriesIn } from './exprChildren.js';

/** A named relation the query can read: a declared source, a URI, a job's input. */
export interface ResolvedRelation {
  readonly sourceId: string;
  readonly columns: readonly PlanColumn[];
  /** What `_event_time` reads over `columns` (epoch ms). */
  readonly eventTime: BoundExpr;
  /** For a TABLE: its PRIMARY KEY columns (the source is read as the latest row per key). */
  readonly tableKeys: readonly BoundExpr[] | undefined;
  /** How many partitions the source reads, when known up front (watermarks wait for each). */
  readonly partitions: number | undefined;
  /** Whether `eventTime` reads a configured `event.time.field` (not the processing time). */
  readonly eventTimeDeclared: boolean;
}

/** What binding a query needs from its surroundings. */
export interface QueryEnvironment {
  /** Resolves a FROM name or quoted URI to a source of the job; throws for unknown names. */
  resolveRelation(from: Exclude<FromItem, { type: 'subquery_ref' }>): ResolvedRelation;
  /** Common table expressions in scope, by folded name. */
  readonly ctes: ReadonlyMap<string, LogicalPlan>;
  /** The statement's EMIT (CREATE STREAM ... AS SELECT ... EMIT CHANGES) for the outermost SELECT. */
  readonly emit?: 'CHANGES' | 'FINAL' | null;
  /** The ids of sources that do not end by themselves (a full ORDER BY over them cannot emit). */
  readonly unboundedSources: ReadonlySet<string>;
  /** `state.ttl` in ms, when the job sets it (bounds a join of two streams without a time bound). */
  readonly stateTtl?: number | undefined;
}

/** Binds a query into a logical plan. Constructs later issues build fail as `not supported yet`. */
export function bindQuery(query: Query, env: QueryEnvironment): LogicalPlan {
  switch (query.type) {
    case 'select':
      return bindSelect(query, env);
    case 'with': {
      const ctes = new Map(env.ctes);
      for (const cte of query.ctes) {
        ctes.set(foldName(cte.name.text, cte.name.quoted), bindQuery(cte.query, { ...env, ctes }));
      }
      return bindQuery(query.body, { ...env, ctes });
    }
    case 'union': {
      const operator = query.all ? 'UNION ALL' : 'UNION';
      if (query.right.type === 'select' && query.right.orderBy.length > 0) {
        throw notSupported(`ORDER BY after ${operator} (it would sort only the last branch); sort in an outer query: SELECT * FROM (... ${operator} ...) u ORDER BY ...`, query.right.orderBy[0]!.loc);
      }
      const all = unionAll(bindQuery(query.left, env), bindQuery(query.right, env), operator, query.loc);
      return query.all ? all : distinctRows(all);
    }
  }
}

function bindSelect(select: SelectQuery, env: QueryEnvironment): LogicalPlan {
  const from = select.from ? bindFrom(select.from, { ...env, emit: null }) : NO_FROM;
  const { side: joined, substitute: subqueries } = withSubqueries(joinAll(from, select, env), from, select, env);
  const { plan: input, relations, eventTime } = joined;
  const scope: Scope = { relations, eventTime };
  let plan: LogicalPlan = input;
  if (select.where) {
    const predicate = bindExpr(select.where, { scope, aliases: new Map(), clause: 'WHERE', ...(subqueries ? { substitute: subqueries } : {}) });
    if (predicate.type.kind !== 'BOOLEAN' && predicate.type.kind !== 'NULL') {
      throw new FerrisError('SQL_TYPE', `WHERE needs a BOOLEAN condition, but '${predicate.text}' is ${formatType(predicate.type)}`, {
        location: select.where.loc,
      });
    }
    plan = { op: 'filter', input: plan, predicate, columns: plan.columns };
  }
  const emit = select.emit ?? env.emit ?? null;
  const limit = limitOf(select);
  const partitioning = partitionOf(from);
  if (needsAggregation(select)) {
    const aggregated = bindAggregation(select, scope, plan, emit, partitioning);
    if (aggregated.plan.op === 'sort' && aggregated.plan.scope === 'input') requireBoundedInput(aggregated.plan, env, select.orderBy[0]!.loc);
    plan = projectItems(aggregated.plan, aggregated.items, aggregated.keyCount);
  } else {
    if (emit === 'FINAL') throw notSupported('EMIT FINAL without a window or GROUP BY', select.loc);
    const windows = bindWindows(select, { plan, scope, partitioning, bounded: ![...sourcesOf(plan)].some((id) => env.unboundedSources.has(id)) });
    if (windows) plan = windows.plan;
    const items = bindSelectItems(select, scope, either(windows?.substitute, subqueries));
    if (select.orderBy.length > 0) plan = sortWholeInput(select, scope, plan, items, limit, env, from.partitions);
    plan = projectItems(plan, items, 0);
  }
  if (limit !== undefined) plan = { op: 'limit', input: plan, count: limit, columns: plan.columns };
  return plan;
}

/**
 * The input with a lookup per subquery of WHERE and the select list ({@link decorrelate}), and
 * their values; the input as it is without subqueries.
 */
function withSubqueries(side: JoinSide, from: BoundFrom, select: SelectQuery, env: QueryEnvironment): { side: JoinSide; substitute: ExprContext['substitute'] } {
  const itemExprs = select.items.flatMap((item) => (item.type === 'expr_item' ? [item.expr] : []));
  const inItems = subqueriesIn(itemExprs);
  const found = [...subqueriesIn([select.where]), ...inItems];
  if (found.length === 0) return { side, substitute: undefined };
  const first = found[0]!;
  if (inItems.length > 0 && needsAggregation(select)) throw notSupported('a subquery in the select list of an aggregating query (use it in WHERE, or in an outer query)', inItems[0]!.loc);
  if (!select.from) throw notSupported('a subquery in a SELECT without FROM (it looks the rows of a stream up in a table)', first.loc);
  if (from.table) {
    throw notSupported(`a subquery in a query over the table '${from.relation.name}' (a subquery looks the rows of a stream up in a table; read a stream in FROM)`, first.loc);
  }
  const bindTable = (item: FromItem): JoinRight => {
    const right = bindFrom(item, { ...env, emit: null }, true);
    return { ...right, relations: [right.relation], partition: partitionOf(right) };
  };
  const filters = new Set<Expr>(select.where ? conjunctsOf(select.where) : []);
  return decorrelate(side, found, { stateTtl: env.stateTtl, unboundedSources: env.unboundedSources, bindTable, filters });
}

/** The first substitution that applies. */
function either(a: ExprContext['substitute'], b: ExprContext['substitute']): ExprContext['substitute'] {
  if (!a || !b) return a ?? b;
  return (expr) => a(expr) ?? b(expr);
}

function limitOf(select: SelectQuery): number | undefined {
  if (!select.limit) return undefined;
  const count = Number(select.limit.text);
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new FerrisError('SQL_BIND', `LIMIT needs a whole number ≥ 0, got ${select.limit.text}`, { location: select.limit.loc });
  }
  return count;
}

/**
 * ORDER BY without aggregation: a sort of the whole input below the select list (so it may
 * use input columns that are not selected), emitted when the input ends; with LIMIT a top-N.
 * Over an unbounded source the input never ends: ordered per watermark when the leading key
 * is the event time ascending, else a planning error ({@link sortPerWatermark}).
 */
function sortWholeInput(
  select: SelectQuery,
  scope: Scope,
  input: LogicalPlan,
  items: readonly SelectItemBinding[],
  limit: number | undefined,
  env: QueryEnvironment,
  partitions: number | undefined,
): LogicalPlan {
  const keys = bindOrderBy(select.orderBy, { scope, aliases: new Map(), clause: 'ORDER BY' }, items);
  const unbounded = [...sourcesOf(input)].filter((id) => env.unboundedSources.has(id));
  if (unbounded.length > 0) return sortPerWatermark({ input, keys, scope, unbounded, partitions, at: select.orderBy[0]!.loc });
  return { op: 'sort', input, keys, scope: 'input', limit, columns: input.columns };
}

/** A sort of the whole input (at `at`) needs input that ends: a planning error over an unbounded source. */
function requireBoundedInput(input: LogicalPlan, env: QueryEnvironment, at: SourceLocation): void {
  const unbounded = [...sourcesOf(input)].filter((id) => env.unboundedSources.has(id));
  if (unbounded.length === 0) return;
  throw notSupported(
    `ORDER BY over the unbounded source ${unbounded.map((id) => `'${id}'`).join(', ')}: its rows never all arrive, so a full sort could never emit. ` +
      'Sort within a window (GROUP BY TUMBLE(...) ... ORDER BY), or read bounded input (a file source without watching) to sort it, with LIMIT for a top-N',
    at,
  );
}

/** A bound select item: its expression over the input, its output name, whether it is marked PRIMARY KEY. */
interface SelectItemBinding {
  readonly expr: BoundExpr;
  readonly name: string;
  readonly primaryKey: boolean;
  readonly loc: SourceLocation;
}

/**
 * The projection of a SELECT list: output names must be unique (ignoring case); the record key
 * is the items marked PRIMARY KEY, or else the first `keyCount` columns of the input selected
 * as they are (the GROUP BY values of an aggregation).
 */
function projectItems(input: LogicalPlan, items: readonly SelectItemBinding[], keyCount: number): LogicalPlan {
  const seen = new Set<string>();
  for (const item of items) {
    const folded = item.name.toLowerCase();
    if (seen.has(folded)) {
      throw new FerrisError('SQL_BIND', `the output column '${item.name}' appears twice; give one of them an alias`, { location: item.loc });
    }
    seen.add(folded);
  }
  const marked = items.flatMap((i, index) => (i.primaryKey ? [index] : []));
  const grouped = items.flatMap((i, index) => (i.expr.kind === 'column' && i.expr.index < keyCount ? [index] : []));
  return {
    op: 'project',
    input,
    exprs: items.map((i) => i.expr),
    columns: items.map((i) => ({ name: i.name, type: i.expr.type, system: false })),
    keyColumns: marked.length > 0 ? marked : grouped,
  };
}

interface BoundFrom {
  readonly plan: LogicalPlan;
  readonly relation: ScopeRelation;
  readonly eventTime: BoundExpr | undefined;
  readonly partitions: number | undefined;
  /** Set for a table (a CREATE TABLE source, or a file URI): its key (empty: every row kept) and its changelog. */
  readonly table: JoinRight['table'];
  readonly eventTimeDeclared: boolean;
  readonly sourceId: string | undefined;
  /** The source's name as written (`'<name>.<key>'` configures it), for a named source. */
  readonly sourceName: string | undefined;
}

/** What a SELECT without FROM reads: one row with no columns (so `SELECT 1 AS a` gives one row). */
const NO_FROM: BoundFrom = {
  plan: { op: 'one_row', columns: [] },
  relation: { name: '', columns: [] },
  eventTime: undefined,
  partitions: undefined,
  table: undefined,
  eventTimeDeclared: false,
  sourceId: undefined,
  sourceName: undefined,
};

/** FROM and its JOINs, left to right: the plan, the relations in scope and the event time of the left-most stream. */
function joinAll(from: BoundFrom, select: SelectQuery, env: QueryEnvironment): JoinSide {
  let side: JoinSide = { plan: from.plan, relations: [from.relation], eventTime: from.eventTime, partition: partitionOf(from), eventTimeDeclared: from.eventTimeDeclared, sourceName: from.sourceName };
  if (select.joins.length === 0) return side;
  if (from.table) {
    throw notSupported(`a table ('${from.relation.name}') on the left of a JOIN; put the stream first: FROM stream JOIN table ON ...`, select.from!.loc);
  }
  for (const join of select.joins) {
    const right = bindFrom(join.right, { ...env, emit: null }, true);
    side = bindJoin(side, join, { ...right, relations: [right.relation], partition: partitionOf(right) }, { stateTtl: env.stateTtl, unboundedSources: env.unboundedSources });
  }
  return side;
}

function partitionOf(from: BoundFrom): JoinSide['partition'] {
  const partition = from.relation.columns.find((c) => c.system && c.name === '_partition');
  if (!partition) return undefined;
  return { expr: { kind: 'column', index: partition.index, type: partition.type, text: '_partition' }, expected: from.partitions };
}

function relationOf(name: string, columns: readonly PlanColumn[]): ScopeRelation {
  return { name, columns: columns.map((c, index) => ({ name: c.name, type: c.type, index, system: c.system })) };
}

/**
 * Binds one FROM or JOIN item. `joined`: the item is the right side of a JOIN, where a file URI
 * is a table (loaded completely, every row kept).
 */
function bindFrom(from: FromItem, env: QueryEnvironment, joined = false): BoundFrom {
  const derived = { partitions: undefined, table: undefined, eventTimeDeclared: false, sourceId: undefined, sourceName: undefined, eventTime: undefined };
  if (from.type === 'subquery_ref') {
    const plan = bindQuery(from.query, env);
    return { ...derived, plan, relation: relationOf(nameOf(from.alias), plan.columns) };
  }
  if (from.type === 'table_ref') {
    const cte = env.ctes.get(foldName(from.name.text, from.name.quoted));
    if (cte) return { ...derived, plan: cte, relation: relationOf(nameOf(from.alias ?? from.name), cte.columns) };
  }
  const resolved = env.resolveRelation(from);
  const name = from.alias ? nameOf(from.alias) : from.type === 'table_ref' ? nameOf(from.name) : resolved.sourceId;
  const scan: LogicalPlan = { op: 'scan', sourceId: resolved.sourceId, columns: resolved.columns };
  const tableKeys = resolved.tableKeys ?? (joined && from.type === 'uri_ref' ? [] : undefined);
  return {
    plan: resolved.tableKeys ? { op: 'upsert', input: scan, keys: resolved.tableKeys, columns: scan.columns } : scan,
    relation: relationOf(name, resolved.columns),
    eventTime: resolved.eventTime,
    partitions: resolved.partitions,
    table: tableKeys && { keys: tableKeys, changelog: scan },
    eventTimeDeclared: resolved.eventTimeDeclared,
    sourceId: resolved.sourceId,
    sourceName: from.type === 'table_ref' ? from.name.text : undefined,
  };
}

function nameOf(identifier: Identifier): string {
  return identifier.text;
}

/**
 * The select list bound over the input (stars expanded); later items may use earlier aliases.
 * `substitute` gives the result columns of window calls (appended to the input's columns).
 */
function bindSelectItems(select: SelectQuery, scope: Scope, substitute: ExprContext['substitute']): SelectItemBinding[] {
  const items: SelectItemBinding[] = [];
  const aliases = new Map<string, BoundExpr>();
  select.items.forEach((item, position) => {
    if (item.type === 'star') {
      if (!select.from) throw new FerrisError('SQL_BIND', `${item.table ? `${item.table.text}.*` : '*'} needs a FROM clause: without FROM there are no columns`, { location: item.loc });
      const relations = item.table
        ? scope.relations.filter((r) => r.name.toLowerCase() === item.table!.text.toLowerCase())
        : scope.relations;
      if (relations.length === 0) {
        throw new FerrisError('SQL_BIND', `unknown relation '${item.table!.text}' in ${item.table!.text}.*`, { location: item.loc });
      }
      for (const relation of relations) {
        for (const column of relation.columns) {
          if (column.system) continue;
          const expr: BoundExpr = { kind: 'column', index: column.index, type: column.type, text: column.name };
          items.push({ expr, name: column.name, primaryKey: false, loc: item.loc });
        }
      }
      return;
    }
    const expr = bindExpr(item.expr, { scope, aliases, clause: 'SELECT', ...(substitute ? { substitute } : {}) } satisfies ExprContext);
    const name = item.alias ? item.alias.text : outputNameOf(item.expr, expr, scope, position);
    items.push({ expr, name, primaryKey: item.primaryKey, loc: item.loc });
    aliases.set(name, expr);
  });
  return items;
}

function outputNameOf(ast: Parameters<typeof defaultOutputName>[0], bound: BoundExpr, scope: Scope, position: number): string {
  if (ast.type === 'column' && bound.kind === 'column') {
    const column = scope.relations.flatMap((r) => r.columns).find((c) => c.index === bound.index);
    if (column && column.name.toLowerCase() === ast.name.text.toLowerCase()) return column.name;
  }
  return defaultOutputName(ast, position + 1);
}

/**
 * UNION (distinct): the rows of a UNION ALL, each emitted once, the first time it is seen. It is
 * the keyed aggregate SELECT DISTINCT plans (every column a key, no aggregates, emitting new
 * keys), so NULLs are equal and `state.ttl` bounds its state the same way. Its output columns
 * are its keys, so the whole row is the record key.
 */
function distinctRows(input: LogicalPlan): LogicalPlan {
  const columnRefs = input.columns.map((c, index): BoundExpr => ({ kind: 'column', index, type: c.type, text: c.name }));
  return { op: 'aggregate', input, keys: columnRefs, aggregates: [], window: undefined, eventTime: undefined, emit: 'new_keys', columns: input.columns };
}

function unionAll(left: LogicalPlan, right: LogicalPlan, operator: string, loc: SourceLocation): LogicalPlan {
  if (left.columns.length !== right.columns.length) {
    throw new FerrisError(
      'SQL_BIND',
      `${operator} sides have ${left.columns.length} and ${right.columns.length} columns; they must have the same number`,
      { location: loc },
    );
  }
  const types = left.columns.map((c, i) => {
    const common = commonSuperType(c.type, right.columns[i]!.type);
    if (!common) {
      throw new FerrisError(
        'SQL_TYPE',
        `${operator} column ${i + 1} ('${c.name}') is ${formatType(c.type)} on the left and ${formatType(right.columns[i]!.type)} on the right`,
        { location: loc },
      );
    }
    return common;
  });
  const columns = left.columns.map((c, i) => ({ name: c.name, type: types[i]!, system: false }));
  const align = (side: LogicalPlan): LogicalPlan => {
    const needsCast = side.columns.some((c, i) => c.type.kind !== types[i]!.kind || c.type.kind === 'DECIMAL');
    if (!needsCast) return side;
    const exprs = side.columns.map((c, index) =>
      coerceTo({ kind: 'column', index, type: c.type, text: c.name }, types[index]!, loc),
    );
    return { op: 'project', input: side, exprs, columns, keyColumns: [] };
  };
  const inputs = [left, right].flatMap((side) => (side.op === 'union_all' ? side.inputs : [side])).map(align);
  return { op: 'union_all', inputs, columns };
}
