import type { BetweenExpr, Expr, IntervalLiteral, Join } from '../sql/ast.js';
import { FerrisError, notSupported, type SourceLocation } from '../types/errors.js';
import { formatType } from '../types/sqlType.js';
import { commonSuperType } from '../functions/operators.js';
import type { BoundColumn, BoundExpr } from './boundExpr.js';
import { bindExpr, type ExprContext } from './bindExpr.js';
import { coerceTo } from './coerce.js';
import { intervalMillis } from './literals.js';
import type { IntervalJoin, JoinNode, JoinWindow, LookupJoin } from './joinNode.js';
import { containsJoin, watermarked } from './joinWatermarks.js';
import type { LogicalPlan } from './logicalPlan.js';
import { rewriteBound } from './rewriteExpr.js';
import { andAll, columnsOf } from './boundColumns.js';
import { windowJoinOf } from './bindWindowJoin.js';
import type { Scope, ScopeRelation } from './scope.js';

/** The time bound of a join of two streams: right time − left time within [lower, upper]; times over the joined row. */
interface TimeBound {
  readonly lower: number;
  readonly upper: number;
  readonly leftTime: BoundExpr;
  readonly rightTime: BoundExpr;
  readonly from: 'BETWEEN' | 'TUMBLE' | 'HOP';
  /** The window of a windowed join. */
  readonly window?: JoinWindow;
  /** A bound read from one side's rows (over the joined row); `upper` (left) or `lower` (right) is then ±Infinity. */
  readonly until?: { readonly side: 'left' | 'right'; readonly bound: BoundExpr };
}

/** One side of a join as bound so far: its plan, the relations it shows, its event time. */
export interface JoinSide {
  readonly plan: LogicalPlan;
  readonly relations: readonly ScopeRelation[];
  /** The event time of its rows (over its row), when known. */
  readonly eventTime: BoundExpr | undefined;
  /** `_partition` of its rows and how many partitions it reads, for its watermark. */
  readonly partition: { readonly expr: BoundExpr; readonly expected: number | undefined } | undefined;
  /** Whether its event time was configured (`event.time.field`), not the processing time. */
  readonly eventTimeDeclared: boolean;
  /** The name its source is configured under (`'<name>.event.time.field'`), when it reads a named source. */
  readonly sourceName: string | undefined;
}

/** How to name the key that gives a side its event time. */
function eventTimeKey(side: JoinSide): string {
  return `'${side.sourceName ?? side.relations[0]!.name}.event.time.field'`;
}

/** The right side of a join: one relation, and what makes it a table when it is one. */
export interface JoinRight extends JoinSide {
  /** Set when the relation is a table: its key (empty for a file table) and its changelog plan. */
  readonly table: { readonly keys: readonly BoundExpr[]; readonly changelog: LogicalPlan } | undefined;
  /** The source it reads, when it is a source. */
  readonly sourceId: string | undefined;
}

/** What binding a join needs from the query. */
export interface JoinEnvironment {
  /** `state.ttl` in ms, when the job sets it. */
  readonly stateTtl: number | undefined;
  /** The ids of sources that do not end by themselves. */
  readonly unboundedSources: ReadonlySet<string>;
}

/**
 * Binds `left [kind] JOIN right ON ... [WITHIN d]` into a join node over a scope holding the
 * relations of both sides (the right's columns after the left's). A right side that is a table
 * (CREATE TABLE with a PRIMARY KEY, or a file URI) makes a lookup join; two streams make an
 * interval join, whose bound comes from a `BETWEEN` on their times in ON, from WITHIN, or from
 * `state.ttl`; without one the state would grow forever, which is a planning error.
 */
