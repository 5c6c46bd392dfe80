import type { Grouping } from '../../operators/aggregation/grouping.js';
import type { Row, Value } from '../types/value.js';
import type { RowProjection, RowTest } from '../../operators/batchLoop.js';
import { compileExpr } from './compileExpr.js';
import { filterTests, projectionOutputs } from './rowKernels.js';
import { compileGrouping } from './compileGrouping.js';
import { compileSort, describeSort } from './compileSort.js';
import { lowerOver } from './analytic/lowerOver.js';
import type { WindowFunction } from '../../operators/analytic/windowFunctions.js';
import type { RankingKind } from '../../operators/analytic/topRows.js';
import type { PartitionOrder } from '../../operators/analytic/windowPartition.js';
import { inputsOf, type AggregateNode, type LogicalPlan, type PlanColumn } from './logicalPlan.js';
import type { JobTimeConfig } from './timeConfig.js';
import { watermarkBoundOf } from './watermarkBound.js';
import { fusedJoinProjection, lowerJoin, type HashJoinPhysical, type IntervalJoinPhysical } from './lowerJoin.js';

/** How a windowed operator emits and how long it waits for late rows (its late handler comes from the runtime). */
export interface WindowTiming {
  readonly emit: 'final' | 'update' | 'changes';
  readonly allowedLateness: number;
}

/** The configuration each physical operator takes, by operator name. */
export interface PhysicalConfigs {
  source: { readonly sourceId: string };
  oneRow: Record<string, never>;
  filterRows: { readonly conjuncts: readonly RowTest[] };
  projectRows: { readonly projection: RowProjection };
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
  sortAtEnd: { readonly compare: (a: Row, b: Row) => number; readonly limit: number | undefined };
  orderPerWatermark: { readonly eventTime: (row: Row) => Value; readonly compare: (a: Row, b: Row) => number; readonly allowedLateness: number };
  latestByKey: { readonly keyOf: Grouping['keyOf'] };
  overWindow: {
    readonly partitionOf: Grouping['keyOf'];
    readonly order: PartitionOrder;
    readonly release: 'watermark' | 'end';
    readonly functions: readonly WindowFunction[];
    readonly expireAfter: number | undefined;
  };
  topNPerPartition: {
    readonly partitionOf: Grouping['keyOf'];
    readonly compare: (a: Row, b: Row) => number;
    readonly limitBy: RankingKind;
    readonly limit: number;
    readonly functions: readonly RankingKind[];
  };
  hashJoinWith: HashJoinPhysical;
  intervalJoinWith: IntervalJoinPhysical;
}

/** The names of the physical operators (keys of the runtime's operator registry). */
export type OperatorName = keyof PhysicalConfigs;

/** What lowering one logical node gives: an operator name, its compiled config, its inputs. */
export type LoweredNode = {
  [K in OperatorName]: {
    readonly operator: K;
    readonly config: PhysicalConfigs[K];
    readonly inputs: readonly PhysicalNode[];
    /** What EXPLAIN prints for the node. */
    readonly detail: string;
  };
}[OperatorName];

/**
 * A node of the physical DAG: a lowered operator with a stable id and its output schema.
 * The id (`tumbleWindow#4`) numbers the nodes of a job's plan in post-order (inputs first), so
 * the same SQL always gives the same ids: a checkpoint's snapshot of an operator is restored
 * into the node of the same id.
 */
export type PhysicalNode = LoweredNode & {
  readonly id: string;
  /** The columns of the rows the node emits (positional: column i is `row[i]`). */
  readonly schema: readonly PlanColumn[];
};

/**
 * Lowers an optimized logical plan to physical operators: column names are already indices,
 * and here every expression is compiled into a closure. Every node gets its id and schema. A
 * projection of plain columns over an interval join is fused into the join (one node).
 */
export function toPhysical(plan: LogicalPlan, time: JobTimeConfig): PhysicalNode {
  let count = 0;
  const lower = (p: LogicalPlan): PhysicalNode => {
    const fused = fusedJoinProjection(p);
    const inputs = inputsOf(fused?.join ?? p).map(lower);
    const node = fused ? lowerJoin(fused.join, inputs, fused.project) : lowerNode(p, inputs, time);
    return { ...node, id: `${node.operator}#${++count}`, schema: p.columns };
  };
  return lower(plan);
}

function lowerNode(plan: LogicalPlan, inputs: readonly PhysicalNode[], time: JobTimeConfig): LoweredNode {
  const input = inputs[0]!;
  switch (plan.op) {
    case 'scan':
      return { operator: 'source', config: { sourceId: plan.sourceId }, inputs: [], detail: plan.sourceId };
    case 'one_row':
      return { operator: 'oneRow', config: {}, inputs: [], detail: 'no FROM' };
    case 'filter':
      return {
        operator: 'filterRows',
        config: { conjuncts: filterTests(plan.predicate) },
        inputs,
        detail: plan.predicate.text,
      };
    case 'project':
      return {
        operator: 'projectRows',
        config: { projection: projectionOutputs(plan.exprs) },
        inputs,
        detail: plan.exprs.map((e, i) => `${e.text} AS ${plan.columns[i]!.name}`).join(', '),
      };
    case 'limit':
      return { operator: 'limitRows', config: { count: plan.count }, inputs, detail: String(plan.count) };
    case 'union_all':
      return { operator: 'unionAll', config: {}, inputs, detail: `${plan.inputs.length} inputs` };
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
        inputs,
        detail: `${plan.eventTime.text}, bound ${maxOutOfOrderness} ms${idleTimeout === undefined ? '' : `, idle ${idleTimeout} ms`}`,
      };
    }
    case 'aggregate':
      return aggregateOperator(plan, input, time);
    case 'upsert':
      return {
        operator: 'latestByKey',
        config: { keyOf: compileGrouping(plan.keys, []).keyOf },
        inputs,
        detail: `key [${plan.keys.map((k) => k.text).join(', ')}]`,
      };
    case 'over':
      return lowerOver(plan, inputs, time);
    case 'join':
      return lowerJoin(plan, inputs);
    case 'sort':
      if (plan.scope === 'batch') return { operator: 'sortRows', config: { compare: compileSort(plan.keys) }, inputs, detail: describeSort(plan.keys) };
      if (plan.scope === 'watermark') {
        return {
          operator: 'orderPerWatermark',
          config: { eventTime: compileExpr(plan.keys[0]!.expr), compare: compileSort(plan.keys), allowedLateness: time.allowedLateness },
          inputs,
          detail: `${describeSort(plan.keys)}, releases rows as the watermark passes them, lateness ${time.allowedLateness} ms (${time.lateStrategy})`,
        };
      }
      return {
        operator: 'sortAtEnd',
        config: { compare: compileSort(plan.keys), limit: plan.limit },
        inputs,
        detail: `${describeSort(plan.keys)}, ${plan.limit === undefined ? 'holds every row until the end of input' : `keeps the top ${plan.limit} rows until the end of input`}`,
      };
  }
}

function aggregateOperator(plan: AggregateNode, input: PhysicalNode, time: JobTimeConfig): LoweredNode {
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
