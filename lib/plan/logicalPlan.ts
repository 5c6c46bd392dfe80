import type { SqlType } from '../types/sqlType.js';
import type { BoundExpr } from './boundExpr.js';

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

/** A logical plan: a tree of relational operators over bound expressions. */
export type LogicalPlan = ScanNode | FilterNode | ProjectNode | LimitNode | UnionAllNode;

/** The direct inputs of a plan node. */
export function inputsOf(plan: LogicalPlan): readonly LogicalPlan[] {
  switch (plan.op) {
    case 'scan':
      return [];
    case 'union_all':
      return plan.inputs;
    default:
      return [plan.input];
  }
}

/** The same node with its inputs replaced (same arity). */
export function withInputs(plan: LogicalPlan, inputs: readonly LogicalPlan[]): LogicalPlan {
  switch (plan.op) {
    case 'scan':
      return plan;
    case 'union_all':
      return { ...plan, inputs };
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
