import type { Observable } from 'rxjs';
import { share } from '../../operators/rxjs.js';
import type { CheckpointingContext, IngestEndpoints, Sink, Source, SourceFactory } from '../connectors/types.js';
import type { JobSpec } from '../plan/app/analyzeApp.js';
import { planJob, type JobPlan } from '../plan/planJob.js';
import { FerrisError } from '../types/errors.js';
import type { Message } from '../types/message.js';
import type { Schema } from '../types/schema.js';
import type { Row } from '../types/value.js';
import { bufferStrategy } from '../../operators/bufferStrategy.js';
import { compileGraph } from './compileGraph.js';
import { jobRoute } from './connectorProperties.js';
import { FailureRouter, type FailureListener } from './failureRouter.js';
import { durationKey } from '../plan/timeConfig.js';
import { FlowGate } from './flowGate.js';
import { batching } from './jobBatching.js';
import { batchStats, newJobMetrics, type JobMetrics } from './jobMetrics.js';
import { MaterializedTable } from './materializedTable.js';
import { OffsetCommitter, passesRowsThrough } from './offsetCommitter.js';
import { recordKey } from './recordKey.js';
import type { Logger } from './logger.js';
import { openSink, openSources, prepareSink, type ConnectorOpening } from './openConnectors.js';
import { pushDownColumns } from './projectionPushdown.js';
import { JobOperatorState, type HeldState, type Unemitted } from './operatorState.js';
import { BarrierInjector } from './barrierInjector.js';
import { MemorySnapshotStore } from '../../operators/internal/snapshots.js';
import { checkpointErrors, checkpointSettings, fileCheckpoints } from './checkpoint/jobCheckpointing.js';
import { JobCheckpoints } from './checkpoint/jobCheckpoints.js';
import { writeToSink } from './sinkWriter.js';
import { observedSink } from './observedSink.js';
import { sourceObservable } from './sourceObservable.js';
import { JobOutput, type OutputReader } from './chain/jobOutput.js';
import { inProcessObservable } from './chain/inProcessObservable.js';
import { outputKind, withUpstreamOutputs } from '../plan/app/inProcessSources.js';

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
  /** Where `http_source` streams receive their posts (the job server's ingest routes). */
  readonly ingest?: IngestEndpoints;
  /**
   * Where metrics are served: given each job and its plan when the job opens, the observer of
   * its output batches (user metrics of `@metric` annotations, event-time latency), or
   * undefined when nothing is measured. Without it a job with `@metric` annotations runs,
   * warning that they are not served.
   */
  readonly observeOutput?: OutputObservers;
  /** The task of a scaled-out job this pipeline is (one per partition it reads); undefined for a job run as one pipeline. */
  readonly task?: JobTask;
  /** The job shares its Kafka source's group with other jobs of the application: it reads under `<group.id>-<job>` instead (`jobsSharingKafkaGroups`). */
  readonly ownKafkaGroup?: boolean;
}

/** What a pipeline that is one task of a scaled-out job shares with the job and its other tasks. */
export interface JobTask {
  /** The task's name (`ticks-3`), part of its transactional id and checkpoint. */
  readonly id: string;
  /** The application (the group of the job's Kafka source): the same for every task, whichever group the task reads under. */
  readonly app: string;
  /** The job's metrics, counted by all its tasks together. */
  readonly metrics: JobMetrics;
}

/** How a job is linked to the other jobs of its application that it reads or that read it in process. */
export interface JobLinks {
  /** The output of each job this job reads in process, by the job's folded name. */
  readonly upstreams: ReadonlyMap<string, JobOutput>;
  /** Whether other jobs read this job's output (it then has an {@link RunnableJob.output}). */
  readonly read: boolean;
  /** The barrier injector shared by the jobs linked so, whose barriers flow from one into the next. */
  readonly barriers: BarrierInjector;
}

