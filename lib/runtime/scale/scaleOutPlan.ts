import type { JobSpec } from '../../plan/app/analyzeApp.js';
import type { BoundExpr } from '../../plan/boundExpr.js';
import { inputsOf, type LogicalPlan } from '../../plan/logicalPlan.js';

/**
 * How a job is split across the processes of its consumer group:
 * - `tasks`: one task per input partition, each a whole pipeline (a stateless job, or one
 *   whose state is keyed by the record key or partition, which Kafka's partitioning
 *   already keeps together);
 * - `repartition`: two stages. The first copies each record to the internal repartition topic,
 *   into the partition of a hash of `keyColumns` (source columns: the stateful operator's
 *   keys that are plain columns; none: every record goes to partition 0, and one task holds
 *   all the state), with watermark markers when the job has event time; the second runs the
 *   job's pipeline, one task per repartition partition.
 */
export type ScaleOut =
  | { readonly kind: 'tasks' }
  | {
      readonly kind: 'repartition';
      /** The source columns (declared then system, as the scan reads them) whose values choose the repartition partition. */
      readonly keyColumns: readonly number[];
      /** The names of the key columns, for people. */
      readonly keyNames: readonly string[];
      /** Why the job is repartitioned, for people. */
      readonly reason: string;
      /** The event time over the source columns, and the filters below it, when the job assigns watermarks (the markers' time). */
      readonly eventTime: { readonly expr: BoundExpr; readonly filters: readonly BoundExpr[] } | undefined;
    };

/**
 * Whether a job runs as tasks spread over its consumer group: a `'mode' = 'transactional'`
 * job reading one Kafka source (not another job's output in process) into a stream. Other
 * jobs run as one pipeline over every partition their consumer is assigned.
 */
export function scalesOut(job: JobSpec, readInProcess: boolean): boolean {
  if (job.jobKeys.get('mode')?.toLowerCase() !== 'transactional' || readInProcess) return false;
  if (job.statement.type === 'create_as_select' && job.statement.kind === 'TABLE') return false;
  const sources = [...job.sources.values()];
  return sources.length === 1 && sources[0]!.type === 'kafka_source' && sources[0]!.upstream === undefined && job.sink.type === 'kafka_sink';
}

/** The node keeps state across batches (its result depends on rows of other partitions). */
function isStateful(node: LogicalPlan): boolean {
  switch (node.op) {
    case 'aggregate':
    case 'upsert':
    case 'over':
    case 'join':
    case 'limit':
      return true;
    case 'sort':
      return node.scope !== 'batch';
    default:
      return false;
  }
}

/** The keys a stateful node keeps its state by (empty: one state for all rows). */
function stateKeys(node: LogicalPlan): readonly BoundExpr[] {
  if (node.op === 'aggregate' || node.op === 'upsert') return node.keys;
  if (node.op === 'over') return node.partitionBy;
  return [];
}

/** The scan column an expression over `node`'s output is, through filters, watermarks and plain projections; undefined otherwise. */
function scanColumn(expr: BoundExpr, node: LogicalPlan): number | undefined {
  if (expr.kind !== 'column') return undefined;
  switch (node.op) {
    case 'scan':
      return expr.index;
    case 'filter':
    case 'watermark':
      return scanColumn(expr, node.input);
    case 'project': {
      const inner = node.exprs[expr.index];
      return inner === undefined ? undefined : scanColumn(inner, node.input);
    }
    default:
      return undefined;
  }
}

/** The event time of the watermark node over the scan, and the filters between them, when only filters are between them. */
function markerTime(node: LogicalPlan): { expr: BoundExpr; filters: BoundExpr[] } | undefined {
  if (node.op === 'watermark') {
    const filters: BoundExpr[] = [];
    let below = node.input;
    while (below.op === 'filter') {
      filters.push(below.predicate);
      below = below.input;
    }
    return below.op === 'scan' ? { expr: node.eventTime, filters } : undefined;
  }
  for (const input of inputsOf(node)) {
    const found = markerTime(input);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * How a job that {@link scalesOut} is split, from its logical plan: no stateful operator, or
 * a single one keyed (among other keys) by `_key` or `_partition`, gives `tasks`; any other
 * stateful plan is repartitioned by the plain source columns among the keys of its lowest
 * stateful operator (every row with the same full key has the same values of these, so
 * lands in the same task). More than one stateful operator, or a key that is no plain
 * column, gives fewer (or no) hashed columns: fewer tasks hold the state, never a wrong one.
 */
export function scaleOutOf(logical: LogicalPlan): ScaleOut {
  const stateful: LogicalPlan[] = [];
  let scanColumns: readonly { readonly name: string }[] = [];
  const visit = (node: LogicalPlan): void => {
    inputsOf(node).forEach(visit);
    if (isStateful(node)) stateful.push(node);
    if (node.op === 'scan') scanColumns = node.columns;
  };
  visit(logical);
  if (stateful.length === 0) return { kind: 'tasks' };
  const lowest = stateful[0]!;
  const input = inputsOf(lowest)[0];
  const columns = stateful.length === 1 && input !== undefined ? stateKeys(lowest).flatMap((key) => scanColumn(key, input) ?? []) : [];
  const names = columns.map((c) => scanColumns[c]?.name ?? `#${c}`);
  if (stateful.length === 1 && names.some((n) => n === '_key' || n === '_partition')) return { kind: 'tasks' };
  const reason =
    stateful.length > 1
      ? `${stateful.length} stateful operators: one task holds the state`
      : columns.length === 0
        ? `the ${lowest.op} has no key of plain source columns: one task holds the state`
        : `the ${lowest.op} is keyed by ${names.join(', ')}, not by _key`;
  return { kind: 'repartition', keyColumns: stateful.length > 1 ? [] : columns, keyNames: stateful.length > 1 ? [] : names, reason, eventTime: markerTime(logical) };
}

/** The repartition topic of a job: `<app>-<job>-repartition`. */
export function repartitionTopic(app: string, job: string): string {
  return `${app}-${job}-repartition`;
}

/** How a scaled-out job is split, for `ferris explain` and the logs. */
export function describeScaleOut(scale: ScaleOut, app: string, job: string, group: string): string {
  if (scale.kind === 'tasks') return `one task per source partition (group '${group}'), each with its own transactional id and checkpoint`;
  const by = scale.keyColumns.length === 0 ? 'all to partition 0' : `by a hash of ${scale.keyNames.join(', ')}`;
  const markers = scale.eventTime === undefined ? 'no watermark markers (no event time)' : 'watermark markers per source partition';
  return `repartitioned (${scale.reason}): stage 1 copies records to '${repartitionTopic(app, job)}' ${by}, with ${markers}; stage 2 runs the job, one task per repartition partition (group '${group}-repartition')`;
}
