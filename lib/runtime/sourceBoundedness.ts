import { sourceFactory } from '../connectors/registry.js';
import type { SourceFactory } from '../connectors/types.js';
import type { JobSpec } from '../plan/app/analyzeApp.js';
import { jobRoute, prepareConnector } from './connectorProperties.js';

/**
 * The ids of a job's sources that never end by themselves, known from their properties
 * without opening them (`SourceFactory.endsByItself`); undefined when a source's factory can
 * only tell once it is open. Sources reading another job's output in process are left out
 * (that job's sources tell).
 */
export function unboundedSourcesOf(job: JobSpec, baseDir: string, factoryOf: (type: string) => SourceFactory = sourceFactory): Set<string> | undefined {
  const unbounded = new Set<string>();
  const route = jobRoute(job.jobKeys, baseDir);
  for (const [id, spec] of job.sources) {
    if (spec.upstream !== undefined) continue;
    const endsByItself = factoryOf(spec.type).endsByItself;
    if (endsByItself === undefined) return undefined;
    if (!endsByItself(prepareConnector(spec, baseDir, route).properties)) unbounded.add(id);
  }
  return unbounded;
}
