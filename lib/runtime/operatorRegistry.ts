import type { Observable } from 'rxjs';
import { of } from '../../operators/rxjs.js';
import { filterRows } from '../../operators/filterRows.js';
import { limitRows } from '../../operators/limitRows.js';
import { projectRows } from '../../operators/projectRows.js';
import type { RowErrorHandler } from '../../operators/rowErrors.js';
import { unionAll } from '../../operators/unionAll.js';
import { assignWatermarks } from '../../operators/assignWatermarks.js';
import { hopWindow } from '../../operators/hopWindow.js';
import { keyedAggregate } from '../../operators/keyedAggregate.js';
import { sessionWindow } from '../../operators/sessionWindow.js';
import { sortAtEnd } from '../../operators/sortAtEnd.js';
import { orderPerWatermark } from '../../operators/orderPerWatermark.js';
import { sortRows } from '../../operators/sortRows.js';
import { latestByKey } from '../../operators/latestByKey.js';
import { overWindow } from '../../operators/overWindow.js';
import { topNPerPartition } from '../../operators/topNPerPartition.js';
import { hashJoinWith } from '../../operators/hashJoinWith.js';
import { intervalJoinWith } from '../../operators/intervalJoinWith.js';
import { tumbleWindow } from '../../operators/tumbleWindow.js';
import type { LatenessPolicy } from '../../operators/aggregation/lateness.js';
import type { OperatorStateContext } from '../../operators/internal/statefulOperator.js';
import type { Row } from '../types/value.js';
import type { OperatorName, PhysicalConfigs, WindowTiming } from '../plan/physicalPlan.js';
import { FerrisError } from '../types/errors.js';
import { data, type Message } from '../types/message.js';

/** What operator factories get besides their config and inputs. */
export interface OperatorContext {
  /** The observable of each source of the job, by source id. */
  readonly sources: ReadonlyMap<string, Observable<Message>>;
  /** Where rows whose evaluation throws go (counted, logged, routed by failure_strategy). */
  readonly onRowError: RowErrorHandler;
  /** Per input, where its rows whose evaluation throws go (a join's two inputs have different columns). */
  readonly onInputRowError: readonly RowErrorHandler[];
  /** Where rows too late for their window go (counted, logged, routed by late.data.strategy). */
  readonly onLateRow: (row: Row, windowEnd: number) => void;
  /** The checkpoint and shutdown context of the stateful operator of a node, by node id. */
  readonly stateOf: (nodeId: string) => OperatorStateContext;
}

function lateness(timing: WindowTiming, ctx: OperatorContext): LatenessPolicy {
  return { emit: timing.emit, allowedLateness: timing.allowedLateness, onLate: ctx.onLateRow };
}

/** The row-error handlers of a two-input operator's inputs, left then right. */
function bySide(ctx: OperatorContext): readonly [RowErrorHandler, RowErrorHandler] {
  return [ctx.onInputRowError[0]!, ctx.onInputRowError[1]!];
}

/** Builds one operator's observable from its config, its inputs' observables and its node's state context. */
export type OperatorFactory<K extends OperatorName> = (
  config: PhysicalConfigs[K],
  inputs: readonly Observable<Message>[],
  ctx: OperatorContext,
  state: OperatorStateContext,
) => Observable<Message>;

/** Operator name → factory: the only place physical operator names meet the operator library. */
export const OPERATOR_REGISTRY: { readonly [K in OperatorName]: OperatorFactory<K> } = {
  source: (config, _inputs, ctx) => {
    const source = ctx.sources.get(config.sourceId);
    if (!source) throw new FerrisError('INTERNAL', `no source '${config.sourceId}' was opened for this job`);
    return source;
  },
  // SELECT without FROM: one batch of one row with no columns, then the end.
  oneRow: () => of(data([[]])),
  filterRows: (config, [input], ctx) => input!.pipe(filterRows(config.conjuncts, ctx.onRowError)),
  projectRows: (config, [input], ctx) => input!.pipe(projectRows(config.projection, ctx.onRowError)),
  limitRows: (config, [input], _ctx, state) => input!.pipe(limitRows(config.count, state)),
  unionAll: (_config, inputs) => unionAll(...inputs),
  assignWatermarks: (config, [input], _ctx, state) =>
    input!.pipe(
      assignWatermarks({
        state,
        eventTime: config.eventTime,
        partitionOf: config.partitionOf,
        maxOutOfOrderness: config.maxOutOfOrderness,
        ...(config.idleTimeout === undefined ? {} : { idleTimeout: config.idleTimeout }),
        ...(config.expectedPartitions === undefined ? {} : { expectedPartitions: config.expectedPartitions }),
      }),
    ),
  tumbleWindow: (config, [input], ctx, state) =>
    input!.pipe(
      tumbleWindow({ size: config.size, eventTime: config.eventTime, grouping: config.grouping, lateness: lateness(config.timing, ctx), onRowError: ctx.onRowError, state }),
    ),
  hopWindow: (config, [input], ctx, state) =>
    input!.pipe(
      hopWindow({
        size: config.size,
        slide: config.slide,
        eventTime: config.eventTime,
        grouping: config.grouping,
        lateness: lateness(config.timing, ctx),
        onRowError: ctx.onRowError,
        state,
      }),
    ),
  sessionWindow: (config, [input], ctx, state) =>
    input!.pipe(
      sessionWindow({ gap: config.gap, eventTime: config.eventTime, grouping: config.grouping, lateness: lateness(config.timing, ctx), onRowError: ctx.onRowError, state }),
    ),
  keyedAggregate: (config, [input], _ctx, state) =>
    input!.pipe(
      keyedAggregate({ grouping: config.grouping, emit: config.emit, global: config.global, state, ...(config.stateTtl === undefined ? {} : { stateTtl: config.stateTtl }) }),
    ),
  sortRows: (config, [input]) => input!.pipe(sortRows(config.compare)),
  sortAtEnd: (config, [input], _ctx, state) => input!.pipe(sortAtEnd(config.compare, config.limit, state)),
  orderPerWatermark: (config, [input], ctx, state) =>
    input!.pipe(
      orderPerWatermark({
        eventTime: config.eventTime,
        compare: config.compare,
        allowedLateness: config.allowedLateness,
        onLate: ctx.onLateRow,
        onRowError: ctx.onRowError,
        state,
      }),
    ),
  latestByKey: (config, [input], _ctx, state) => input!.pipe(latestByKey(config.keyOf, undefined, state)),
  overWindow: (config, [input], ctx, state) =>
    input!.pipe(
      overWindow({
        partitionOf: config.partitionOf,
        order: config.order,
        release: config.release,
        functions: config.functions,
        ...(config.expireAfter === undefined ? {} : { expireAfter: config.expireAfter }),
        onLate: ctx.onLateRow,
        onRowError: ctx.onRowError,
        state,
      }),
    ),
  topNPerPartition: (config, [input], _ctx, state) => input!.pipe(topNPerPartition({ ...config, state })),
  hashJoinWith: (config, [stream, table], ctx, state) => stream!.pipe(hashJoinWith(table!, { ...config, state, onRowError: bySide(ctx) })),
  intervalJoinWith: (config, [left, right], ctx, state) => left!.pipe(intervalJoinWith(right!, { ...config, state, onRowError: bySide(ctx) })),
};
