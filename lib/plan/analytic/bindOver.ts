import type { CallExpr, Expr, SelectQuery, WindowSpec } from '../../sql/ast.js';
import { forEachChild } from '../exprChildren.js';
import { toSql } from '../../sql/toSql.js';
import { FerrisError, notSupported } from '../../types/errors.js';
import type { BoundExpr } from '../boundExpr.js';
import { bindExpr, type ExprContext } from '../bindExpr.js';
import { intervalMillis } from '../literals.js';
import type { LogicalPlan, OverNode, PlanColumn, SortKey } from '../logicalPlan.js';
import type { Scope } from '../scope.js';
import { bindWindowCall } from './bindWindowCall.js';
import type { PartitionExpiry, WindowCall } from './windowCall.js';

/** What binding the window functions of a SELECT gives: the OVER nodes over the input, and how select items see their results. */
export interface BoundWindows {
  /** The input with one OVER node per distinct window (PARTITION BY and ORDER BY), chained; watermarks assigned below them when they need it. */
  readonly plan: LogicalPlan;
  /** Replaces a window call of the select list by its result column. */
  readonly substitute: (expr: Expr) => BoundExpr | undefined;
}

/** Where the rows of the input come from, for the watermark an OVER ordered by event time needs. */
export interface WindowInput {
  readonly plan: LogicalPlan;
  readonly scope: Scope;
  /** The `_partition` column and how many partitions the source reads, when it has them (watermarks per partition). */
  readonly partitioning: { readonly expr: BoundExpr; readonly expected: number | undefined } | undefined;
  /** Whether the input ends by itself (a bounded file): rows held to the end of input are emitted then. */
  readonly bounded: boolean;
}

interface WindowGroup {
  readonly spec: WindowSpec;
  readonly calls: CallExpr[];
}

/**
 * Binds the window functions (`f(...) OVER (...)`) of a SELECT list without aggregation, or
 * gives undefined when it has none. Calls over the same window (same PARTITION BY, ORDER BY and
 * row buffer) share one OVER node; each node appends its results to the row, so select items
 * read them as columns. A window ordered first by an event time (a TIMESTAMP, or the epoch-ms
 * `event.time.field`), ascending, releases rows by the watermark on that time, assigned once
 * below the first node; any other (or one needing whole partitions) holds rows to the end of
 * input, which an unbounded input never reaches: that is a planning error.
 */
export function bindWindows(select: SelectQuery, input: WindowInput): BoundWindows | undefined {
  const groups = groupCalls(select);
  if (groups.length === 0) return undefined;
  const ctx: ExprContext = { scope: input.scope, aliases: new Map(), clause: 'OVER' };
  const columnOf = new Map<CallExpr, BoundExpr>();
  let plan = input.plan;
  let width = plan.columns.length;
  let eventTime: BoundExpr | undefined;
  const nodes: Omit<OverNode, 'input'>[] = [];
  for (const group of groups) {
    const spec = group.spec;
    const partitionBy = spec.partitionBy.map((e) => bindExpr(e, { ...ctx, clause: 'PARTITION BY' }));
    const orderBy: SortKey[] = spec.orderBy.map((item) => ({
      expr: bindExpr(item.expr, { ...ctx, clause: 'ORDER BY' }),
      descending: item.direction === 'DESC',
      nullsFirst: item.nulls === null ? item.direction === 'DESC' : item.nulls === 'FIRST',
    }));
    const bufferRows = spec.bufferRows === null ? undefined : bufferSize(spec);
    if (spec.bufferEmit === 'ON_BUFFER_FULL') throw notSupported('EMIT ON BUFFER FULL (rows are emitted every record)', spec.loc);
    const calls: WindowCall[] = [];
    const byText = new Map<string, BoundExpr>();
    for (const call of group.calls) {
      const text = toSql(call);
      let column = byText.get(text);
      if (column === undefined) {
        const bound = bindWindowCall(call, ctx, { orderBy, bufferRows });
        calls.push(bound);
        column = { kind: 'column', index: width + calls.length - 1, type: bound.type, text };
        byText.set(text, column);
      }
      columnOf.set(call, column);
    }
    const timeKey = orderBy[0] !== undefined && !orderBy[0].descending && isEventTime(orderBy[0].expr, input.scope) ? orderBy[0].expr : undefined;
    const whole = wholePartitionReason(calls, orderBy);
    const release = whole === undefined && timeKey !== undefined ? 'watermark' : 'end';
    if (release === 'end' && !input.bounded) throw unboundedError(spec, whole ?? `its ORDER BY is not an event time (a TIMESTAMP or the epoch-ms 'event.time.field', ascending)`);
    if (release === 'watermark') {
      if (eventTime !== undefined && eventTime.text !== timeKey!.text) {
        throw notSupported(`windows ordered by two event times ('${eventTime.text}' and '${timeKey!.text}') in one SELECT; order every OVER by the same time`, spec.loc);
      }
      eventTime = timeKey;
    }
    const expiry = expiryOf(spec);
    if (release === 'end' && expiry.kind === 'after') throw notSupported('EXPIRE AFTER on a window that is not ordered by event time (its partitions end with the input)', spec.expire!.loc);
    const columns: PlanColumn[] = [...(nodes.at(-1)?.columns ?? plan.columns), ...calls.map((c, i) => ({ name: `_over_${width + i}`, type: c.type, system: true }))];
    nodes.push({ op: 'over', partitionBy, orderBy, calls, release, expiry, columns });
    width += calls.length;
  }
  if (eventTime !== undefined) {
    plan = { op: 'watermark', input: plan, eventTime, partition: input.partitioning?.expr, expectedPartitions: input.partitioning?.expected, columns: plan.columns };
  }
  for (const node of nodes) plan = { ...node, input: plan };
  return { plan, substitute: (expr) => (expr.type === 'call' ? columnOf.get(expr) : undefined) };
}

