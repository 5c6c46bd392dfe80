import { containsJoin } from '../joinWatermarks.js';
import { forEachChild } from '../exprChildren.js';
import type { CallExpr, Expr, SelectQuery } from '../../sql/ast.js';
import { toSql } from '../../sql/toSql.js';
import { lookupAggregate } from '../../aggregates/registry.js';
import { FerrisError, notSupported, type SourceLocation } from '../../types/errors.js';
import { formatType, TIMESTAMP } from '../../types/sqlType.js';
import type { Value } from '../../types/value.js';
import { Decimal, isDecimal } from '../../types/decimal.js';
import type { BoundExpr } from '../boundExpr.js';
import { bindExpr, type ExprContext } from '../bindExpr.js';
import { isAggregateCall, overNotSupported } from '../functionKinds.js';
import type { AggregateCall, LogicalPlan, PlanColumn, SortKey } from '../logicalPlan.js';
import { defaultOutputName } from '../outputNames.js';
import { bindOrderBy } from '../bindOrderBy.js';
import { rewriteBound } from '../rewriteExpr.js';
import type { Scope } from '../scope.js';
import { isWindowCall, windowOf, type QueryWindow } from './windowOf.js';
import { refuseAggregateOverChanges } from './updatesBelow.js';

/** Placeholder indices of the window bounds until the number of aggregates is known. */
const WINDOW_START = -1;
const WINDOW_END = -2;

const WINDOW_BOUND_CALLS: Record<string, number> = {
  TUMBLE_START: WINDOW_START,
  TUMBLE_END: WINDOW_END,
  HOP_START: WINDOW_START,
  HOP_END: WINDOW_END,
  SESSION_START: WINDOW_START,
  SESSION_END: WINDOW_END,
};
const WINDOW_BOUND_COLUMNS: Record<string, number> = { _window_start: WINDOW_START, _window_end: WINDOW_END };

/** Whether a SELECT aggregates: GROUP BY, a window, HAVING, DISTINCT or an aggregate call. */
export function needsAggregation(select: SelectQuery): boolean {
  return select.groupBy.length > 0 || select.window !== null || select.having !== null || select.distinct || select.items.some((i) => i.type === 'expr_item' && containsAggregate(i.expr));
}

/** Whether the expression calls an aggregate (not inside a subquery, whose aggregates are its own); `SUM(x) OVER (...)` is an analytic call, not one. */
function containsAggregate(expr: Expr): boolean {
  if (expr.type === 'call' && expr.over) return false;
  if (expr.type === 'call' && isAggregateCall(expr.name.text, expr.args.length)) return true;
  let found = false;
  forEachChild(expr, (child) => {
    found ||= containsAggregate(child);
  });
  return found;
}

/** The bound SELECT list over the aggregation's output, for the final projection. */
export interface AggregatedSelect {
  /** aggregate → [having filter] → [sort]; the caller adds the projection. */
  readonly plan: LogicalPlan;
  readonly items: readonly { readonly expr: BoundExpr; readonly name: string; readonly primaryKey: boolean; readonly loc: SourceLocation }[];
  /** How many GROUP BY keys lead the aggregation's output columns. */
  readonly keyCount: number;
}

/**
 * Binds an aggregating SELECT over `input`: window, GROUP BY keys, the aggregate calls found in
 * the select list, HAVING and ORDER BY (which see the select aliases). Expressions after the
 * aggregation may use GROUP BY expressions, aggregates and window bounds only.
 */
