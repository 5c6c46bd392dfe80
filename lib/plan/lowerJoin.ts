import type { JoinKind } from '../sql/ast.js';
import type { Row, Value } from '../types/value.js';
import type { BoundExpr } from './boundExpr.js';
import { compileExpr, compilePredicate } from './compileExpr.js';
import { compileJoinKey, type JoinKeyOf } from './compileJoinKey.js';
import type { IntervalJoin, JoinNode, JoinWindow, LookupJoin } from './joinNode.js';
import type { LogicalPlan, ProjectNode } from './logicalPlan.js';
import type { LoweredNode, PhysicalNode } from './physicalPlan.js';

/** The compiled configuration of a stream-table hash join. */
export interface HashJoinPhysical {
  readonly kind: 'INNER' | 'LEFT';
  readonly streamKey: JoinKeyOf;
  readonly tableKey: JoinKeyOf;
  /** The table's primary key; undefined for a file table (every row kept). */
  readonly primaryKey: ((row: Row) => string | number) | undefined;
  readonly streamTime: ((row: Row) => Value) | undefined;
  readonly tableTime: ((row: Row) => Value) | undefined;
  readonly residual: ((row: Row) => boolean) | undefined;
  readonly tableWidth: number;
  readonly probe: { readonly atMostOne: string | undefined } | undefined;
}

/** The compiled configuration of a stream-stream interval join. */
export interface IntervalJoinPhysical {
  readonly kind: JoinKind;
  readonly leftKey: JoinKeyOf;
  readonly rightKey: JoinKeyOf;
  readonly leftTime: (row: Row) => Value;
  readonly rightTime: (row: Row) => Value;
  readonly lower: number;
  readonly upper: number;
  /** The window of a windowed join. */
  readonly window: JoinWindow | undefined;
  /** A bound read from one side's rows (0: left, 1: right). */
  readonly until?: { readonly side: 0 | 1; readonly of: (row: Row) => Value };
  readonly residual: ((row: Row) => boolean) | undefined;
  readonly leftWidth: number;
  readonly rightWidth: number;
  /** The columns of the joined row it emits, when a projection is fused into it. */
  readonly select?: readonly number[];
}

/** A projection of plain columns over an interval join, which the join can build its pairs with. */
export interface FusedJoinProjection {
  readonly join: JoinNode;
  readonly project: ProjectNode;
}

/**
 * Whether `plan` is a projection of plain columns (`SELECT t.a, q.b`) over an interval join:
 * then the join emits just those columns, instead of the joined row of every column of both
 * sides (system columns too) copied again by the projection.
 */
export function fusedJoinProjection(plan: LogicalPlan): FusedJoinProjection | undefined {
  if (plan.op !== 'project' || plan.input.op !== 'join' || plan.input.strategy.kind !== 'interval') return undefined;
  if (!plan.exprs.every((e) => e.kind === 'column')) return undefined;
  return { join: plan.input, project: plan };
}

/**
 * Lowers a join node: a hash join against a table, or an interval join of two streams; an
 * interval join under a {@link fusedJoinProjection} emits the projection's columns.
 */
export function lowerJoin(plan: JoinNode, inputs: readonly PhysicalNode[], project?: ProjectNode): LoweredNode {
  const residual = plan.residual && compilePredicate(plan.residual);
  const keys = `key [${texts(plan.leftKeys)}] = [${texts(plan.rightKeys)}]${plan.residual ? `, and ${plan.residual.text}` : ''}`;
  if (plan.strategy.kind === 'lookup') {
    const strategy = plan.strategy;
    return {
      operator: 'hashJoinWith',
      config: {
        kind: plan.kind === 'LEFT' ? 'LEFT' : 'INNER',
        streamKey: compileJoinKey(plan.leftKeys),
        tableKey: compileJoinKey(plan.rightKeys),
        primaryKey: strategy.tableKey.length === 0 ? undefined : primaryKeyOf(strategy.tableKey),
        streamTime: strategy.streamTime && compileExpr(strategy.streamTime),
        tableTime: strategy.tableTime && compileExpr(strategy.tableTime),
        residual,
        tableWidth: plan.right.columns.length,
        probe: plan.probe && { atMostOne: plan.probe.atMostOne },
      },
      inputs,
      detail: `${plan.probe ? probeOf(plan.probe) : plan.kind}, ${keys}, ${lookupState(strategy)}`,
    };
  }
  const strategy = plan.strategy;
  return {
    operator: 'intervalJoinWith',
    config: {
      kind: plan.kind,
      leftKey: compileJoinKey(plan.leftKeys),
      rightKey: compileJoinKey(plan.rightKeys),
      leftTime: compileExpr(strategy.leftTime),
      rightTime: compileExpr(strategy.rightTime),
      lower: strategy.lower,
      upper: strategy.upper,
      window: strategy.window,
      ...(strategy.until === undefined ? {} : { until: { side: strategy.until.side === 'left' ? 0 : 1, of: compileExpr(strategy.until.bound) } as const }),
      residual,
      leftWidth: plan.left.columns.length,
      rightWidth: plan.right.columns.length,
      ...(project === undefined ? {} : { select: project.exprs.map((e) => (e as Extract<BoundExpr, { kind: 'column' }>).index) }),
    },
    inputs,
    detail: `${plan.kind}, ${keys}, ${intervalState(strategy)}${project === undefined ? '' : `; emits ${project.exprs.map((e, i) => `${e.text} AS ${project.columns[i]!.name}`).join(', ')}`}`,
  };
}

