import type { Source } from '../connectors/types.js';
import { fullRowWidth } from '../connectors/systemColumns.js';
import { sourceColumnsRead } from '../plan/columnsRead.js';
import type { JobPlan } from '../plan/planJob.js';
import type { FailureRoute } from './failureRouter.js';

/**
 * Tells each source of a job which columns of its rows (declared, then system) the plan
 * reads, so that it can leave the others undecoded or unset (`Source.readColumns`). Not done when failed or late rows go to
 * a dead-letter file: a dead letter holds every column of the row, so every column is decoded.
 */
export function pushDownColumns(plan: JobPlan, sources: ReadonlyMap<string, Source>, route: FailureRoute): void {
  if (route.strategy === 'dead_letter' || plan.time.lateStrategy === 'dead_letter') return;
  const read = sourceColumnsRead(plan.logical);
  for (const [id, source] of sources) {
    if (source.readColumns === undefined) continue;
    const columns = read.get(id) ?? new Set<number>();
    source.readColumns(Array.from({ length: fullRowWidth(source.schema) }, (_, c) => columns.has(c)));
  }
}
