import type { PhysicalNode } from '../../plan/physicalPlan.js';

/**
 * What a checkpoint must match to be restored into a plan: every node's id and output column
 * names, in post-order (`source#1(a,b) tumbleWindow#2(w,c)`). The same SQL gives the same
 * signature; a changed query gives another one, and its checkpoint is refused instead of
 * being restored into operators it was not taken from.
 */
export function planSignature(node: PhysicalNode): string {
  const parts: string[] = [];
  const visit = (n: PhysicalNode): void => {
    n.inputs.forEach(visit);
    parts.push(`${n.id}(${n.schema.map((c) => c.name).join(',')})`);
  };
  visit(node);
  return parts.join(' ');
}
