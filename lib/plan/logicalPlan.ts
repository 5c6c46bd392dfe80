import type { BoundAggregate } from '../aggregates/types.js';
import type { SqlType } from '../types/sqlType.js';
import type { BoundExpr } from './boundExpr.js';
import type { PartitionExpiry, WindowCall } from './analytic/windowCall.js';
import type { JoinNode } from './joinNode.js';

export type { JoinNode } from './joinNode.js';

/** An output column of a plan node. `system` columns are left out of `*`. */
export interface PlanColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly system: boolean;
}

/** Reads the source bound to `sourceId` in the job (declared columns then system columns). */
export interface ScanNode {
  readonly op: 'scan';
  readonly sourceId: string;
  readonly columns: readonly PlanColumn[];
}

/** One row with no columns, then the end: what a SELECT without FROM reads (as in PostgreSQL and DuckDB). */
export interface OneRowNode {
  readonly op: 'one_row';
  readonly columns: readonly PlanColumn[];
}

/** Keeps the rows for which `predicate` is TRUE. */
export interface FilterNode {
  readonly op: 'filter';
  readonly input: LogicalPlan;
  readonly predicate: BoundExpr;
  readonly columns: readonly PlanColumn[];
}

/** Computes the select list; `keyColumns` are the output columns marked PRIMARY KEY. */
export interface ProjectNode {
  readonly op: 'project';
  readonly input: LogicalPlan;
  readonly exprs: readonly BoundExpr[];
  readonly columns: readonly PlanColumn[];
  readonly keyColumns: readonly number[];
}

/** Passes the first `count` rows, then ends the stream. */
export interface LimitNode {
  readonly op: 'limit';
  readonly input: LogicalPlan;
  readonly count: number;
  readonly columns: readonly PlanColumn[];
}

/** UNION ALL of inputs with the same columns. */
export interface UnionAllNode {
  readonly op: 'union_all';
  readonly inputs: readonly LogicalPlan[];
  readonly columns: readonly PlanColumn[];
}

/** The time window of an aggregation (sizes in ms). */
export type WindowKind =
  | { readonly kind: 'tumble'; readonly size: number }
  | { readonly kind: 'hop'; readonly size: number; readonly slide: number }
  | { readonly kind: 'session'; readonly gap: number };

/** One aggregate call of a query, bound to its kernel, with its arguments over the input. */
export interface AggregateCall {
  readonly name: string;
  readonly bound: BoundAggregate;
  readonly args: readonly BoundExpr[];
  readonly text: string;
}

/**
 * GROUP BY (with or without a time window). Output columns: the keys, the aggregates, then
 * `window_start`, `window_end` when windowed. `emit`: `changes` re-emits changed groups,
 * `final` emits when a window closes (or at the end of input without a window), `new_keys`
 * emits each key once, when first seen (SELECT DISTINCT).
 */
export interface AggregateNode {
  readonly op: 'aggregate';
  readonly input: LogicalPlan;
  readonly keys: readonly BoundExpr[];
  readonly aggregates: readonly AggregateCall[];
  readonly window: WindowKind | undefined;
  /** The event time (over the input) windows are assigned by. */
  readonly eventTime: BoundExpr | undefined;
  readonly emit: 'changes' | 'final' | 'new_keys';
  readonly columns: readonly PlanColumn[];
}

/** Assigns watermarks from the event time, per partition, right above a source. */
export interface WatermarkNode {
  readonly op: 'watermark';
  readonly input: LogicalPlan;
  readonly eventTime: BoundExpr;
  /** The partition of a row (`_partition`), when the input has one. */
  readonly partition: BoundExpr | undefined;
  /** How many partitions the source reads, when known up front. */
  readonly expectedPartitions: number | undefined;
  readonly columns: readonly PlanColumn[];
}

/** One ORDER BY key. */
export interface SortKey {
  readonly expr: BoundExpr;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

/**
 * ORDER BY. `batch`: sorts the rows of each emitted batch (a window's rows, or a final
 * result of an aggregation). `input`: sorts the whole (bounded) input, emitted at its end;
 * with `limit`, only the first `limit` rows are kept (a top-N). `watermark`: over unbounded
 * input, the leading key is the event time and rows are released in order as the watermark
 * passes them.
 */
export interface SortNode {
  readonly op: 'sort';
  readonly input: LogicalPlan;
  readonly keys: readonly SortKey[];
  readonly scope: 'batch' | 'input' | 'watermark';
  readonly limit: number | undefined;
  readonly columns: readonly PlanColumn[];
}

/** Reads a changelog as a table: the latest row per key (a source declared with CREATE TABLE). */
export interface UpsertNode {
  readonly op: 'upsert';
  readonly input: LogicalPlan;
  readonly keys: readonly BoundExpr[];
  readonly columns: readonly PlanColumn[];
}

/**
 * Window functions of one OVER (PARTITION BY ... ORDER BY ...): its output rows are its input
 * rows followed by one column per call. `watermark`: rows are released once the watermark
 * passes them (the first ORDER BY key is the event time); `end`: at the end of the input.
 */
export interface OverNode {
  readonly op: 'over';
  readonly input: LogicalPlan;
  readonly partitionBy: readonly BoundExpr[];
  readonly orderBy: readonly SortKey[];
  readonly calls: readonly WindowCall[];
  readonly release: 'watermark' | 'end';
  readonly expiry: PartitionExpiry;
  /**
   * Set by the optimizer's top-N rewrite (a filter `rank <= n` over ranking calls only): the
   * node emits only the rows whose call `call` (ROW_NUMBER, RANK or DENSE_RANK) is at most
   * `limit`, and keeps only the rows that can still be among them.
   */
  readonly topN?: TopNLimit;
  readonly columns: readonly PlanColumn[];
}

/** The limit of a top-N OVER node: the index of the ranking call in `calls`, and its largest value kept. */
export interface TopNLimit {
  readonly call: number;
  readonly limit: number;
}

/** A logical plan: a tree of relational operators over bound expressions. */
export type LogicalPlan =
  | ScanNode
  | OneRowNode
  | FilterNode
  | ProjectNode
  | LimitNode
  | UnionAllNode
  | AggregateNode
  | WatermarkNode
  | SortNode
  | UpsertNode
  | OverNode
  | JoinNode;

/** The direct inputs of a plan node. */
export function inputsOf(plan: LogicalPlan): readonly LogicalPlan[] {
  switch (plan.op) {
    case 'scan':
    case 'one_row':
      return [];
    case 'union_all':
      return plan.inputs;
    case 'join':
      return [plan.left, plan.right];
    default:
      return [plan.input];
  }
}

/** The same node with its inputs replaced (same arity). */
export function withInputs(plan: LogicalPlan, inputs: readonly LogicalPlan[]): LogicalPlan {
  switch (plan.op) {
    case 'scan':
    case 'one_row':
      return plan;
    case 'union_all':
      return { ...plan, inputs };
    case 'join':
      return { ...plan, left: inputs[0]!, right: inputs[1]! };
    default:
      return { ...plan, input: inputs[0]! };
  }
}

/** The source ids a plan reads. */
export function sourcesOf(plan: LogicalPlan, into: Set<string> = new Set()): Set<string> {
  if (plan.op === 'scan') into.add(plan.sourceId);
  for (const input of inputsOf(plan)) sourcesOf(input, into);
  return into;
}
