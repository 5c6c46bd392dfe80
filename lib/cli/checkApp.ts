import { sourceFactory } from '../connectors/registry.js';
import type { ConnectorContext } from '../connectors/types.js';
import type { AppSpec, JobSpec } from '../plan/app/analyzeApp.js';
import type { ConnectorSpec } from '../plan/app/connectorSpec.js';
import { planJob, type JobPlan } from '../plan/planJob.js';
import { inProcessInputs } from '../plan/app/jobGraph.js';
import { outputKind, withUpstreamOutputs } from '../plan/app/inProcessSources.js';
import { connectorErrors, locatedAt } from '../runtime/connectorErrors.js';
import { jobRoute, prepareConnector } from '../runtime/connectorProperties.js';
import { sinkTargetErrors } from '../runtime/sinkTargets.js';
import { appRestartErrors } from '../runtime/restart/restartPolicy.js';
import { unboundedSourcesOf } from '../runtime/sourceBoundedness.js';
import { FerrisError } from '../types/errors.js';
import type { Schema } from '../types/schema.js';

/** What `ferris check` found: every error, and notes on what it could not check. */
export interface CheckReport {
  readonly errors: FerrisError[];
  readonly notes: string[];
}

/** A job that was planned: with its in-process sources completed, its plan, whether it ends by itself. */
interface Planned {
  readonly job: JobSpec;
  readonly plan: JobPlan;
  readonly bounded: boolean;
}

/** How long `--with-data` waits for a source's first batch (a tailed, empty file sends none). */
const FIRST_BATCH_WAIT_MS = 2000;

/**
 * Checks an analysed application without running it and without opening a sink: each job's
 * connector keys, sinks that would destroy input, and each job's plan (names, types, time
 * keys) against its declared columns. With `withData` the sources are also opened: their
 * schemas are inferred where none is declared, and their first batch is read, so a CSV header
 * that lacks a declared column is found. A job whose source declares no columns is planned
 * only with `withData`; a note says so. A job reading another's output in process is checked
 * after that job, against its output columns.
 */
export async function checkApp(app: AppSpec, baseDir: string, withData: boolean): Promise<CheckReport> {
  const errors: FerrisError[] = [];
  const notes: string[] = [];
  const explained = app.steps.flatMap((step) => (step.kind === 'command' && step.explained ? [step.explained] : []));
  const planned = new Map<JobSpec, Promise<Planned | undefined>>();
  const visiting = new Set<JobSpec>();
  /** Checks a job once (after the jobs it reads in process): its plan, or undefined when it could not be planned. */
  const checkJob = (job: JobSpec): Promise<Planned | undefined> => {
    if (visiting.has(job)) return Promise.resolve(undefined);
    let result = planned.get(job);
    if (result === undefined) {
      visiting.add(job);
      result = checkOne(job).finally(() => visiting.delete(job));
      planned.set(job, result);
    }
    return result;
  };
  const checkOne = async (spec: JobSpec): Promise<Planned | undefined> => {
    const upstreams: JobSpec[] = [];
    const shapes = new Map<string, Planned>();
    for (const input of inProcessInputs(spec)) {
      const upstream = app.jobs.find((j) => j.name.toLowerCase() === input.upstream.toLowerCase() && j.statement.type !== 'insert_into');
      const result = upstream && (await checkJob(upstream));
      if (upstream === undefined || result === undefined) {
        notes.push(`job '${spec.name}': '${input.spec.name}' is the output of a job that could not be planned, so the columns the job uses are not checked`);
        return undefined;
      }
      upstreams.push(result.job);
      shapes.set(input.upstream.toLowerCase(), result);
    }
    const job = withUpstreamOutputs(spec, upstreams, (name) => {
      const { plan, job: upstream } = shapes.get(name.toLowerCase())!;
      return { schema: plan.output, keyColumns: plan.keyColumns, kind: outputKind(upstream) };
    });
    const found = connectorErrors(job, baseDir);
    errors.push(...found);
    const schemas = new Map<string, Schema>();
    const partitions = new Map<string, number>();
    const unbounded = (!withData && found.length === 0 ? unboundedSourcesOf(job, baseDir) : undefined) ?? new Set<string>();
    for (const [id, spec] of job.sources) {
      if (spec.upstream !== undefined) {
        schemas.set(id, spec.declared!);
        if (!shapes.get(spec.upstream.toLowerCase())!.bounded) unbounded.add(id);
      } else if (withData && found.length === 0) {
        const opened = await openForCheck(job, spec, baseDir, notes);
        if (opened instanceof FerrisError) errors.push(opened);
        else {
          schemas.set(id, opened.schema);
          if (opened.partitions !== undefined) partitions.set(id, opened.partitions);
          if (!opened.bounded) unbounded.add(id);
        }
      } else if (spec.declared !== undefined) {
        schemas.set(id, spec.declared);
      } else if (!withData) {
        notes.push(`job '${job.name}': '${spec.name}' declares no columns, so the columns the job uses are checked with --with-data only`);
      }
    }
    if (schemas.size < job.sources.size) return undefined;
    try {
      return { job, plan: planJob(job, schemas, partitions, unbounded), bounded: unbounded.size === 0 };
    } catch (error) {
      errors.push(locatedAt(error, job.statement.loc));
      return undefined;
    }
  };
  for (const job of [...app.jobs, ...explained]) await checkJob(job);
  errors.push(...sinkTargetErrors(app.jobs, baseDir));
  errors.push(...appRestartErrors(app.jobs).map(({ job, error }) => locatedAt(error, job.statement.loc)));
  return { errors, notes };
}

/**
 * Opens a source as the job would, reads its first batch (decoding a CSV header maps the
 * declared columns) and closes it: its schema and partition count, or the error, located at
 * the source's name in the statement. Records it cannot read become a note.
 */
async function openForCheck(
  job: JobSpec,
  spec: ConnectorSpec,
  baseDir: string,
  notes: string[],
): Promise<{ schema: Schema; partitions: number | undefined; bounded: boolean } | FerrisError> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), FIRST_BATCH_WAIT_MS);
  let badRecords = 0;
  let firstBad = '';
  const context: ConnectorContext = {
    baseDir,
    onBadRecord: (bad) => {
      if (badRecords++ === 0) firstBad = `${bad.origin}:${bad.position}: ${bad.error.message}`;
    },
    log: () => undefined,
    signal: abort.signal,
  };
  try {
    const prepared = prepareConnector(spec, baseDir, jobRoute(job.jobKeys, baseDir));
    const source = await sourceFactory(spec.type).open(prepared.properties, spec.declared, context);
    try {
      const batches = source.batches()[Symbol.asyncIterator]();
      await batches.next();
      await batches.return?.();
    } finally {
      await source.close();
    }
    if (badRecords > 0) notes.push(`job '${job.name}': ${badRecords} record(s) of the first batch of '${spec.name}' cannot be read (first: ${firstBad})`);
    return { schema: source.schema, partitions: source.partitions, bounded: source.bounded };
  } catch (error) {
    const named = error instanceof FerrisError ? error : new FerrisError('IO', `${spec.name}: ${(error as Error).message}`, { cause: error });
    return locatedAt(named, spec.location);
  } finally {
    clearTimeout(timer);
  }
}