export function bindJoin(left: JoinSide, join: Join, right: JoinRight, env: JoinEnvironment): JoinSide {
  const width = left.plan.columns.length;
  const shifted: ScopeRelation = {
    name: right.relations[0]!.name,
    columns: right.relations[0]!.columns.map((c) => ({ ...c, index: c.index + width })),
  };
  const relations = [...left.relations, shifted];
  const scope: Scope = { relations, eventTime: left.eventTime };
  const ctx: ExprContext = { scope, aliases: new Map(), clause: 'ON' };
  const isTable = right.table !== undefined;
  const conjuncts = conjunctsOf(join.on);
  let bound: TimeBound | undefined;
  const leftKeys: BoundExpr[] = [];
  const rightKeys: BoundExpr[] = [];
  const residual: BoundExpr[] = [];
  for (const conjunct of conjuncts) {
    const window = isTable ? undefined : windowJoinOf(conjunct, ctx, width);
    const timeBound: TimeBound | undefined = window
      ? {
          lower: 1 - window.window.size,
          upper: window.window.size - 1,
          leftTime: window.leftTime,
          rightTime: window.rightTime,
          from: window.window.kind,
          window: window.window,
        }
      : isTable
        ? undefined
        : intervalOf(conjunct, ctx, width);
    if (timeBound) {
      if (bound) throw new FerrisError('SQL_BIND', 'a join takes one time bound (one BETWEEN on the two times, or one TUMBLE or HOP window); combine them into one', { location: conjunct.loc });
      bound = timeBound;
      continue;
    }
    const condition = bindExpr(conjunct, ctx);
    if (condition.type.kind !== 'BOOLEAN' && condition.type.kind !== 'NULL') {
      throw new FerrisError('SQL_TYPE', `ON needs a BOOLEAN condition, but '${condition.text}' is ${formatType(condition.type)}`, { location: conjunct.loc });
    }
    const key = equalityKey(condition, width, conjunct.loc);
    if (key) {
      leftKeys.push(key.left);
      rightKeys.push(key.right);
    } else {
      residual.push(condition);
    }
  }
  const on = andAll(residual);
  const columns = [...left.plan.columns, ...right.plan.columns];
  if (isTable) {
    if (join.within) throw new FerrisError('SQL_BIND', `WITHIN bounds a join of two streams, but '${shifted.name}' is a table`, { location: join.within.loc });
    if (join.kind === 'RIGHT' || join.kind === 'FULL') {
      throw notSupported(`${join.kind} JOIN of a stream with the table '${shifted.name}' (a table row has no time at which to be emitted unmatched); put the stream on the left and use INNER or LEFT`, join.loc);
    }
    const strategy = lookupOf(left, right, shifted.name, env, join.loc);
    const node: JoinNode = {
      op: 'join',
      kind: join.kind,
      left: containsJoin(left.plan) ? left.plan : watermarked(left.plan, left.eventTime, left.partition),
      right: watermarked(right.table!.changelog, strategy.tableTime, right.partition),
      leftKeys,
      rightKeys: rightKeys.map((k) => shift(k, -width)),
      residual: on,
      strategy,
      columns,
    };
    return { plan: node, relations, eventTime: left.eventTime, partition: left.partition, eventTimeDeclared: left.eventTimeDeclared, sourceName: left.sourceName };
  }
  const strategy = intervalStrategy(left, right, join, bound, env, width);
  const node: JoinNode = {
    op: 'join',
    kind: join.kind,
    left: containsJoin(left.plan) ? left.plan : watermarked(left.plan, strategy.leftTime, left.partition),
    right: watermarked(right.plan, strategy.rightTime, right.partition),
    leftKeys,
    rightKeys: rightKeys.map((k) => shift(k, -width)),
    residual: on,
    strategy,
    columns,
  };
  return { plan: node, relations, eventTime: left.eventTime, partition: left.partition, eventTimeDeclared: left.eventTimeDeclared, sourceName: left.sourceName };
}

/** How a stream row looks the table `name` up: after the whole table is loaded, or as of its event time for a versioned table (errors when neither can work). */
export function lookupOf(left: JoinSide, right: JoinRight, name: string, env: JoinEnvironment, at: SourceLocation): LookupJoin {
  const unbounded = right.sourceId !== undefined && env.unboundedSources.has(right.sourceId);
  if (!right.eventTimeDeclared) {
    if (unbounded) {
      throw new FerrisError(
        'SQL_BIND',
        `the table '${name}' does not end by itself and has no event time, so no stream row could ever be sure to see it complete; set ${eventTimeKey(right)} so each stream row sees the table as of its event time`,
        { location: at },
      );
    }
    return { kind: 'lookup', streamTime: undefined, tableTime: undefined, tableKey: right.table!.keys, tableName: name };
  }
  if (left.eventTime === undefined || !left.eventTimeDeclared) {
    throw new FerrisError(
      'SQL_BIND',
      `the table '${name}' is versioned by event time, but the stream '${left.relations[0]!.name}' has no event time to look it up at; set ${eventTimeKey(left)}`,
      { location: at },
    );
  }
  return { kind: 'lookup', streamTime: left.eventTime, tableTime: right.eventTime, tableKey: right.table!.keys, tableName: name };
}

