import { share, type Observable } from 'rxjs';
import { sinkFactory, sourceFactory, validateProperties } from '../connectors/registry.js';
import type { ConnectorContext, Sink, Source, SourceFactory } from '../connectors/types.js';
import type { JobSpec } from '../plan/app/analyzeApp.js';
import { planJob, type JobPlan } from '../plan/planJob.js';
import { FerrisError } from '../types/errors.js';
import type { Message } from '../types/message.js';
import type { Schema } from '../types/schema.js';
import { bufferStrategy } from '../../operators/bufferStrategy.js';
import { resolveBatchConfig, type BatchConfig } from './batchConfig.js';
import { durationKey } from '../plan/timeConfig.js';
import { compileGraph } from './compileGraph.js';
import { jobRoute, prepareConnector, resolvePath } from './connectorProperties.js';
import { FailureRouter, type FailureListener } from './failureRouter.js';
import { FlowGate } from './flowGate.js';
import { newJobMetrics, type JobMetrics } from './jobMetrics.js';
import { MaterializedTable } from './materializedTable.js';
import { OffsetCommitter, passesRowsThrough } from './offsetCommitter.js';
import type { Logger } from './logger.js';
import { recordKey } from './recordKey.js';
import { writeToSink } from './sinkWriter.js';
import { sourceObservable } from './sourceObservable.js';

/** How jobs are opened. */
export interface JobOptions {
  /** Relative paths in the job's connectors resolve against this directory (the SQL file's). */
  readonly baseDir: string;
  readonly log: Logger;
  /** Finds the factory of a source type (default: the connector registry). */
  readonly sourceFactory?: (type: string) => SourceFactory;
  /** Replaces the job's configured sink (the library API collects rows itself). */
  readonly sink?: (output: Schema) => Sink;
  /** Also told of every bad record and late row (the library API's callbacks). */
  readonly failures?: FailureListener;
}

/** A job whose connectors are open and whose graph is compiled, ready to run. */
export interface RunnableJob {
  readonly name: string;
  readonly plan: JobPlan;
  readonly metrics: JobMetrics;
  /** Whether every source ends by itself. */
  readonly bounded: boolean;
  /** Where the output goes, for people: `file_sink /abs/out.jsonl`, `stdout`. */
  readonly target: string;
  /** The latest row per key, for a `CREATE TABLE ... AS SELECT` job. */
  readonly table: MaterializedTable | undefined;
  /** Runs until the input ends (or the job is drained); resolves once the sink is flushed and closed. */
  run(): Promise<void>;
  /** Graceful stop: sources stop reading, what was read is processed and written. */
  drain(): void;
  /** Closes the connectors without running (e.g. after a planning error elsewhere). */
  close(): Promise<void>;
}

/**
 * Opens a job: its sources (inferring schemas where none is declared), plans it, opens its
 * sink with the output schema and compiles the RxJS graph. Anything opened is closed again
 * when a later step fails.
 */
