import type { Observable } from 'rxjs';
import { filterProjectRows } from '../../operators/filterProjectRows.js';
import type { RowErrorHandler } from '../../operators/rowErrors.js';
import type { PlanColumn } from '../plan/logicalPlan.js';
import type { PhysicalNode } from '../plan/physicalPlan.js';
import type { Message } from '../types/message.js';
import type { Row } from '../types/value.js';
import { OPERATOR_REGISTRY, type OperatorContext, type OperatorFactory } from './operatorRegistry.js';

/** What a job's graph is compiled with: its sources and where its failing rows go, by input columns. */
export interface GraphContext {
  /** The observable of each source of the job, by source id. */
  readonly sources: OperatorContext['sources'];
  /** The handler of rows with these columns whose evaluation throws. */
  readonly onRowError: (columns: readonly PlanColumn[]) => RowErrorHandler;
  /** The handler of rows with these columns too late for their window. */
  readonly onLateRow: (columns: readonly PlanColumn[]) => (row: Row, windowEnd: number) => void;
  /** The checkpoint and shutdown context of the stateful operator of a node, by node id. */
  readonly stateOf: OperatorContext['stateOf'];
}

/**
 * Compiles a physical DAG into an RxJS graph: each node's factory over its inputs' graphs,
 * with failure handlers that know the columns of the node's input (to name a failed row's
 * values and read its position) and the state context of the node's id (snapshots at
 * barriers, shutdown). A `projectRows` over a `filterRows` is compiled into one
 * `filterProjectRows` (both are stateless, so no state or id is lost).
 */
export function compileGraph(node: PhysicalNode, ctx: GraphContext): Observable<Message> {
  // A projection over a filter runs as one operator (one pass, no batch of kept rows between them); EXPLAIN still shows both.
  if (node.operator === 'projectRows' && node.inputs[0]?.operator === 'filterRows') {
    const filter = node.inputs[0];
    const below = filter.inputs[0]!;
    return compileGraph(below, ctx).pipe(filterProjectRows(filter.config.conjuncts, node.config.projection, ctx.onRowError(below.schema)));
  }
  const inputs = node.inputs.map((input) => compileGraph(input, ctx));
  const factory = OPERATOR_REGISTRY[node.operator] as OperatorFactory<typeof node.operator>;
  const inputColumns = node.inputs[0]?.schema ?? node.schema;
  const operatorContext: OperatorContext = {
    sources: ctx.sources,
    onRowError: ctx.onRowError(inputColumns),
    onInputRowError: node.inputs.map((input) => ctx.onRowError(input.schema)),
    onLateRow: ctx.onLateRow(inputColumns),
    stateOf: ctx.stateOf,
  };
  return factory(node.config as never, inputs, operatorContext, ctx.stateOf(node.id));
}
