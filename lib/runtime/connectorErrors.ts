import { propertyErrors, sinkFactory, sourceFactory } from '../connectors/registry.js';
import type { SinkFactory, SourceFactory } from '../connectors/types.js';
import type { JobSpec } from '../plan/app/analyzeApp.js';
import { IN_PROCESS, type ConnectorSpec } from '../plan/app/connectorSpec.js';
import { FerrisError, type SourceLocation } from '../types/errors.js';
import { resolveBatchConfig } from './batchConfig.js';
import { checkpointErrors } from './checkpoint/jobCheckpointing.js';
import { jobRoute, prepareConnector } from './connectorProperties.js';
import { silentLogger } from './logger.js';
import { keysAsWritten } from './openConnectors.js';

/**
 * Every configuration error of a job's connectors, found without opening them: an unknown
 * type, a `config_file` that cannot be read, unknown keys and values outside a key's accepted
 * ones (named as the user typed them), a sink's or the job's `batch.*` keys, the checkpoint
 * keys (`checkpoint.*`, `'mode' = 'transactional'` without a Kafka sink). Each error is
 * located where the key was written, else at the connector's name in the statement. Sources
 * and sinks that are another job's output read in process have no connector keys to check.
 */
export function connectorErrors(job: JobSpec, baseDir: string, sourceFactoryOf: (type: string) => SourceFactory = sourceFactory): FerrisError[] {
  const route = jobRoute(job.jobKeys, baseDir);
  const errors: FerrisError[] = [];
  const check = (spec: ConnectorSpec, side: 'source' | 'sink'): void => {
    const at = (key: string): SourceLocation => spec.origins?.get(key)?.location ?? spec.location;
    let factory: SourceFactory | SinkFactory;
    try {
      factory = side === 'source' ? sourceFactoryOf(spec.type) : sinkFactory(spec.type);
    } catch (error) {
      errors.push(locatedAt(error, at('type')));
      return;
    }
    try {
      const prepared = prepareConnector(spec, baseDir, route, side);
      const keyErrors = propertyErrors(factory, prepared.properties, spec.name, spec.origins).map((e) => locatedAt(e, at('config_file')));
      errors.push(...keyErrors);
      if (keyErrors.length === 0) factory.checkProperties?.(prepared.properties, keysAsWritten(spec));
      if (prepared.batchKeys.size > 0) resolveBatchConfig(prepared.batchKeys, silentLogger);
    } catch (error) {
      errors.push(locatedAt(error, at('config_file')));
    }
  };
  for (const spec of job.sources.values()) if (spec.upstream === undefined) check(spec, 'source');
  if (job.sink.type !== IN_PROCESS) check(job.sink, 'sink');
  const batchKeys = new Map([...job.jobKeys].filter(([key]) => key.startsWith('batch.')));
  try {
    if (batchKeys.size > 0) resolveBatchConfig(batchKeys, silentLogger);
  } catch (error) {
    errors.push(locatedAt(error, job.statement.loc));
  }
  errors.push(...checkpointErrors(job, baseDir).map((e) => locatedAt(e, job.statement.loc)));
  return errors;
}

/** The error, located at `location` when it has no SQL location of its own. */
export function locatedAt(error: unknown, location: SourceLocation): FerrisError {
  if (error instanceof FerrisError && error.location !== undefined && error.file === undefined) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof FerrisError ? error.code : 'INTERNAL';
  return new FerrisError(code, message, { location, cause: error });
}