function intervalStrategy(
  left: JoinSide,
  right: JoinRight,
  join: Join,
  bound: TimeBound | undefined,
  env: JoinEnvironment,
  width: number,
): IntervalJoin {
  if (join.within) {
    if (bound) throw new FerrisError('SQL_BIND', 'this join has both a BETWEEN time bound in ON and WITHIN; keep one', { location: join.within.loc });
    requireEventTimes(left, right, 'WITHIN', join.within.loc);
    const d = durationOf(join.within);
    return { kind: 'interval', leftTime: left.eventTime, rightTime: right.eventTime!, lower: -d, upper: d, boundFrom: 'WITHIN', window: undefined };
  }
  if (bound) {
    const until = bound.until && { side: bound.until.side, bound: bound.until.side === 'right' ? shift(bound.until.bound, -width) : bound.until.bound };
    return {
      kind: 'interval',
      leftTime: bound.leftTime,
      rightTime: shift(bound.rightTime, -width),
      lower: bound.lower,
      upper: bound.upper,
      boundFrom: bound.from,
      window: bound.window,
      ...(until === undefined ? {} : { until }),
    };
  }
  if (env.stateTtl !== undefined) {
    requireEventTimes(left, right, `'state.ttl' (without a BETWEEN or WITHIN bound)`, join.loc);
    return { kind: 'interval', leftTime: left.eventTime, rightTime: right.eventTime!, lower: -env.stateTtl, upper: env.stateTtl, boundFrom: 'state.ttl', window: undefined };
  }
  const l = left.relations[left.relations.length - 1]!.name;
  const r = right.relations[0]!.name;
  throw new FerrisError(
    'SQL_BIND',
    `a join of two streams without a time bound keeps every row of both forever; bound it in ON (${r}.ts BETWEEN ${l}.ts - INTERVAL '5' SECOND AND ${l}.ts + INTERVAL '5' SECOND), with WITHIN INTERVAL '5' SECOND, or set 'state.ttl'`,
    { location: join.loc },
  );
}

/** A bound on the sides' own event times needs both to be configured (not the processing time). */
function requireEventTimes(left: JoinSide, right: JoinRight, what: string, at: SourceLocation): asserts left is JoinSide & { eventTime: BoundExpr } {
  const missing = [left, right].find((side) => side.eventTime === undefined || !side.eventTimeDeclared);
  if (missing === undefined) return;
  throw new FerrisError(
    'SQL_BIND',
    `${what} bounds the join by the event times of both sides, but '${missing.relations[0]!.name}' has no event time; set ${eventTimeKey(missing)}, or write the bound in ON as b.ts BETWEEN a.ts - INTERVAL ... AND a.ts + INTERVAL ...`,
    { location: at },
  );
}

function durationOf(literal: IntervalLiteral): number {
  const ms = intervalMillis(literal);
  if (ms < 0) throw new FerrisError('SQL_BIND', 'a join bound must not be negative', { location: literal.loc });
  return ms;
}

/** The AND-ed parts of a condition. */
export function conjunctsOf(expr: Expr): Expr[] {
  return expr.type === 'binary' && expr.op === 'AND' ? [...conjunctsOf(expr.left), ...conjunctsOf(expr.right)] : [expr];
}

/** Which side an expression reads: only the left (`'left'`), only the right, both, or none. */
function sideOf(expr: BoundExpr, width: number): 'left' | 'right' | 'both' | 'none' {
  const columns = columnsOf(expr);
  if (columns.length === 0) return 'none';
  const left = columns.every((i) => i < width);
  const right = columns.every((i) => i >= width);
  return left ? 'left' : right ? 'right' : 'both';
}

/** `expr` with its column indices moved by `by`. */
export function shift(expr: BoundExpr, by: number): BoundExpr {
  return rewriteBound(expr, (e) => (e.kind === 'column' ? { ...e, index: e.index + by } : e));
}

/** `a = b` with one side over each input: the pair of keys, both of their common type. */
export function equalityKey(condition: BoundExpr, width: number, loc: SourceLocation): { left: BoundExpr; right: BoundExpr } | undefined {
  if (condition.kind !== 'binary' || condition.op !== '=') return undefined;
  const a = sideOf(condition.left, width);
  const b = sideOf(condition.right, width);
  const pair = a === 'left' && b === 'right' ? [condition.left, condition.right] : a === 'right' && b === 'left' ? [condition.right, condition.left] : undefined;
  if (!pair) return undefined;
  const type = commonSuperType(pair[0]!.type, pair[1]!.type);
  if (!type) return undefined;
  return { left: coerceTo(pair[0]!, type, loc), right: coerceTo(pair[1]!, type, loc) };
}

