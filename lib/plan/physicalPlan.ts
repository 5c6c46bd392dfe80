import type { Grouping } from '../../operators/aggregation/grouping.js';
import { compareValues } from '../types/compare.js';
import type { Row, Value } from '../types/value.js';
import { compileExpr, compilePredicate, compileProjection } from './compileExpr.js';
import { compileGrouping } from './compileGrouping.js';
import type { AggregateNode, LogicalPlan, PlanColumn, SortKey } from './logicalPlan.js';
import type { JobTimeConfig } from './timeConfig.js';
import { watermarkBoundOf } from './watermarkBound.js';

/** How a windowed operator emits and how long it waits for late rows (its late handler comes from the runtime). */
export interface WindowTiming {
  readonly emit: 'final' | 'update' | 'changes';
  readonly allowedLateness: number;
}

/** The configuration each physical operator takes, by operator name. */
export interface PhysicalConfigs {
  source: { readonly sourceId: string };
  oneRow: Record<string, never>;
  filterRows: { readonly predicate: (row: Row) => boolean };
  projectRows: { readonly project: (row: Row) => Row };
  limitRows: { readonly count: number };
  unionAll: Record<string, never>;
  assignWatermarks: {
    readonly eventTime: (row: Row) => Value;
    readonly partitionOf: (row: Row) => Value;
    readonly maxOutOfOrderness: number;
    readonly idleTimeout: number | undefined;
    readonly expectedPartitions: number | undefined;
  };
  tumbleWindow: { readonly size: number; readonly eventTime: (row: Row) => Value; readonly grouping: Grouping; readonly timing: WindowTiming };
  hopWindow: {
    readonly size: number;
    readonly slide: number;
    readonly eventTime: (row: Row) => Value;
    readonly grouping: Grouping;
    readonly timing: WindowTiming;
  };
  sessionWindow: { readonly gap: number; readonly eventTime: (row: Row) => Value; readonly grouping: Grouping; readonly timing: WindowTiming };
  keyedAggregate: {
    readonly grouping: Grouping;
    readonly emit: 'changes' | 'final' | 'new_keys';
    readonly stateTtl: number | undefined;
    /** No GROUP BY: an empty input still gives one row. */
    readonly global: boolean;
  };
  sortRows: { readonly compare: (a: Row, b: Row) => number };
  latestByKey: { readonly keyOf: Grouping['keyOf'] };
}

/** The names of the physical operators (keys of the runtime's operator registry). */
export type OperatorName = keyof PhysicalConfigs;

/** A node of the physical DAG: an operator name, its compiled config, its inputs, its output columns. */
export type PhysicalNode = PhysicalOperatorNode & {
  /** The node's output columns (what the runtime names failed rows by). */
  readonly columns: readonly PlanColumn[];
};