export async function openJob(job: JobSpec, options: JobOptions): Promise<RunnableJob> {
  const abort = new AbortController();
  const metrics = newJobMetrics();
  const router = new FailureRouter(job.name, metrics, options.log, options.failures);
  const route = jobRoute(job.jobKeys, options.baseDir);
  const opened: Source[] = [];
  let sink: Sink | undefined;
  const context = (onBadRecord: ConnectorContext['onBadRecord'], keyColumns: readonly number[] = []): ConnectorContext => ({
    baseDir: options.baseDir,
    onBadRecord,
    log: (level, message, fields) => options.log(level, message, { job: job.name, ...fields }),
    signal: abort.signal,
    jobName: job.name,
    recordKey: (row) => recordKey(row, keyColumns),
  });
  try {
    const sources = new Map<string, Source>();
    const schemas = new Map<string, Schema>();
    for (const [id, spec] of job.sources) {
      const prepared = prepareConnector(spec, options.baseDir, route);
      const factory = (options.sourceFactory ?? sourceFactory)(spec.type);
      validateProperties(factory, prepared.properties, spec.name);
      const source = await withLocation(factory.open(prepared.properties, spec.declared, context(router.forSource(prepared.route))), spec.name);
      opened.push(source);
      sources.set(id, source);
      schemas.set(id, source.schema);
    }
    const partitions = new Map([...sources].flatMap(([id, s]) => (s.partitions === undefined ? [] : [[id, s.partitions] as const])));
    const plan = planJob(job, schemas, partitions);
    const sinkPrepared = prepareConnector(job.sink, options.baseDir, route, 'sink');
    if (options.sink) {
      sink = options.sink(plan.output);
    } else {
      const factory = sinkFactory(job.sink.type);
      validateProperties(factory, sinkPrepared.properties, job.sink.name);
      sink = await withLocation(factory.open(sinkPrepared.properties, plan.output, context(router.forSource(route), plan.keyColumns)), job.sink.name);
    }
    const table =
      job.statement.type === 'create_as_select' && job.statement.kind === 'TABLE' ? new MaterializedTable(job.name, plan.output, plan.keyColumns) : undefined;
    const openedSink = table ? table.materializing(sink) : sink;
    const gate = new FlowGate(Number(job.jobKeys.get('max_in_flight') ?? 4));
    const observables = new Map<string, Observable<Message>>();
    const sourceBatching = batching(job.jobKeys, (level, message, fields) => options.log(level, message, { job: job.name, side: 'sources', ...fields }));
    for (const [id, source] of sources) {
      const batched = sourceBatching ? sourceObservable(source, gate, metrics).pipe(bufferStrategy(sourceBatching)) : sourceObservable(source, gate, metrics);
      observables.set(id, batched.pipe(share()));
    }
    const sinkBatching = batching(sinkPrepared.batchKeys, (level, message, fields) => options.log(level, message, { job: job.name, side: job.sink.name, ...fields }));
    const compiled = compileGraph(plan.physical, {
      sources: observables,
      onRowError: router.forRows(route),
      onLateRow: router.forLateRows(plan.time.lateStrategy, route),
    });
    const graph = sinkBatching ? compiled.pipe(bufferStrategy(sinkBatching)) : compiled;
    const committer = offsetCommitter(job.jobKeys, opened, passesRowsThrough(plan.physical) && !sourceBatching && !sinkBatching);
    const closeSources = async (): Promise<void> => {
      await Promise.all(opened.map((s) => s.close()));
      await router.close();
    };
    return {
      name: job.name,
      plan,
      metrics,
      bounded: opened.every((s) => s.bounded),
      table,
      target: options.sink ? 'the caller' : describeTarget(job.sink.type, sinkPrepared.properties, options.baseDir),
      async run() {
        try {
          await writeToSink(graph, openedSink, gate, metrics, committer).done;
          await committer.commit(committer.mark());
        } finally {
          metrics.finishedAt = Date.now();
          await closeSources();
        }
      },
      drain: () => abort.abort(),
      async close() {
        abort.abort();
        await openedSink.close();
        await closeSources();
      },
    };
  } catch (error) {
    abort.abort();
    await Promise.allSettled([...opened.map((s) => s.close()), ...(sink ? [sink.close()] : []), router.close()]);
    throw error;
  }
}

/**
 * The at-least-once committer of a job (`'mode' = 'simple'`, the only mode so far): commits every
 * `commit.interval` while running when rows pass straight through, and always once the sink
 * has flushed at the end.
 */
function offsetCommitter(jobKeys: ReadonlyMap<string, string>, sources: readonly Source[], whileRunning: boolean): OffsetCommitter {
  const interval = jobKeys.get('commit.interval');
  return new OffsetCommitter(sources, interval === undefined ? 1000 : durationKey('commit.interval', interval), whileRunning);
}

/** The batch strategy of the `batch.*` keys given, or undefined when none is given (batches pass as read). */
function batching(keys: ReadonlyMap<string, string>, log: Logger): BatchConfig | undefined {
  const batchKeys = new Map([...keys].filter(([key]) => key.startsWith('batch.')));
  return batchKeys.size === 0 ? undefined : resolveBatchConfig(batchKeys, log);
}

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
