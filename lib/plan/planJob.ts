import { FerrisError, type SourceLocation } from '../types/errors.js';
import { SYSTEM_COLUMNS, schemaOf, type Schema } from '../types/schema.js';
import { formatType } from '../types/sqlType.js';
import type { JobSpec } from './app/analyzeApp.js';
import { sourceIdOf } from './app/analyzeApp.js';
import { bindQuery, type QueryEnvironment, type ResolvedRelation } from './bindQuery.js';
import { coerceTo } from './coerce.js';
import { toSqlType } from './dataTypes.js';
import { eventTimeExpr } from './eventTime.js';
import { jobTimeConfig, type JobTimeConfig } from './timeConfig.js';
import type { BoundExpr } from './boundExpr.js';
import type { LogicalPlan, PlanColumn } from './logicalPlan.js';
import { optimize } from './optimizer/index.js';
import { toPhysical, type PhysicalNode } from './physicalPlan.js';

/** Everything the runtime needs to run a job, and EXPLAIN to show it. */
export interface JobPlan {
  /** The plan as bound, before optimization. */
  readonly bound: LogicalPlan;
  readonly logical: LogicalPlan;
  readonly physical: PhysicalNode;
  /** The schema of the rows the sink receives. */
  readonly output: Schema;
  /** Output columns marked PRIMARY KEY (the record key of keyed sinks). */
  readonly keyColumns: readonly number[];
  /** The job's event-time, watermark, lateness and state settings. */
  readonly time: JobTimeConfig;
}

/**
 * Plans a job once its sources' schemas are known (declared, or inferred by the opened
 * sources): bind, optimize, lower to physical operators with compiled expressions.
 *
 * @param sourceSchemas declared columns of each source by source id (no system columns).
 * @param sourcePartitions how many partitions each source reads, when known (files of a glob).
 * @param unboundedSources the ids of sources that do not end by themselves, when known (opened sources).
 */
export function planJob(
  job: JobSpec,
  sourceSchemas: ReadonlyMap<string, Schema>,
  sourcePartitions: ReadonlyMap<string, number> = new Map(),
  unboundedSources: ReadonlySet<string> = new Set(),
): JobPlan {
  const time = jobTimeConfig(job.jobKeys, new Map([...job.sources].map(([id, spec]) => [id, { name: spec.name, keys: spec.timeKeys }])));
  const env: QueryEnvironment = {
    ctes: new Map(),
    emit: job.emit,
    unboundedSources,
    stateTtl: time.stateTtl,
    resolveRelation(from): ResolvedRelation {
      const sourceId = sourceIdOf(from);
      const schema = sourceSchemas.get(sourceId);
      if (!schema) throw new FerrisError('INTERNAL', `no schema for the source '${sourceId}' of job '${job.name}'`);
      const columns: PlanColumn[] = [
        ...schema.fields.map((f) => ({ name: f.name, type: f.type, system: false })),
        ...SYSTEM_COLUMNS.map((f) => ({ name: f.name, type: f.type, system: true })),
      ];
      const spec = job.sources.get(sourceId);
      const sourceTime = time.sources.get(sourceId) ?? time;
      const eventTime = locating(
        () => eventTimeExpr(columns, { field: sourceTime.eventTimeField, format: sourceTime.eventTimeFormat }),
        spec?.origins?.get('event.time.field')?.location ?? spec?.origins?.get('event.time.format')?.location ?? from.loc,
      );
      return {
        sourceId,
        columns,
        eventTime,
        tableKeys: spec?.kind === 'TABLE' ? tableKeys(columns, spec.primaryKey) : undefined,
        partitions: sourcePartitions.get(sourceId),
        eventTimeDeclared: sourceTime.eventTimeField !== undefined,
      };
    },
  };
  const bound = withDeclaredOutput(bindQuery(job.query, env), job);
  const logical = optimize(bound);
  const keyColumns = keyColumnsOf(logical);
  if (job.statement.type === 'create_as_select' && job.statement.kind === 'TABLE' && keyColumns.length === 0) {
    throw new FerrisError(
      'SQL_BIND',
      `CREATE TABLE ${job.name} AS needs a key: GROUP BY, or mark the key columns PRIMARY KEY in the select list (a table holds the latest row per key)`,
      { location: job.statement.loc },
    );
  }
  const output = schemaOf(logical.columns.map((c) => ({ name: c.name, type: c.type, nullable: true })));
  return { bound, logical, physical: toPhysical(logical, time), output, keyColumns, time };
}

/** The value of `build`, or its error located at `location` when it has no location of its own. */
function locating<T>(build: () => T, location: SourceLocation): T {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof FerrisError) || error.location !== undefined) throw error;
    throw new FerrisError(error.code, error.message, { location, cause: error });
  }
}

/** The PRIMARY KEY columns of a TABLE source as column references. */
function tableKeys(columns: readonly PlanColumn[], primaryKey: readonly string[]): BoundExpr[] {
  return primaryKey.map((name) => {
    const index = columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
    return { kind: 'column', index, type: columns[index]!.type, text: name } satisfies BoundExpr;
  });
}

/**
 * The output columns that form the record key: PRIMARY KEY markers or GROUP BY values, through
 * LIMIT/filters/sorts; for an aggregate on top (a UNION), its keys, which lead its columns.
 */
function keyColumnsOf(plan: LogicalPlan): readonly number[] {
  switch (plan.op) {
    case 'project':
      return plan.keyColumns;
    case 'aggregate':
      return plan.keys.map((_, index) => index);
    case 'limit':
    case 'filter':
    case 'sort':
      return keyColumnsOf(plan.input);
    default:
      return [];
  }
}

/** Applies `CREATE STREAM x (a INT, b STRING) AS SELECT ...`: output names and types as declared. */
function withDeclaredOutput(plan: LogicalPlan, job: JobSpec): LogicalPlan {
  const declared = job.outputColumns;
  if (!declared || declared.length === 0) return plan;
  if (declared.length !== plan.columns.length) {
    throw new FerrisError(
      'SQL_BIND',
      `'${job.name}' declares ${declared.length} columns but its query produces ${plan.columns.length} (${plan.columns.map((c) => c.name).join(', ')})`,
      { location: declared[0]!.loc },
    );
  }
  const exprs = plan.columns.map((c, index) => {
    const target = toSqlType(declared[index]!.dataType);
    try {
      return coerceTo({ kind: 'column', index, type: c.type, text: c.name }, target, declared[index]!.loc);
    } catch (cause) {
      throw new FerrisError('SQL_TYPE', `column '${declared[index]!.name.text}' is declared ${formatType(target)} but the query gives ${formatType(c.type)}`, {
        location: declared[index]!.loc,
        cause,
      });
    }
  });
  const columns = declared.map((d, i) => ({ name: d.name.text, type: exprs[i]!.type, system: false }));
  const declaredKeys = declared.flatMap((d, i) => (d.primaryKey ? [i] : []));
  return { op: 'project', input: plan, exprs, columns, keyColumns: declaredKeys.length > 0 ? declaredKeys : keyColumnsOf(plan) };
}