/** Makes the observer of a job's output batches when the job opens (undefined: nothing to observe). */
export type OutputObservers = (job: JobSpec, plan: JobPlan) => OutputObserver | undefined;

/** Sees every batch of a job's output rows before the sink writes it. */
export type OutputObserver = (rows: readonly Row[]) => void;

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
  /** The output other jobs of the application read in process, when they do. */
  readonly output: JobOutput | undefined;
  /** Runs until the input ends (or the job is stopped); resolves once the sink is flushed and closed. */
  run(): Promise<void>;
  /**
   * Graceful stop: sources stop reading, what was read is processed and written. With `drain`
   * (default: the job's `'shutdown'` key, else false) open windows are then emitted as final,
   * as Flink's stop with drain does; without it they stay unemitted and {@link unemitted}
   * counts them. Ignored once the job has ended.
   */
  stop(drain?: boolean): void;
  /** Real pause: the sources read nothing more (what is in flight is still written) until {@link resume}. */
  pause(): void;
  /** Lets the sources read again after {@link pause}. */
  resume(): void;
  /** Whether the job was stopped before its input ended by itself. */
  readonly interrupted: boolean;
  /** What the job's operators did not emit because a stop without drain kept it. */
  unemitted(): Unemitted;
  /** What the job's stateful operators hold now: open windows and the rows they would give, summed and per operator. */
  held(): HeldState;
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
 * when a later step fails. With `links`, the sources that read another job's output in
 * process read it from that job's {@link JobOutput} (which must be open already), and the
 * job's own output is offered to its readers.
 */
