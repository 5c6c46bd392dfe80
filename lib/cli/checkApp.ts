import { sourceFactory } from '../connectors/registry.js';
import type { ConnectorContext } from '../connectors/types.js';
import type { AppSpec, JobSpec } from '../plan/app/analyzeApp.js';
import type { ConnectorSpec } from '../plan/app/connectorSpec.js';
import { planJob } from '../plan/planJob.js';
import { connectorErrors, locatedAt } from '../runtime/connectorErrors.js';
import { jobRoute, prepareConnector } from '../runtime/connectorProperties.js';
import { sinkTargetErrors } from '../runtime/sinkTargets.js';
import { unboundedSourcesOf } from '../runtime/sourceBoundedness.js';
import { FerrisError } from '../types/errors.js';
import type { Schema } from '../types/schema.js';

/** What `ferris check` found: every error, and notes on what it could not check. */
export interface CheckReport {
  readonly errors: FerrisError[];
  readonly notes: string[];
}

/** How long `--with-data` waits for a source's first batch (a tailed, empty file sends none). */
const FIRST_BATCH_WAIT_MS = 2000;

/**
 * Checks an analysed application without running it and without opening a sink: each job's
 * connector keys, sinks that would destroy input, and each job's plan (names, types, time
 * keys) against its declared columns. With `withData` the sources are also opened: their
 * schemas are inferred where none is declared, and their first batch is read, so a CSV header
 * that lacks a declared column is found. A job whose source declares no columns is planned
 * only with `withData`; a note says so.
 */
export async function checkApp(app: AppSpec, baseDir: string, withData: boolean): Promise<CheckReport> {
  const errors: FerrisError[] = [];
  const notes: string[] = [];
  const explained = app.steps.flatMap((step) => (step.kind === 'command' && step.explained ? [step.explained] : []));
  for (const job of [...app.jobs, ...explained]) {
    const found = connectorErrors(job, baseDir);
    errors.push(...found);
    const schemas = new Map<string, Schema>();
    const partitions = new Map<string, number>();
    const unbounded = (!withData && found.length === 0 ? unboundedSourcesOf(job, baseDir) : undefined) ?? new Set<string>();
    for (const [id, spec] of job.sources) {
      if (withData && found.length === 0) {
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
    if (schemas.size < job.sources.size) continue;
    try {
      planJob(job, schemas, partitions, unbounded);
    } catch (error) {
      errors.push(locatedAt(error, job.statement.loc));
    }
  }
  errors.push(...sinkTargetErrors(app.jobs, baseDir));
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