/** What EXPLAIN says of a subquery's lookup. */
function probeOf(probe: NonNullable<JoinNode['probe']>): string {
  return `subquery lookup for ${probe.subquery} (each stream row once, with whether it matched${probe.atMostOne ? '; a second match is a row error' : ''})`;
}

function texts(exprs: readonly BoundExpr[]): string {
  return exprs.map((e) => e.text).join(', ');
}

/** What EXPLAIN says of a lookup join's state and what bounds it. */
function lookupState(strategy: LookupJoin): string {
  const rows = strategy.tableKey.length === 0 ? `every row of '${strategy.tableName}'` : `the latest row of '${strategy.tableName}' per [${texts(strategy.tableKey)}]`;
  if (strategy.tableTime === undefined) {
    return `table loaded completely before the first lookup; state: ${rows} (bound: the table's size), stream rows read while it loads`;
  }
  return (
    `as of ${strategy.streamTime!.text} (table versions by ${strategy.tableTime.text}); ` +
    `state: ${rows} and its versions since the watermark (bound: the table's size), stream rows until the table's watermark passes them`
  );
}

function windowText(window: JoinWindow): string {
  return window.kind === 'TUMBLE' ? `TUMBLE(${window.size} ms)` : `HOP(size ${window.size} ms, slide ${window.slide} ms)`;
}

/** What EXPLAIN says of an interval join's bound and state. */
function intervalState(strategy: IntervalJoin): string {
  if (strategy.window !== undefined) {
    return (
      `${strategy.leftTime.text} and ${strategy.rightTime.text} in the same ${windowText(strategy.window)} window${strategy.window.kind === 'HOP' ? ' (a pair once per window)' : ''}; ` +
      `state: rows of both sides by key, each until the other side's watermark passes its ${strategy.window.kind === 'HOP' ? 'last ' : ''}window's end (bound: one window of event time plus the watermark delay)`
    );
  }
  const until = strategy.until;
  if (until !== undefined) {
    const [own, other] = until.side === 'left' ? ['left', 'right'] : ['right', 'left'];
    const [time, otherTime] = until.side === 'left' ? [strategy.leftTime, strategy.rightTime] : [strategy.rightTime, strategy.leftTime];
    const constant = until.side === 'left' ? strategy.lower : -strategy.upper;
    return (
      `${otherTime.text} - ${time.text} >= ${constant} ms and ${otherTime.text} <= ${until.bound.text} (BETWEEN, the high end read from each ${own} row); ` +
      `state: ${own} rows by key, each until the ${other} watermark passes its ${until.bound.text} (bound: the longest ${until.bound.text} - ${time.text} of the data), ` +
      `${other} rows by key until the ${own} watermark passes ${otherTime.text} - ${constant} ms; the output watermark waits for the oldest ${own} row kept`
    );
  }
  return (
    `${strategy.rightTime.text} - ${strategy.leftTime.text} in [${strategy.lower} ms, ${strategy.upper} ms] (${strategy.boundFrom}); ` +
    `state: rows of both sides by key, each until the other side's watermark passes its last possible match (bound: ${Math.max(Math.abs(strategy.lower), Math.abs(strategy.upper))} ms of event time plus the watermark delay)`
  );
}

function primaryKeyOf(keys: readonly BoundExpr[]): (row: Row) => string | number {
  const key = compileJoinKey(keys);
  return (row) => key(row) ?? '\u0000N';
}