export async function openJob(spec: JobSpec, options: JobOptions, links?: JobLinks): Promise<RunnableJob> {
  const upstreamOf = (name: string): JobOutput => {
    const output = links?.upstreams.get(name.toLowerCase());
    if (output === undefined) throw new FerrisError('INTERNAL', `job ${spec.name} reads the output of job ${name}, which is not open`);
    return output;
  };
  const job = withUpstreamOutputs(spec, [...(links?.upstreams.values() ?? [])].map((o) => o.spec), (name) => upstreamOf(name).shape);
  const abort = new AbortController();
  const metrics = options.task?.metrics ?? newJobMetrics();
  const router = new FailureRouter(job.name, metrics, options.log, options.failures);
  // Checked before anything opens: a sink refused later would already have truncated its output.
  const [checkpointError] = checkpointErrors(job, options.baseDir);
  if (checkpointError !== undefined) throw checkpointError;
  const settings = checkpointSettings(job, options.baseDir);
  // File checkpoints are loaded first (the file sink opens on the resumed epoch); a Kafka sink loads its own once open.
  const fileLoaded = settings?.store === 'files' ? await fileCheckpoints(settings, job) : undefined;
  const task = options.task;
  let connectorCheckpointing: CheckpointingContext | undefined = settings && {
    store: settings.store,
    app: 'ferris',
    intervalMs: settings.intervalMs,
    resumedEpoch: fileLoaded?.resumed?.epoch ?? 0,
    ...(task && { task: task.id }),
  };
  const opening: ConnectorOpening = {
    baseDir: options.baseDir,
    router,
    route: jobRoute(job.jobKeys, options.baseDir, job),
    ...(options.ownKafkaGroup === true && { ownKafkaGroup: job.name }),
    context: (onBadRecord, keyColumns = [], policy) => ({
      baseDir: options.baseDir,
      onBadRecord,
      ...(policy === undefined ? {} : { badRecordPolicy: policy }),
      log: (level, message, fields) => options.log(level, message, { job: job.name, ...fields }),
      signal: abort.signal,
      jobName: job.name,
      recordKey: (row) => recordKey(row, keyColumns),
      ...(connectorCheckpointing && { checkpointing: connectorCheckpointing }),
      ...(options.ingest === undefined ? {} : { ingest: options.ingest }),
      metrics,
    }),
  };
  const route = opening.route;
  const opened: Source[] = [];
  const readers: OutputReader[] = [];
  let sink: Sink | undefined;
  try {
    if (options.sink === undefined) prepareSink(job, opening.baseDir, opening.route);
    const sources = await openSources(job, opening, options.sourceFactory, opened);
    const inProcess = [...job.sources].flatMap(([id, s]) => (s.upstream === undefined ? [] : [{ id, spec: s, output: upstreamOf(s.upstream) }]));
    const schemas = new Map([...[...sources].map(([id, s]) => [id, s.schema] as const), ...inProcess.map((i) => [i.id, i.output.shape.schema] as const)]);
    const partitions = new Map([...sources].flatMap(([id, s]) => (s.partitions === undefined ? [] : [[id, s.partitions] as const])));
    const unbounded = new Set([...[...sources].flatMap(([id, s]) => (s.bounded ? [] : [id])), ...inProcess.flatMap((i) => (i.output.bounded ? [] : [i.id]))]);
    const bounded = unbounded.size === 0;
    const plan = planJob(job, schemas, partitions, unbounded);
    if (connectorCheckpointing) connectorCheckpointing = { ...connectorCheckpointing, app: task?.app ?? [...sources.values()].find((s) => s.group !== undefined)?.group ?? 'ferris' };
    pushDownColumns(plan, sources, route);
    const { sink: openedOne, prepared: sinkPrepared, target } = await openSink(job, plan, opening, options.sink);
    sink = openedOne;
    const snapshots = new MemorySnapshotStore();
    const checkpoints = settings && (await JobCheckpoints.start(settings, fileLoaded, { job, sources, plan: plan.physical, sink, metrics, snapshots, log: options.log }));
    // Jobs that read each other share one injector; a checkpointing job's coordinator owns its own.
    const barriers = checkpoints?.barriers ?? links?.barriers ?? new BarrierInjector();
    const observed = observedSink(sink, job, plan, options.log, options.observeOutput);
    const table =
      job.statement.type === 'create_as_select' && job.statement.kind === 'TABLE' ? new MaterializedTable(job.name, plan.output, plan.keyColumns) : undefined;
    const openedSink = table ? table.materializing(observed) : observed;
    const epochWaiters = new Map<number, { resolve: (epoch: number) => void; reject: (error: Error) => void }>();
    const gate = new FlowGate(Number(job.jobKeys.get('max_in_flight') ?? 4));
    const observables = new Map<string, Observable<Message>>();
    const sourceBatching = batching(job.jobKeys, (level, message, fields) => options.log(level, message, { job: job.name, side: 'sources', ...fields }));
    const sourceStats = sourceBatching && batchStats(metrics, 'source', sourceBatching.strategy.kind);
    for (const [id, source] of sources) {
      const read = sourceObservable(source, gate, metrics, abort.signal, barriers, checkpoints?.onBarrier(id));
      const batched = sourceBatching ? read.pipe(bufferStrategy(sourceBatching, undefined, sourceStats)) : read;
      observables.set(id, batched.pipe(share()));
    }
    for (const input of inProcess) {
      const reader = input.output.reader();
      readers.push(reader);
      observables.set(input.id, inProcessObservable(reader, input.output.spec.name, input.output.shape, gate, metrics).pipe(share()));
    }
    const output = links?.read
      ? new JobOutput(job, { schema: plan.output, keyColumns: plan.keyColumns, kind: outputKind(job) }, bounded, gate.capacity)
      : undefined;
    const sinkBatching = batching(sinkPrepared.batchKeys, (level, message, fields) => options.log(level, message, { job: job.name, side: job.sink.name, ...fields }));
    const operatorState = new JobOperatorState(snapshots, checkpoints?.restored);
    const compiled = compileGraph(plan.physical, {
      sources: observables,
      onRowError: router.forRows(route),
      onLateRow: router.forLateRows(plan.time.lateStrategy, route),
      stateOf: (id) => operatorState.contextOf(id),
    });
    const graph = sinkBatching ? compiled.pipe(bufferStrategy(sinkBatching, undefined, batchStats(metrics, 'sink', sinkBatching.strategy.kind))) : compiled;
    // A checkpointing job commits source offsets with its checkpoints only (in the sink's transaction).
    const committer = offsetCommitter(job.jobKeys, checkpoints ? [] : opened, passesRowsThrough(plan.physical) && !sourceBatching && !sinkBatching, () => router.flush());
    const epochCheckpoints = checkpoints?.sinkSteps(operatorState);
    const drainsOnStop = (job.jobKeys.get('shutdown') ?? 'keep') === 'drain';
    let ended = false;
    let interrupted = false;
    const closeSources = async (): Promise<void> => {
      for (const reader of readers) reader.close();
      await Promise.all(opened.map((s) => s.close()));
      await router.close();
    };
    return {
      name: job.name,
      plan,
      metrics,
      bounded,
      table,
      output,
      target,
      async run() {
        try {
          const stopCheckpoints = checkpoints?.run();
          const onEpochComplete = (epoch: number): void => {
            epochWaiters.get(epoch)?.resolve(epoch);
            epochWaiters.delete(epoch);
          };
          try {
            await writeToSink(graph, openedSink, gate, metrics, {
              sinkName: job.sink.name,
              onEpochComplete,
              committer,
              ...(epochCheckpoints && { checkpoints: epochCheckpoints }),
              ...(output && { output }),
            }).done;
          } finally {
            stopCheckpoints?.();
          }
          output?.end();
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
        } catch (error) {
          output?.fail(error);
          throw error;
        } finally {
          ended = true;
          for (const [epoch, waiter] of epochWaiters) waiter.reject(new FerrisError('IO', `job ${job.name} ended before checkpoint ${epoch} completed`));
          epochWaiters.clear();
          // A task ending (its partition moved away) does not end the job whose metrics it shares.
          if (task === undefined) metrics.finishedAt = Date.now();
          await closeSources();
        }
      },
      stop(drain = drainsOnStop) {
        if (ended || abort.signal.aborted) return;
        interrupted = true;
        if (!drain) operatorState.keepOpenState();
        // A last checkpoint at the stop: the sources emit its barrier before they end, so a restart resumes right here.
        if (checkpoints !== undefined) barriers.trigger();
        abort.abort();
        // A paused source waits for a credit: woken now, it sees the stop and ends.
        gate.resume();
      },
      pause: () => gate.pause(),
      resume: () => gate.resume(),
      get interrupted() {
        return interrupted;
      },
      unemitted: () => operatorState.unemitted(),
      held: () => operatorState.held(),
      snapshots,
      checkpoint() {
        const epoch = barriers.trigger();
        if (ended) return Promise.reject(new FerrisError('INTERNAL', `job ${job.name} has ended: no checkpoint can be taken`));
        return new Promise<number>((resolve, reject) => epochWaiters.set(epoch, { resolve, reject }));
      },
      async close() {
        abort.abort();
        output?.fail(new FerrisError('IO', `job ${job.name} was closed without running`));
        await openedSink.close();
        await closeSources();
      },
    };
  } catch (error) {
    abort.abort();
    for (const reader of readers) reader.close();
    await Promise.allSettled([...opened.map((s) => s.close()), ...(sink ? [sink.close()] : []), router.close()]);
    throw error;
  }
}

/**
 * The at-least-once committer of a job (`'mode' = 'simple'`, the only mode so far): commits every
 * `commit.interval` while running when rows pass straight through, and always once the sink
 * has flushed at the end; each time after the dead letters sent so far are durable.
 */
function offsetCommitter(jobKeys: ReadonlyMap<string, string>, sources: readonly Source[], whileRunning: boolean, beforeCommit: () => Promise<void>): OffsetCommitter {
  const interval = jobKeys.get('commit.interval');
  return new OffsetCommitter(sources, interval === undefined ? 1000 : durationKey('commit.interval', interval), whileRunning, beforeCommit);
}
