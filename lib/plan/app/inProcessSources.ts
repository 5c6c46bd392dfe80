import type { RelationKind } from '../../sql/ast.js';
import type { Schema } from '../../types/schema.js';
import type { JobSpec } from './analyzeApp.js';
import type { ConnectorSpec } from './connectorSpec.js';

/** What the jobs reading a job's output in process need to know of it, once it is planned. */
export interface JobOutputShape {
  /** The columns of its output rows. */
  readonly schema: Schema;
  /** Its record-key columns (a table's key). */
  readonly keyColumns: readonly number[];
  /** TABLE for a CREATE TABLE ... AS SELECT (read as the latest row per key), else STREAM. */
  readonly kind: RelationKind;
}

/** The watermark keys a source reading a job's output in process takes from that job when it sets none itself. */
const INHERITED_TIME_KEYS = ['watermark.strategy', 'watermark.max_out_of_orderness', 'watermark.idle_timeout'] as const;

/** The kind of relation a job creates: TABLE for CREATE TABLE ... AS SELECT. */
export function outputKind(job: JobSpec): RelationKind {
  return job.statement.type === 'create_as_select' ? job.statement.kind : 'STREAM';
}

/**
 * The job with each source that reads another job's output in process completed from that
 * job: its columns are the job's output (so planning sees a declared schema), a TABLE is
 * keyed by the job's key columns, and the watermark keys the reader sets neither for the
 * source nor for the job come from the upstream job's (its first source's, else its own), so
 * a chain of jobs waits for late rows as the single combined query would.
 */
export function withUpstreamOutputs(job: JobSpec, upstreams: readonly JobSpec[], shapeOf: (upstream: string) => JobOutputShape): JobSpec {
  if (![...job.sources.values()].some((s) => s.upstream !== undefined)) return job;
  const sources = new Map<string, ConnectorSpec>();
  for (const [id, spec] of job.sources) {
    if (spec.upstream === undefined) {
      sources.set(id, spec);
      continue;
    }
    const shape = shapeOf(spec.upstream);
    const upstream = upstreams.find((u) => u.name.toLowerCase() === spec.upstream!.toLowerCase());
    const timeKeys = new Map(spec.timeKeys);
    for (const key of INHERITED_TIME_KEYS) {
      if (timeKeys.has(key) || job.jobKeys.has(key) || upstream === undefined) continue;
      const value = upstreamTimeKey(upstream, key);
      if (value !== undefined) timeKeys.set(key, value);
    }
    sources.set(id, {
      ...spec,
      declared: shape.schema,
      kind: shape.kind,
      primaryKey: shape.kind === 'TABLE' ? shape.keyColumns.map((i) => shape.schema.fields[i]!.name) : [],
      timeKeys,
    });
  }
  return { ...job, sources };
}

function upstreamTimeKey(upstream: JobSpec, key: string): string | undefined {
  const [first] = upstream.sources.values();
  return first?.timeKeys.get(key) ?? upstream.jobKeys.get(key);
}
