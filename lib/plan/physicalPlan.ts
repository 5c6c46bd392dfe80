import type { Row } from '../types/value.js';
import { compilePredicate, compileProjection } from './compileExpr.js';
import type { LogicalPlan } from './logicalPlan.js';

/** The configuration each physical operator takes, by operator name. */
export interface PhysicalConfigs {
  source: { readonly sourceId: string };
  filterRows: { readonly predicate: (row: Row) => boolean };
  projectRows: { readonly project: (row: Row) => Row };
  limitRows: { readonly count: number };
  unionAll: Record<string, never>;
}

/** The names of the physical operators (keys of the runtime's operator registry). */
export type OperatorName = keyof PhysicalConfigs;

/** A node of the physical DAG: an operator name, its compiled config, its inputs. */
export type PhysicalNode = {
  [K in OperatorName]: {
    readonly operator: K;
    readonly config: PhysicalConfigs[K];
    readonly inputs: readonly PhysicalNode[];
    /** What EXPLAIN prints for the node. */
    readonly detail: string;
  };
}[OperatorName];

/**
 * Lowers an optimized logical plan to physical operators: column names are already indices,
 * and here every expression is compiled into a closure.
 */
export function toPhysical(plan: LogicalPlan): PhysicalNode {
  switch (plan.op) {
    case 'scan':
      return { operator: 'source', config: { sourceId: plan.sourceId }, inputs: [], detail: plan.sourceId };
    case 'filter':
      return {
        operator: 'filterRows',
        config: { predicate: compilePredicate(plan.predicate) },
        inputs: [toPhysical(plan.input)],
        detail: plan.predicate.text,
      };
    case 'project':
      return {
        operator: 'projectRows',
        config: { project: compileProjection(plan.exprs) },
        inputs: [toPhysical(plan.input)],
        detail: plan.exprs.map((e, i) => `${e.text} AS ${plan.columns[i]!.name}`).join(', '),
      };
    case 'limit':
      return { operator: 'limitRows', config: { count: plan.count }, inputs: [toPhysical(plan.input)], detail: String(plan.count) };
    case 'union_all':
      return { operator: 'unionAll', config: {}, inputs: plan.inputs.map(toPhysical), detail: `${plan.inputs.length} inputs` };
  }
}
