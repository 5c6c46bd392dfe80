import type { Observable } from 'rxjs';
import type { PhysicalNode } from '../plan/physicalPlan.js';
import type { Message } from '../types/message.js';
import { OPERATOR_REGISTRY, type OperatorContext, type OperatorFactory } from './operatorRegistry.js';

/**
 * Compiles a physical DAG into an RxJS graph: each node's factory over its inputs' graphs,
 * with the state context of the node's id (snapshots at barriers, shutdown).
 */
export function compileGraph(node: PhysicalNode, ctx: OperatorContext): Observable<Message> {
  const inputs = node.inputs.map((input) => compileGraph(input, ctx));
  const factory = OPERATOR_REGISTRY[node.operator] as OperatorFactory<typeof node.operator>;
  return factory(node.config as never, inputs, ctx, ctx.stateOf(node.id));
}
