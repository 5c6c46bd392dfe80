import type { Observable } from 'rxjs';
import { share } from '../../operators/rxjs.js';
import type { Sink, Source, SourceFactory } from '../connectors/types.js';
import type { JobSpec } from '../plan/app/analyzeApp.js';
import { planJob, type JobPlan } from '../plan/planJob.js';
import { FerrisError } from '../types/errors.js';
import type { Message } from '../types/message.js';
import type { Schema } from '../types/schema.js';
import { bufferStrategy } from '../../operators/bufferStrategy.js';
import { compileGraph } from './compileGraph.js';
import { jobRoute } from './connectorProperties.js';
import { FailureRouter, type FailureListener } from './failureRouter.js';
import { durationKey } from '../plan/timeConfig.js';
import { FlowGate } from './flowGate.js';
import { batching } from './jobBatching.js';
import { newJobMetrics, type JobMetrics } from './jobMetrics.js';
import { MaterializedTable } from './materializedTable.js';
import { OffsetCommitter, passesRowsThrough } from './offsetCommitter.js';
import { recordKey } from './recordKey.js';
import type { Logger } from './logger.js';
import { openSink, openSources, type ConnectorOpening } from './openConnectors.js';
import { pushDownColumns } from './projectionPushdown.js';
import { JobOperatorState, type Unemitted } from './operatorState.js';
import { BarrierInjector } from './barrierInjector.js';
import { MemorySnapshotStore } from '../../operators/internal/snapshots.js';
import { writeToSink } from './sinkWriter.js';
import { sourceObservable } from './sourceObservable.js';

