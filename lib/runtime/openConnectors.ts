import { sinkFactory, sourceFactory, validateProperties } from '../connectors/registry.js';
import type { BadRecordPolicy, ConnectorContext, Sink, SinkFactory, Source, SourceFactory } from '../connectors/types.js';
import type { JobSpec } from '../plan/app/analyzeApp.js';
import { IN_PROCESS, type ConnectorSpec } from '../plan/app/connectorSpec.js';
import type { JobPlan } from '../plan/planJob.js';
import { FerrisError } from '../types/errors.js';
import type { Schema } from '../types/schema.js';
import { connectorStrategy } from './batch/chosenStrategy.js';
import { prepareConnector, resolvePath, type PreparedConnector } from './connectorProperties.js';
import type { FailureRoute, FailureRouter } from './failureRouter.js';
import { ownGroup } from './kafkaGroups.js';

/** What opening connectors needs: where paths resolve, the connector context, bad-record routing. */
export interface ConnectorOpening {
  readonly baseDir: string;
  /** The connector context with the given bad-record handler (and the source's policy, or for a sink the record-key columns). */
  readonly context: (onBadRecord: ConnectorContext['onBadRecord'], keyColumns?: readonly number[], policy?: BadRecordPolicy) => ConnectorContext;
  readonly router: FailureRouter;
  /** The job's own failure route (failure_strategy, dlq.path). */
  readonly route: FailureRoute;
  /** Set to the job's name when its Kafka sources read under a group of the job's own (`ownGroup`): other jobs of the application read their group too. */
  readonly ownKafkaGroup?: string;
}

/**
 * Opens the sources of a job (inferring schemas where none is declared), in declaration
 * order (a Kafka source under the job's own group when `ownKafkaGroup` says so), leaving out those that read another job's output in process; each opened source is pushed to `opened` at once, so the caller can close them all
 * when a later step fails.
 */
export async function openSources(
  job: JobSpec,
  opening: ConnectorOpening,
  factoryOf: (type: string) => SourceFactory = sourceFactory,
  opened: Source[],
): Promise<Map<string, Source>> {
  const sources = new Map<string, Source>();
  for (const [id, spec] of job.sources) {
    if (spec.upstream !== undefined) continue;
    const prepared = prepareConnector(spec, opening.baseDir, opening.route);
    if (opening.ownKafkaGroup !== undefined && spec.type === 'kafka_source') {
      prepared.properties.set('group.id', ownGroup(prepared.properties.get('group.id') ?? `ferris-${opening.ownKafkaGroup}`, opening.ownKafkaGroup));
    }
    const factory = factoryOf(spec.type);
    validateProperties(factory, prepared.properties, spec.name);
    const { strategy, maxRetries, retryBackoffMs } = prepared.route;
    const batchStrategy = connectorStrategy(job.jobKeys);
    const context = {
      ...opening.context(opening.router.forSource(prepared.route), undefined, { strategy, maxRetries, retryBackoffMs }),
      connectorName: spec.name,
      keysAsWritten: keysAsWritten(spec),
      ...(batchStrategy === undefined ? {} : { batchStrategy }),
    };
    const source = await withLocation(factory.open(prepared.properties, spec.declared, context), spec.name);
    opened.push(source);
    sources.set(id, source);
  }
  return sources;
}

/**
 * Lets the job's sink begin what its opening will wait for ({@link SinkFactory.prepare}), before
 * the sources open; nothing for a job read in process only.
 */
export function prepareSink(job: JobSpec, baseDir: string, route: FailureRoute): void {
  if (job.sink.type === IN_PROCESS) return;
  sinkFactory(job.sink.type).prepare?.(prepareConnector(job.sink, baseDir, route, 'sink').properties);
}

/** The sink of a job, opened with the plan's output schema and record-key columns, and its prepared keys. */
export interface OpenedSink {
  readonly sink: Sink;
  readonly prepared: PreparedConnector;
  /** Where the output goes, for people: `file_sink /abs/out.jsonl`, `stdout`. */
  readonly target: string;
}

/**
 * Opens a job's sink: the configured one, or `replacement` (the library API collects rows
 * itself). Either receives the output schema and the record-key columns of the plan.
 */
export async function openSink(
  job: JobSpec,
  plan: JobPlan,
  opening: ConnectorOpening,
  replacement?: (output: Schema, keyColumns: readonly number[]) => Sink,
): Promise<OpenedSink> {
  const prepared = prepareConnector(job.sink, opening.baseDir, opening.route, 'sink');
  if (replacement) return { sink: replacement(plan.output, plan.keyColumns), prepared, target: 'the caller' };
  if (job.sink.type === IN_PROCESS) return { sink: IN_PROCESS_ONLY, prepared, target: 'the jobs reading it in process' };
  const factory = sinkFactory(job.sink.type);
  validateProperties(factory, prepared.properties, job.sink.name);
  const batchStrategy = connectorStrategy(job.jobKeys, prepared.batchKeys);
  const context = {
    ...opening.context(opening.router.forSource(opening.route), plan.keyColumns),
    connectorName: job.sink.name,
    keysAsWritten: keysAsWritten(job.sink),
    ...(batchStrategy === undefined ? {} : { batchStrategy }),
  };
  const sink = await withLocation(factory.open(prepared.properties, plan.output, context, plan.keyColumns), job.sink.name);
  const target = sink.target ?? describeTarget(job.sink.type, prepared.properties, opening.baseDir);
  return { sink, prepared, target: job.sink.defaultedSink ? `${target} (no '${job.sink.name}.type' given)` : target };
}

/** How the user wrote each key of a connector (`linger.ms` → `sink.linger.ms`). */
export function keysAsWritten(spec: ConnectorSpec): ReadonlyMap<string, string> {
  return new Map([...(spec.origins ?? [])].map(([key, origin]) => [key, origin.key]));
}

/** The sink of a job that configures none because other jobs read its output in process: its rows go only to them. */
const IN_PROCESS_ONLY: Sink = {
  write: () => Promise.resolve(),
  flush: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

function describeTarget(type: string, properties: ReadonlyMap<string, string>, baseDir: string): string {
  const path = properties.get('path');
  const where = path !== undefined ? resolvePath(path, baseDir) : properties.get('topic');
  return where === undefined ? type : `${type} ${where}`;
}

async function withLocation<T>(promise: Promise<T>, connector: string): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof FerrisError) throw error;
    throw new FerrisError('IO', `${connector}: ${(error as Error).message}`, { cause: error });
  }
}