/**
 * Whether an ORDER BY key is an event time in ms: a TIMESTAMP, or the INTEGER column the
 * source's `event.time.field` names with epoch milliseconds (the event time is that column).
 */
function isEventTime(key: BoundExpr, scope: Scope): boolean {
  if (key.type.kind === 'TIMESTAMP') return true;
  const eventTime = scope.eventTime;
  return key.kind === 'column' && key.type.kind === 'INTEGER' && eventTime?.kind === 'cast' && eventTime.operand.kind === 'column' && eventTime.operand.index === key.index;
}

/** The window calls of the select list, grouped by window (first appearance first). */
function groupCalls(select: SelectQuery): WindowGroup[] {
  const groups = new Map<string, WindowGroup>();
  const visit = (expr: Expr): void => {
    if (expr.type === 'call' && expr.over) {
      for (const arg of expr.args) forEachWindowCall(arg, (nested) => {
        throw new FerrisError('SQL_BIND', `window functions cannot be nested (${toSql(nested)} inside ${expr.name.text.toUpperCase()})`, { location: nested.loc });
      });
      const spec = expr.over;
      const key = JSON.stringify([spec.partitionBy.map((e) => toSql(e)), spec.orderBy.map((o) => [toSql(o.expr), o.direction, o.nulls]), spec.bufferRows?.text ?? null, spec.bufferEmit, spec.expire ? (spec.expire.inactivity ? toSql(spec.expire.inactivity) : 'never') : null]);
      let group = groups.get(key);
      if (group === undefined) groups.set(key, (group = { spec, calls: [] }));
      group.calls.push(expr);
      return;
    }
    forEachChild(expr, visit);
  };
  for (const item of select.items) if (item.type === 'expr_item') visit(item.expr);
  return [...groups.values()];
}

function forEachWindowCall(expr: Expr, found: (call: CallExpr) => void): void {
  if (expr.type === 'call' && expr.over) found(expr);
  else forEachChild(expr, (child) => forEachWindowCall(child, found));
}

/** Why a window needs its whole partition before it can emit a row, or undefined. */
function wholePartitionReason(calls: readonly WindowCall[], orderBy: readonly SortKey[]): string | undefined {
  if (orderBy.length === 0) return 'it has no ORDER BY';
  for (const call of calls) {
    if (call.kind === 'ntile' || call.kind === 'percent_rank' || call.kind === 'cume_dist') return `${call.text.split('(')[0]} needs the size of the whole partition`;
    if ('frame' in call && call.frame.end.kind === 'unbounded') return `the frame of ${call.text.split(' OVER')[0]} reaches to the end of the partition`;
  }
  return undefined;
}

function unboundedError(spec: WindowSpec, why: string): FerrisError {
  return notSupported(
    `OVER (...) over an unbounded source when ${why}: its rows would wait for an end of input that never comes. ` +
      'Order the window by the event time (ORDER BY <TIMESTAMP column>, ascending) with frames that end at a bounded distance, or read bounded input',
    spec.loc,
  );
}

function bufferSize(spec: WindowSpec): number {
  const n = Number(spec.bufferRows!.text);
  if (!Number.isSafeInteger(n) || n < 1) throw new FerrisError('SQL_BIND', `ROWS WINDOW BUFFER needs a whole number of rows ≥ 1, got ${spec.bufferRows!.text}`, { location: spec.bufferRows!.loc });
  return n;
}

function expiryOf(spec: WindowSpec): PartitionExpiry {
  if (spec.expire === null) return { kind: 'state_ttl' };
  if (spec.expire.inactivity === null) return { kind: 'never' };
  const ms = intervalMillis(spec.expire.inactivity);
  if (!(ms > 0)) throw new FerrisError('SQL_BIND', 'EXPIRE AFTER needs a duration longer than 0', { location: spec.expire.loc });
  return { kind: 'after', ms };
}