type PhysicalOperatorNode = {
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
export function toPhysical(plan: LogicalPlan, time: JobTimeConfig): PhysicalNode {
  return { ...lowerNode(plan, time), columns: plan.columns };
}

function lowerNode(plan: LogicalPlan, time: JobTimeConfig): PhysicalOperatorNode {
  const input = (p: LogicalPlan): PhysicalNode => toPhysical(p, time);
  switch (plan.op) {
    case 'scan':
      return { operator: 'source', config: { sourceId: plan.sourceId }, inputs: [], detail: plan.sourceId };
    case 'one_row':
      return { operator: 'oneRow', config: {}, inputs: [], detail: 'no FROM' };
    case 'filter':
      return {
        operator: 'filterRows',
        config: { predicate: compilePredicate(plan.predicate) },
        inputs: [input(plan.input)],
        detail: plan.predicate.text,
      };
    case 'project':
      return {
        operator: 'projectRows',
        config: { project: compileProjection(plan.exprs) },
        inputs: [input(plan.input)],
        detail: plan.exprs.map((e, i) => `${e.text} AS ${plan.columns[i]!.name}`).join(', '),
      };
    case 'limit':
      return { operator: 'limitRows', config: { count: plan.count }, inputs: [input(plan.input)], detail: String(plan.count) };
    case 'union_all':
      return { operator: 'unionAll', config: {}, inputs: plan.inputs.map(input), detail: `${plan.inputs.length} inputs` };
    case 'watermark': {
      const partition = plan.partition ? compileExpr(plan.partition) : () => 0;
      const { maxOutOfOrderness, idleTimeout } = watermarkBoundOf(plan.input, time);
      return {
        operator: 'assignWatermarks',
        config: {
          eventTime: compileExpr(plan.eventTime),
          partitionOf: partition,
          maxOutOfOrderness,
          idleTimeout,
          expectedPartitions: plan.expectedPartitions,
        },
        inputs: [input(plan.input)],
        detail: `${plan.eventTime.text}, bound ${maxOutOfOrderness} ms${idleTimeout === undefined ? '' : `, idle ${idleTimeout} ms`}`,
      };
    }
    case 'aggregate':
      return aggregateOperator(plan, input(plan.input), time);
    case 'upsert':
      return {
        operator: 'latestByKey',
        config: { keyOf: compileGrouping(plan.keys, []).keyOf },
        inputs: [input(plan.input)],
        detail: `key [${plan.keys.map((k) => k.text).join(', ')}]`,
      };
    case 'sort':
      return { operator: 'sortRows', config: { compare: compileSort(plan.keys) }, inputs: [input(plan.input)], detail: describeSort(plan.keys) };
  }
}

function aggregateOperator(plan: AggregateNode, input: PhysicalNode, time: JobTimeConfig): PhysicalOperatorNode {
  const grouping = compileGrouping(plan.keys, plan.aggregates);
  const what = [
    plan.keys.length > 0 ? `keys [${plan.keys.map((k) => k.text).join(', ')}]` : 'global',
    plan.aggregates.length > 0 ? `aggregates [${plan.aggregates.map((a) => a.text).join(', ')}]` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const window = plan.window;
  if (window === undefined) {
    const emit = plan.emit;
    return {
      operator: 'keyedAggregate',
      config: { grouping, emit, stateTtl: time.stateTtl, global: plan.keys.length === 0 },
      inputs: [input],
      detail: `${what}, emit ${emit}${time.stateTtl === undefined ? '' : `, ttl ${time.stateTtl} ms`}`,
    };
  }
  const eventTime = compileExpr(plan.eventTime!);
  const timing: WindowTiming = {
    emit: plan.emit === 'changes' ? 'changes' : time.lateStrategy === 'update_previous_window' ? 'update' : 'final',
    allowedLateness: time.allowedLateness,
  };
  const timingText = `emit ${timing.emit}, lateness ${timing.allowedLateness} ms (${time.lateStrategy})`;
  switch (window.kind) {
    case 'tumble':
      return { operator: 'tumbleWindow', config: { size: window.size, eventTime, grouping, timing }, inputs: [input], detail: `size ${window.size} ms, ${what}, ${timingText}` };
    case 'hop':
      return {
        operator: 'hopWindow',
        config: { size: window.size, slide: window.slide, eventTime, grouping, timing },
        inputs: [input],
        detail: `size ${window.size} ms, slide ${window.slide} ms, ${what}, ${timingText}`,
      };
    case 'session':
      return { operator: 'sessionWindow', config: { gap: window.gap, eventTime, grouping, timing }, inputs: [input], detail: `gap ${window.gap} ms, ${what}, ${timingText}` };
  }
}

function compileSort(keys: readonly SortKey[]): (a: Row, b: Row) => number {
  const compiled = keys.map((k) => ({ value: compileExpr(k.expr), direction: k.descending ? -1 : 1, nullsFirst: k.nullsFirst }));
  return (a, b) => {
    for (const key of compiled) {
      const x = key.value(a);
      const y = key.value(b);
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === key.nullsFirst ? -1 : 1;
      }
      const order = compareValues(x, y) * key.direction;
      if (order !== 0) return order;
    }
    return 0;
  };
}

function describeSort(keys: readonly SortKey[]): string {
  return keys.map((k) => `${k.expr.text} ${k.descending ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ');
}
