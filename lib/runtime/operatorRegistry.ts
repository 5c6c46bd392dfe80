import type { Observable } from 'rxjs';
import { filterRows } from '../../operators/filterRows.js';
import { limitRows } from '../../operators/limitRows.js';
import { projectRows } from '../../operators/projectRows.js';
import type { RowErrorHandler } from '../../operators/rowErrors.js';
import { unionAll } from '../../operators/unionAll.js';
import type { OperatorName, PhysicalConfigs } from '../plan/physicalPlan.js';
import { FerrisError } from '../types/errors.js';
import type { Message } from '../types/message.js';

/** What operator factories get besides their config and inputs. */
export interface OperatorContext {
  /** The observable of each source of the job, by source id. */
  readonly sources: ReadonlyMap<string, Observable<Message>>;
  /** Where rows whose evaluation throws go (counted, logged, routed by failure_strategy). */
  readonly onRowError: RowErrorHandler;
}

/** Builds one operator's observable from its config and its inputs' observables. */
export type OperatorFactory<K extends OperatorName> = (
  config: PhysicalConfigs[K],
  inputs: readonly Observable<Message>[],
  ctx: OperatorContext,
) => Observable<Message>;

/** Operator name → factory: the only place physical operator names meet the operator library. */
export const OPERATOR_REGISTRY: { readonly [K in OperatorName]: OperatorFactory<K> } = {
  source: (config, _inputs, ctx) => {
    const source = ctx.sources.get(config.sourceId);
    if (!source) throw new FerrisError('INTERNAL', `no source '${config.sourceId}' was opened for this job`);
    return source;
  },
  filterRows: (config, [input], ctx) => input!.pipe(filterRows(config.predicate, ctx.onRowError)),
  projectRows: (config, [input], ctx) => input!.pipe(projectRows(config.project, ctx.onRowError)),
  limitRows: (config, [input]) => input!.pipe(limitRows(config.count)),
  unionAll: (_config, inputs) => unionAll(...inputs),
};