/** How jobs are opened. */
export interface JobOptions {
  /** Relative paths in the job's connectors resolve against this directory (the SQL file's). */
  readonly baseDir: string;
  readonly log: Logger;
  /** Finds the factory of a source type (default: the connector registry). */
  readonly sourceFactory?: (type: string) => SourceFactory;
  /** Replaces the job's configured sink (the library API collects rows itself); given the output schema and record-key columns. */
  readonly sink?: (output: Schema, keyColumns: readonly number[]) => Sink;
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
  /** Runs until the input ends (or the job is stopped); resolves once the sink is flushed and closed. */
  run(): Promise<void>;
  /**
   * Graceful stop: sources stop reading, what was read is processed and written. With `drain`
   * (default: the job's `'shutdown'` key, else false) open windows are then emitted as final,
   * as Flink's stop with drain does; without it they stay unemitted and {@link unemitted}
   * counts them. Ignored once the job has ended.
   */
  stop(drain?: boolean): void;
  /** Whether the job was stopped before its input ended by itself. */
  readonly interrupted: boolean;
  /** What the job's operators did not emit because a stop without drain kept it. */
  unemitted(): Unemitted;
  /**
   * Takes a checkpoint: every source emits the next barrier before its next batch, the
   * stateful operators hand their snapshots to {@link snapshots}, and the sink stage
   * completes the epoch (flush, or a transactional sink's commit). Resolves with the epoch
   * once the sink stage completed it.
   */
  checkpoint(): Promise<number>;
  /** Where the job's operators put their snapshots (in memory until checkpoints are stored). */
  readonly snapshots: MemorySnapshotStore;
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
  const opening: ConnectorOpening = {
    baseDir: options.baseDir,
    router,
    route: jobRoute(job.jobKeys, options.baseDir),
    context: (onBadRecord, keyColumns = []) => ({
      baseDir: options.baseDir,
      onBadRecord,
      log: (level, message, fields) => options.log(level, message, { job: job.name, ...fields }),
      signal: abort.signal,
      jobName: job.name,
      recordKey: (row) => recordKey(row, keyColumns),
    }),
  };
  const route = opening.route;
  const opened: Source[] = [];
  let sink: Sink | undefined;
  try {
    const sources = await openSources(job, opening, options.sourceFactory, opened);
    const schemas = new Map([...sources].map(([id, s]) => [id, s.schema] as const));
    const partitions = new Map([...sources].flatMap(([id, s]) => (s.partitions === undefined ? [] : [[id, s.partitions] as const])));
    const unbounded = new Set([...sources].flatMap(([id, s]) => (s.bounded ? [] : [id])));
    const plan = planJob(job, schemas, partitions, unbounded);
    pushDownColumns(plan, sources, route);
    const { sink: openedOne, prepared: sinkPrepared, target } = await openSink(job, plan, opening, options.sink);
    sink = openedOne;
    const table =
      job.statement.type === 'create_as_select' && job.statement.kind === 'TABLE' ? new MaterializedTable(job.name, plan.output, plan.keyColumns) : undefined;
    const openedSink = table ? table.materializing(sink) : sink;
    const barriers = new BarrierInjector();
    const epochWaiters = new Map<number, { resolve: (epoch: number) => void; reject: (error: Error) => void }>();
    const gate = new FlowGate(Number(job.jobKeys.get('max_in_flight') ?? 4));
    const observables = new Map<string, Observable<Message>>();
    const sourceBatching = batching(job.jobKeys, (level, message, fields) => options.log(level, message, { job: job.name, side: 'sources', ...fields }));
    for (const [id, source] of sources) {
      const read = sourceObservable(source, gate, metrics, abort.signal, barriers);
      const batched = sourceBatching ? read.pipe(bufferStrategy(sourceBatching)) : read;
      observables.set(id, batched.pipe(share()));
    }
    const sinkBatching = batching(sinkPrepared.batchKeys, (level, message, fields) => options.log(level, message, { job: job.name, side: job.sink.name, ...fields }));
    const snapshots = new MemorySnapshotStore();
    const operatorState = new JobOperatorState(snapshots);
    const compiled = compileGraph(plan.physical, {
      sources: observables,
      onRowError: router.forRows(route),
      onLateRow: router.forLateRows(plan.time.lateStrategy, route),
      stateOf: (id) => operatorState.contextOf(id),
    });
    const graph = sinkBatching ? compiled.pipe(bufferStrategy(sinkBatching)) : compiled;
    const committer = offsetCommitter(job.jobKeys, opened, passesRowsThrough(plan.physical) && !sourceBatching && !sinkBatching);
    const drainsOnStop = (job.jobKeys.get('shutdown') ?? 'keep') === 'drain';
    let ended = false;
    let interrupted = false;
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
      target,
      async run() {
        try {
          await writeToSink(graph, openedSink, gate, metrics, job.sink.name, (epoch) => {
            epochWaiters.get(epoch)?.resolve(epoch);
            epochWaiters.delete(epoch);
          }, committer).done;
          // A stop without drain keeps rows in open windows unemitted; committing past them would
          // lose them on a restart, so the sources resume from the last commit instead.
          const kept = interrupted ? operatorState.unemitted() : undefined;
          if (kept !== undefined && kept.rows > 0) {
            options.log('warn', 'source positions not committed: rows read are held in open windows that were not emitted; a restart reads them again', {
              job: job.name,
              rows: kept.rows,
            });
          } else {
            await committer.commit(committer.mark());
          }
        } finally {
          ended = true;
          for (const [epoch, waiter] of epochWaiters) waiter.reject(new FerrisError('IO', `job ${job.name} ended before checkpoint ${epoch} completed`));
          epochWaiters.clear();
          metrics.finishedAt = Date.now();
          await closeSources();
        }
      },
      stop(drain = drainsOnStop) {
        if (ended || abort.signal.aborted) return;
        interrupted = true;
        if (!drain) operatorState.keepOpenState();
        abort.abort();
      },
      get interrupted() {
        return interrupted;
      },
      unemitted: () => operatorState.unemitted(),
      snapshots,
      checkpoint() {
        const epoch = barriers.trigger();
        if (ended) return Promise.reject(new FerrisError('INTERNAL', `job ${job.name} has ended: no checkpoint can be taken`));
        return new Promise<number>((resolve, reject) => epochWaiters.set(epoch, { resolve, reject }));
      },
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