/**
 * A time bound in ON: `x.t BETWEEN y.t - INTERVAL a AND y.t + INTERVAL b` with x and y on
 * different sides, the bound of `right time - left time` as `[lower, upper]` in ms, and both
 * times; or `x.t BETWEEN y.t [± INTERVAL a] AND <expression of y>` (`b.date_time BETWEEN
 * a.date_time AND a.expires`), whose high end is read from each y row: a y row is kept until
 * x's watermark passes it, an x row until y's watermark passes `x.t - a` (no later y row can
 * match it). A low end read from the rows cannot be bounded that way (every later y row could
 * match an x row) and is refused.
 */
function intervalOf(expr: Expr, ctx: ExprContext, width: number): TimeBound | undefined {
  if (expr.type !== 'between' || expr.negated) return undefined;
  const operand = bindExpr(expr.expr, ctx);
  const operandSide = sideOf(operand, width);
  if (operandSide !== 'left' && operandSide !== 'right') return undefined;
  const other = operandSide === 'left' ? 'right' : 'left';
  const low = offsetOf(expr.low);
  const high = offsetOf(expr.high);
  const lowBase = low && bindExpr(low.base, ctx);
  const highBase = high && bindExpr(high.base, ctx);
  const isTimeOfOther = (e: BoundExpr | undefined): e is BoundColumn => e?.kind === 'column' && sideOf(e, width) === other;
  if (!isTimeOfOther(lowBase)) {
    if (isTimeOfOther(highBase) && sideOf(bindExpr(expr.low, ctx), width) === other) {
      throw notSupported(
        `a join time bound whose low end '${toText(expr.low, ctx)}' is read from each ${other} row: no ${operandSide} row could ever expire (any later ${other} row could match it); ` +
          `write the low end as the ${other} side's time plus or minus an INTERVAL (${operand.text} BETWEEN ${highBase.text} - INTERVAL '1' HOUR AND ...)`,
        expr.low.loc,
      );
    }
    return undefined;
  }
  if (isTimeOfOther(highBase) && highBase.index === lowBase.index) return constantInterval(expr, operand, operandSide, lowBase, low!.ms, high!.ms);
  const highEnd = bindExpr(expr.high, ctx);
  if (sideOf(highEnd, width) !== other) return undefined;
  for (const [e, at] of [[operand, expr.expr.loc], [lowBase, low!.base.loc], [highEnd, expr.high.loc]] as const) requireTimestamp(e, at);
  // operand - base ≥ low, and operand ≤ the high end read from the other side's row
  return operandSide === 'right'
    ? { lower: low!.ms, upper: Infinity, leftTime: lowBase, rightTime: operand, from: 'BETWEEN', until: { side: 'left', bound: highEnd } }
    : { lower: -Infinity, upper: 0 - low!.ms, leftTime: operand, rightTime: lowBase, from: 'BETWEEN', until: { side: 'right', bound: highEnd } };
}

function toText(expr: Expr, ctx: ExprContext): string {
  return bindExpr(expr, ctx).text;
}

function requireTimestamp(e: BoundExpr, at: SourceLocation): void {
  if (e.type.kind !== 'TIMESTAMP') throw new FerrisError('SQL_TYPE', `a join time bound compares TIMESTAMPs, but '${e.text}' is ${formatType(e.type)}`, { location: at });
}

/** `operand BETWEEN base + low AND base + high`: operand − base within [low, high]. */
function constantInterval(expr: BetweenExpr, operand: BoundExpr, operandSide: 'left' | 'right', base: BoundExpr, low: number, high: number): TimeBound {
  requireTimestamp(operand, expr.expr.loc);
  requireTimestamp(base, expr.low.loc);
  if (low > high) {
    throw new FerrisError('SQL_BIND', `the join time bound is empty: its low end (${low} ms) is after its high end (${high} ms)`, { location: expr.loc });
  }
  return operandSide === 'right'
    ? { lower: low, upper: high, leftTime: base, rightTime: operand, from: 'BETWEEN' }
    : { lower: 0 - high, upper: 0 - low, leftTime: operand, rightTime: base, from: 'BETWEEN' };
}

/** `base`, `base + INTERVAL ...` or `base - INTERVAL ...`: the base and the offset in ms. */
function offsetOf(expr: Expr): { base: Expr; ms: number } | undefined {
  if (expr.type === 'binary' && (expr.op === '+' || expr.op === '-') && expr.right.type === 'interval') {
    const ms = intervalMillis(expr.right);
    return { base: expr.left, ms: expr.op === '+' ? ms : -ms };
  }
  if (expr.type === 'column') return { base: expr, ms: 0 };
  return undefined;
}