export function bindAggregation(
  select: SelectQuery,
  scope: Scope,
  input: LogicalPlan,
  emit: 'CHANGES' | 'FINAL' | null,
  partitioning: { readonly expr: BoundExpr; readonly expected: number | undefined } | undefined,
): AggregatedSelect {
  refuseAggregateOverChanges(input, select.loc);
  const inputCtx: ExprContext = { scope, aliases: new Map(), clause: 'GROUP BY' };
  const window: QueryWindow | undefined = windowOf(select, inputCtx);
  const keyAsts: Expr[] = select.groupBy.filter((e) => !isWindowCall(e));
  if (select.window?.kind === 'SESSION' && select.window.partitionKey) keyAsts.push(select.window.partitionKey);
  if (select.distinct) {
    if (select.groupBy.length > 0 || window) throw notSupported('SELECT DISTINCT with GROUP BY or a window', select.loc);
    for (const item of select.items) {
      if (item.type === 'star') throw notSupported('SELECT DISTINCT *; list the columns', item.loc);
      keyAsts.push(item.expr);
    }
  }
  const keys = keyAsts.map((e) => bindExpr(e, inputCtx));
  const keyTexts = keyAsts.map((e) => toSql(e));
  const aggregates: AggregateCall[] = [];
  const aggregateTexts: string[] = [];
  const aliases = new Map<string, BoundExpr>();

  const substitute = (expr: Expr): BoundExpr | undefined => {
    const text = toSql(expr);
    const keyIndex = keyTexts.findIndex((k) => k === text || (expr.type === 'column' && k.toLowerCase() === text.toLowerCase()));
    if (keyIndex >= 0) return { kind: 'column', index: keyIndex, type: keys[keyIndex]!.type, text };
    if (expr.type === 'call') {
      const name = expr.name.text.toUpperCase();
      if (name in WINDOW_BOUND_CALLS) return windowBound(WINDOW_BOUND_CALLS[name]!, expr, text);
      if (isAggregateCall(name, expr.args.length)) return aggregateColumn(expr, text);
    }
    if (expr.type === 'column' && expr.table === null && expr.name.text.toLowerCase() in WINDOW_BOUND_COLUMNS) {
      return windowBound(WINDOW_BOUND_COLUMNS[expr.name.text.toLowerCase()]!, expr, text);
    }
    if (expr.type === 'column') {
      if (expr.table === null && [...aliases.keys()].some((a) => a.toLowerCase() === expr.name.text.toLowerCase())) return undefined;
      throw new FerrisError('SQL_BIND', `column '${text}' must appear in GROUP BY or be used in an aggregate function`, { location: expr.loc });
    }
    return undefined;
  };
  const windowBound = (index: number, expr: Expr, text: string): BoundExpr => {
    if (!window) throw new FerrisError('SQL_BIND', `${text} needs a window (TUMBLE/HOP/SESSION in GROUP BY, or a WINDOW clause)`, { location: expr.loc });
    return { kind: 'column', index, type: TIMESTAMP, text };
  };
  const aggregateColumn = (call: CallExpr, text: string): BoundExpr => {
    let index = aggregateTexts.indexOf(text);
    if (index < 0) {
      if (call.over) throw overNotSupported(call);
      aggregates.push(bindAggregateCall(call, inputCtx, text));
      aggregateTexts.push(text);
      index = aggregates.length - 1;
    }
    return { kind: 'column', index: keys.length + index, type: aggregates[index]!.bound.returnType, text };
  };

  const outputCtx: ExprContext = { scope: { relations: [], eventTime: undefined }, aliases, clause: 'SELECT', substitute };
  const items = select.items.map((item, position) => {
    if (item.type === 'star') throw new FerrisError('SQL_BIND', 'SELECT * cannot be used with GROUP BY; list the columns', { location: item.loc });
    const expr = bindExpr(item.expr, outputCtx);
    const name = item.alias ? item.alias.text : defaultOutputName(item.expr, position + 1);
    aliases.set(name, expr);
    return { expr, name, primaryKey: item.primaryKey, loc: item.loc };
  });
  const having = select.having ? bindExpr(select.having, { ...outputCtx, clause: 'HAVING' }) : undefined;
  if (having && having.type.kind !== 'BOOLEAN' && having.type.kind !== 'NULL') {
    throw new FerrisError('SQL_TYPE', `HAVING needs a BOOLEAN condition, but '${having.text}' is ${formatType(having.type)}`, { location: select.having!.loc });
  }
  const orderBy = bindOrderBy(select.orderBy, outputCtx, items);

  const width = keys.length + aggregates.length;
  const remap = (e: BoundExpr): BoundExpr =>
    rewriteBound(e, (n) => (n.kind === 'column' && n.index < 0 ? { ...n, index: n.index === WINDOW_START ? width : width + 1 } : n));
  const columns: PlanColumn[] = [
    ...keys.map((k, i) => ({ name: `key_${i}`, type: k.type, system: false })),
    ...aggregates.map((a, i) => ({ name: `agg_${i}`, type: a.bound.returnType, system: false })),
    ...(window ? [{ name: '_window_start', type: TIMESTAMP, system: false }, { name: '_window_end', type: TIMESTAMP, system: false }] : []),
  ];
  const emitMode = select.distinct && emit !== 'FINAL' ? 'new_keys' : window ? (emit === 'CHANGES' ? 'changes' : 'final') : emit === 'FINAL' ? 'final' : 'changes';
  // A join's output already carries the watermark of its inputs (held back by its bound).
  const watermarked: LogicalPlan = window && !containsJoin(input)
    ? { op: 'watermark', input, eventTime: window.eventTime, partition: partitioning?.expr, expectedPartitions: partitioning?.expected, columns: input.columns }
    : input;
  let plan: LogicalPlan = {
    op: 'aggregate',
    input: watermarked,
    keys,
    aggregates,
    window: window?.window,
    eventTime: window?.eventTime,
    emit: emitMode,
    columns,
  };
  if (having) plan = { op: 'filter', input: plan, predicate: remap(having), columns };
  const sortKeys: SortKey[] = [
    ...(window ? [{ expr: { kind: 'column', index: width, type: TIMESTAMP, text: '_window_start' } as BoundExpr, descending: false, nullsFirst: false }] : []),
    ...orderBy.map((k) => ({ ...k, expr: remap(k.expr) })),
  ];
  // DISTINCT emits each row once, when first seen: only a sort of everything it emitted orders it.
  if (orderBy.length > 0) plan = { op: 'sort', input: plan, keys: sortKeys, scope: emitMode === 'new_keys' ? 'input' : 'batch', limit: undefined, columns };
  return { plan, items: items.map((i) => ({ ...i, expr: remap(i.expr) })), keyCount: keys.length };
}

