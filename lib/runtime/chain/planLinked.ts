import type { JobSpec } from '../../plan/app/analyzeApp.js';
import { upstreamJobs } from '../../plan/app/jobGraph.js';
import { outputKind, withUpstreamOutputs } from '../../plan/app/inProcessSources.js';
import { planJob, type JobPlan } from '../../plan/planJob.js';
import { FerrisError } from '../../types/errors.js';
import type { Schema } from '../../types/schema.js';
import type { Sink } from '../../connectors/types.js';
import { BarrierInjector } from '../barrierInjector.js';
import { connectorErrors } from '../connectorErrors.js';
import { openJob, type JobOptions } from '../openJob.js';
import { unboundedSourcesOf } from '../sourceBoundedness.js';
import { JobOutput } from './jobOutput.js';

/** A job planned without running it: the job with its in-process sources completed, its plan, whether it ends. */
export interface PlannedJob {
  readonly job: JobSpec;
  readonly plan: JobPlan;
  readonly bounded: boolean;
}

/**
 * Plans a job for EXPLAIN without running anything, after the jobs it reads in process
 * (recursively; `jobs` are the application's). When every source declares its columns and its
 * factory tells from its properties whether it ends, nothing is opened (a Kafka job explains
 * without a broker, a file job without its files); otherwise the sources are opened for their
 * inferred schemas and closed again. The sink is checked but never opened: opening a file sink
 * would truncate its file.
 */
export async function planLinked(job: JobSpec, jobs: readonly JobSpec[], options: JobOptions): Promise<PlannedJob> {
  const [configError] = connectorErrors(job, options.baseDir, options.sourceFactory);
  if (configError !== undefined) throw configError;
  const outputs = new Map<string, JobOutput>();
  for (const upstream of upstreamJobs(job, jobs)) {
    const planned = await planLinked(upstream, jobs, options);
    const shape = { schema: planned.plan.output, keyColumns: planned.plan.keyColumns, kind: outputKind(planned.job) };
    outputs.set(upstream.name.toLowerCase(), new JobOutput(planned.job, shape, planned.bounded));
  }
  const resolved = withUpstreamOutputs(job, [...outputs.values()].map((o) => o.spec), (name) => outputs.get(name.toLowerCase())!.shape);
  const declared = declaredSchemas(resolved);
  const unbounded = unboundedSourcesOf(resolved, options.baseDir, options.sourceFactory);
  if (declared !== undefined && unbounded !== undefined) {
    for (const [id, spec] of resolved.sources) {
      if (spec.upstream !== undefined && !outputs.get(spec.upstream.toLowerCase())!.bounded) unbounded.add(id);
    }
    return { job: resolved, plan: planJob(resolved, declared, new Map(), unbounded), bounded: unbounded.size === 0 };
  }
  // An explained job never runs: its `@metric` annotations feed nothing (and register nothing).
  const unannotated: JobSpec = { ...job, statement: { ...job.statement, annotations: [] } };
  const runnable = await openJob(unannotated, { ...options, sink: () => UNOPENED_SINK }, { upstreams: outputs, read: false, barriers: new BarrierInjector() });
  try {
    return { job: resolved, plan: runnable.plan, bounded: runnable.bounded };
  } finally {
    await runnable.close();
  }
}

/** The declared schema of every source of the job, or undefined when one must be inferred from its data. */
function declaredSchemas(job: JobSpec): Map<string, Schema> | undefined {
  const schemas = new Map<string, Schema>();
  for (const [id, spec] of job.sources) {
    if (spec.declared === undefined) return undefined;
    schemas.set(id, spec.declared);
  }
  return schemas;
}

/** Stands for the sink of a job that is explained, never run: nothing is ever written to it. */
const UNOPENED_SINK: Sink = {
  write: () => Promise.reject(new FerrisError('INTERNAL', 'an explained job does not run')),
  flush: () => Promise.resolve(),
  close: () => Promise.resolve(),
};