/**
 * Binds an aggregate call (its OVER clause, if any, aside): value arguments over `ctx`,
 * constant parameters, WITHIN GROUP, DISTINCT and `*`, specialised by the registry.
 */
export function bindAggregateCall(call: CallExpr, ctx: ExprContext, text: string): AggregateCall {
  const name = call.name.text.toUpperCase();
  const fn = lookupAggregate(name);
  if (!fn) throw new FerrisError('INTERNAL', `aggregate ${name} is not registered`, { location: call.loc });
  const all = call.withinGroup ? [...call.withinGroup.map((o) => o.expr), ...call.args] : [...call.args];
  const valueCount = call.withinGroup ? call.withinGroup.length : all.length - fn.parameters;
  const valueAsts = all.slice(0, Math.max(0, valueCount));
  const parameterAsts = all.slice(Math.max(0, valueCount));
  if (call.withinGroup && parameterAsts.length !== fn.parameters) {
    throw new FerrisError('SQL_BIND', `${fn.signature} WITHIN GROUP takes ${fn.parameters} parameter(s)`, { location: call.loc });
  }
  if (valueAsts.length < fn.minArgs || valueAsts.length > fn.maxArgs) {
    throw new FerrisError('SQL_BIND', `${fn.signature} takes ${fn.minArgs === fn.maxArgs ? fn.minArgs : `${fn.minArgs} to ${fn.maxArgs}`} argument(s)`, {
      location: call.loc,
    });
  }
  for (const arg of valueAsts) {
    if (containsAggregate(arg)) throw new FerrisError('SQL_BIND', `aggregate calls cannot be nested (${text})`, { location: arg.loc });
  }
  const args = valueAsts.map((a) => bindExpr(a, ctx));
  const descending = call.withinGroup?.[0]?.direction === 'DESC';
  if (descending && name !== 'PERCENTILE_CONT') throw notSupported(`${name} ... WITHIN GROUP (ORDER BY ... DESC); order ascending`, call.loc);
  const parameters: Value[] = parameterAsts.map((p) => {
    const bound = bindExpr(p, ctx);
    if (bound.kind !== 'literal') throw new FerrisError('SQL_BIND', `the parameters of ${name} must be constants`, { location: p.loc });
    return descending ? complement(bound.value) : bound.value;
  });
  try {
    return { name, bound: fn.bind(args.map((a) => a.type), parameters, { distinct: call.distinct, star: call.star }), args, text };
  } catch (error) {
    if (error instanceof FerrisError && error.location === undefined) throw new FerrisError(error.code, error.message, { location: call.loc, cause: error });
    throw error;
  }
}

/** 1 − p: an interpolated percentile over a descending order is the complementary one over the ascending order. */
function complement(p: Value): Value {
  if (isDecimal(p)) return Decimal.fromInteger(1).sub(p);
  return typeof p === 'number' ? 1 - p : p;
}
